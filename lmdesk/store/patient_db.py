"""The patient database: opened safely, migrated with a backup first, every change audited.

Opening order matters for safety: the file is first inspected read-only (is it SQLite at
all? which schema version?), so that a damaged file or one written by a newer lmdesk is
refused without a single byte changed. Only then is it opened for writing and migrated,
each migration in its own transaction after a backup copy.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.store import audit
from lmdesk.store.audit import AuditEntry, ChainReport
from lmdesk.store.backup import backup_file, backup_name, backup_to, newest_good_backup, prune
from lmdesk.store.errors import DamagedDatabaseError, SchemaTooNewError
from lmdesk.store.migrations import LATEST_VERSION, MIGRATIONS
from lmdesk.store.sqlite_conn import connect_readwrite, read_user_version

if TYPE_CHECKING:  # imported on first use: sqlite-utils pulls numpy (~0.1 s of start-up)
    import sqlite_utils

    from lmdesk.models.audit.event import AuditEvent

SQLITE_HEADER = b"SQLite format 3\x00"


def inspect_file(path: Path, backups_dir: Path | None) -> int:
    """Return the schema version of an existing file, or raise without touching it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DamagedDatabaseError(path, str(exc), _good_backup(backups_dir)) from exc
    if path.stat().st_size == 0:
        return 0
    if header != SQLITE_HEADER:
        raise DamagedDatabaseError(path, _("not an SQLite database"), _good_backup(backups_dir))
    problem = _size_problem(path)
    if problem:
        raise DamagedDatabaseError(path, problem, _good_backup(backups_dir))
    try:
        version = read_user_version(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(path, str(exc), _good_backup(backups_dir)) from exc
    if version > LATEST_VERSION:
        raise SchemaTooNewError(path, version, LATEST_VERSION)
    return version


def _size_problem(path: Path) -> str | None:
    """Detect a truncated file from its header in O(1) (no full scan at start-up).

    A process killed during a WAL checkpoint can leave the main file shorter than its new
    header says; the WAL still holds every committed page and SQLite completes the file
    from it. So the length check applies only when no WAL waits to be replayed, and only
    when the header's page count is valid (change counter == version-valid-for).
    """
    with path.open("rb") as handle:
        head = handle.read(100)
    if len(head) < 100:
        return _("file shorter than an SQLite header")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return _("invalid page size in header")
    size = path.stat().st_size
    pages_in_header = int.from_bytes(head[28:32], "big")
    if _wal_pending(path):
        return None
    if size % page_size:
        return _("file size is not a whole number of pages (truncated?)")
    header_count_valid = head[24:28] == head[92:96]
    if pages_in_header and header_count_valid and size < pages_in_header * page_size:
        return _("file is shorter than its header says (truncated)")
    return None


def _wal_pending(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _good_backup(backups_dir: Path | None) -> Path | None:
    return newest_good_backup(backups_dir) if backups_dir else None


@dataclass(frozen=True)
class IntegrityReport:
    schema_version: int
    integrity: str
    row_counts: dict[str, int]


class PatientDB:
    """Read-write access to patients, courses, AEs and the audit trail."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, clock: Clock, user: str, backups_dir: Path
    ) -> None:
        self.path = path
        self.conn = conn
        self.clock = clock
        self.user = user
        self.backups_dir = backups_dir

    @classmethod
    def open(cls, path: Path, *, clock: Clock, user: str, backups_dir: Path) -> PatientDB:
        """Open (creating and migrating as needed) the patient DB at ``path``."""
        existed = path.exists() and path.stat().st_size > 0
        version = inspect_file(path, backups_dir) if path.exists() else 0
        if existed and version < LATEST_VERSION:
            moment = clock.now()
            backup_file(path, backups_dir / backup_name(path.stem, moment, f"pre-v{version + 1}"))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
        conn = connect_readwrite(path)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if os.name == "posix" and side.exists():
                os.chmod(side, 0o600)
        try:
            _migrate(conn, version)
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, clock, user, backups_dir)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils view of the same connection, made on first use (not at start-up)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work. Outermost: BEGIN IMMEDIATE (take the write lock up front,
        so two instances never deadlock on a lock upgrade); nested: a savepoint."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def now_iso(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: str | int,
        before: Any,
        after: Any,
        *,
        event: AuditEvent | None = None,
        user: str | None = None,
    ) -> None:
        """Write one audit row inside the current transaction.

        ``event`` (code = ``action``) is what the row's text is worded from when read, in
        the reader's language; it is kept in ``after`` under ``"event"``. ``user`` names who
        acts when it is not the signed-in user the database was given (``self.user``).
        """
        if event is not None:
            from lmdesk.models.audit.event import EVENT_KEY

            if event.code != action:
                raise ValueError(f"event {event.code!r} does not match action {action!r}")
            after = {**(after if isinstance(after, dict) else {}), EVENT_KEY: event.as_json()}
        audit.append(
            self.conn,
            at=self.now_iso(),
            user=user or self.user,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
        )

    def history(self, entity: str, entity_id: str | int) -> list[AuditEntry]:
        return audit.history(self.conn, entity, str(entity_id))

    def verify_audit(self) -> ChainReport:
        return audit.verify_chain(self.conn)

    def check(self) -> IntegrityReport:
        integrity = "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))
        counts = {
            name: int(self.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in sorted(self.db.table_names())
            if not name.startswith("sqlite_")
        }
        return IntegrityReport(self.schema_version, integrity, counts)

    def backup(self, target: Path) -> Path:
        return backup_to(self.conn, target)

    def rotating_backup(self, keep: int, reason: str = "auto") -> Path:
        """A dated backup in the backups folder, keeping the newest ``keep`` of its kind."""
        target = self.backups_dir / backup_name(self.path.stem, self.clock.now(), reason)
        made = self.backup(target)
        prune(self.backups_dir, keep, reason)
        return made


def _migrate(conn: sqlite3.Connection, from_version: int) -> None:
    for version, upgrade in MIGRATIONS:
        if version <= from_version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            upgrade(conn)
            conn.execute(f"PRAGMA user_version = {int(version)}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
