"""The patient database: opened safely, migrated with a backup first, every change audited.

Opening order matters for safety: the file is first inspected read-only (is it SQLite at
all? which schema version?), so that a damaged file or one written by a newer lmdesk is
refused without a single byte changed. Only then is it opened for writing and migrated,
each migration in its own transaction after a backup copy.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.store import audit
from lmdesk.store.audit_verify import TrailReport, lineage_problem
from lmdesk.store.backup import (
    backup_file,
    backup_name,
    backup_to,
    list_backups,
    newest_good_backup,
    prune,
    unused_name,
)
from lmdesk.store.db_marker import Marker, marker_path, read_marker, write_marker
from lmdesk.store.dbapi import SQLITE
from lmdesk.store.errors import (
    ChangesLostError,
    DamagedDatabaseError,
    DatabaseVanishedError,
    MissingDatabaseError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
)
from lmdesk.store.faults import classify
from lmdesk.store.migrations import LATEST_VERSION, MIGRATIONS
from lmdesk.store.patient_store import IntegrityReport, PatientStore
from lmdesk.store.setup_lock import setup_lock
from lmdesk.store.sqlite_conn import connect_readwrite, read_user_version

if TYPE_CHECKING:  # imported on first use: sqlite-utils pulls numpy (~0.1 s of start-up)
    import sqlite_utils


SQLITE_HEADER = b"SQLite format 3\x00"
#: How often (seconds) a long session re-runs ``PRAGMA integrity_check`` before a write.
INTEGRITY_EVERY_S = 10 * 60
DB_ID_KEY = "db_id"
#: SQLite's own errors that are the caller's business (a constraint, API misuse), not faults.
_NOT_FAULTS = (
    sqlite3.IntegrityError,
    sqlite3.ProgrammingError,
    sqlite3.InterfaceError,
    sqlite3.NotSupportedError,
)

log = logging.getLogger("lmdesk.store")


def inspect_file(path: Path, backups_dir: Path | None) -> int:
    """Return the schema version of an existing file, or raise without touching it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        if isinstance(exc, PermissionError):
            raise ReadOnlyDatabaseError(path) from exc
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
        raise (
            classify(exc, path, _good_backup(backups_dir))
            or DamagedDatabaseError(path, str(exc), _good_backup(backups_dir))
        ) from exc
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


class PatientDB(PatientStore):
    """The patient database of one workstation: a SQLite file (the embedded default)."""

    dialect = SQLITE

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        clock: Clock,
        user: str,
        backups_dir: Path,
        key_file: Path | None = None,
    ) -> None:
        super().__init__(conn, clock, user)
        self.path = path
        self.conn: sqlite3.Connection = conn
        self.backups_dir = backups_dir
        self.key_file = key_file
        self.db_id = audit.meta_value(conn, DB_ID_KEY) or ""
        self._identity = _identity(path)
        self._wal_identity: tuple[int, int] | None = None
        self._integrity_at: float | None = None
        self._damage: str | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        clock: Clock,
        user: str,
        backups_dir: Path,
        key_file: Path | None = None,
        check_integrity: bool = False,
    ) -> PatientDB:
        """Open (creating and migrating as needed) the patient DB at ``path``.

        A missing or empty file where a database was known (the marker beside it, or
        backups of it) is refused, never replaced by a fresh one. Creation and migration
        run under an exclusive lock file, so processes started together take turns.
        ``check_integrity`` runs ``PRAGMA quick_check`` now (the CLI does; 0.8 s on a 540 MB
        DB) and refuses a file that fails it; the full ``integrity_check`` runs before the
        first write (the GUI runs it on a worker after the first paint).
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if _ready(path, backups_dir):  # the usual start: nothing to create or migrate
                conn = cls._open_locked(path, clock, backups_dir)
            else:
                with setup_lock(path):
                    conn = cls._open_locked(path, clock, backups_dir)
        except (sqlite3.Error, OSError) as exc:
            if isinstance(exc, _NOT_FAULTS):
                raise
            raise classify(exc, path, _good_backup(backups_dir)) or exc from exc
        pdb = cls(path, conn, clock, user, backups_dir, key_file)
        if check_integrity:
            found = quick_check(conn)
            pdb._damage = None if found == "ok" else found
            if pdb.damage is not None:
                conn.close()
                raise DamagedDatabaseError(path, pdb.damage, _good_backup(backups_dir))
        return pdb

    @classmethod
    def _open_locked(cls, path: Path, clock: Clock, backups_dir: Path) -> sqlite3.Connection:
        marker = read_marker(path)
        if not path.exists() or path.stat().st_size == 0:
            _refuse_if_known(path, marker, backups_dir)
        existed = path.exists() and path.stat().st_size > 0
        version = inspect_file(path, backups_dir) if path.exists() else 0
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise ReadOnlyDatabaseError(path)
        if existed and version < LATEST_VERSION:
            moment = clock.now()
            name = backup_name(path.stem, moment, f"pre-v{version + 1}")
            backup_file(path, unused_name(backups_dir / name))
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
        conn = connect_readwrite(path)
        try:
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if os.name == "posix" and side.exists():
                    os.chmod(side, 0o600)
            _migrate(conn, version)
            db_id = _ensure_db_id(conn)
            _check_marker(path, conn, db_id, marker, backups_dir)
            _write_marker(path, conn, db_id)
        except BaseException:
            conn.close()
            raise
        return conn

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
        self.before_write()
        self._audited = False
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._fault(exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, (sqlite3.Error, OSError)) and not isinstance(exc, _NOT_FAULTS):
                raise self._fault(exc) from exc
            raise
        self._after_commit()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # SQLite rolled back itself (e.g. after SQLITE_FULL)
                log.warning("rollback failed on %s", self.path, exc_info=True)

    def _fault(self, exc: BaseException) -> BaseException:
        return classify(exc, self.path, _good_backup(self.backups_dir)) or exc

    def before_write(self) -> None:
        """Refuse a write before it starts when the file vanished or fails its check.

        The file must still be the one opened (same device and inode, not empty, its
        ``-wal`` not deleted), and ``PRAGMA integrity_check`` must have passed in this session
        (re-run every ``INTEGRITY_EVERY_S``; the GUI also runs it on a worker).
        """
        problem = self.vanished()
        if problem:
            raise DatabaseVanishedError(self.path, problem)
        now = time.monotonic()
        if self._integrity_at is None or now - self._integrity_at > INTEGRITY_EVERY_S:
            self.record_integrity(integrity_result(self.conn))
        if self._damage is not None:
            raise DamagedDatabaseError(self.path, self._damage, _good_backup(self.backups_dir))

    def vanished(self) -> str | None:
        """What happened to the file since it was opened, or None when it is still there."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return _("was deleted")
        except OSError as exc:
            return _("cannot be reached ({detail})").format(detail=exc)
        if (st.st_dev, st.st_ino) != self._identity:
            return _("was replaced by another file")
        if st.st_size == 0:
            return _("was emptied (0 bytes)")
        if self._wal_identity is not None and _identity_or_none(self._wal) != self._wal_identity:
            return _("lost its -wal file (the latest saved changes)")
        return None

    @property
    def _wal(self) -> Path:
        return self.path.with_name(self.path.name + "-wal")

    def record_integrity(self, result: str) -> None:
        """Remember an integrity_check result (``"ok"`` or SQLite's finding)."""
        self._integrity_at = time.monotonic()
        self._damage = None if result == "ok" else result

    @property
    def damage(self) -> str | None:
        """The last integrity finding of this session (None: ok or not checked yet)."""
        return self._damage

    def _after_commit(self) -> None:
        self._wal_identity = _identity_or_none(self._wal)
        if not self._audited:
            return
        try:
            _write_marker(self.path, self.conn, self.db_id)
        except (OSError, sqlite3.Error):  # the commit is durable; the marker only lags behind
            log.warning("could not update %s", marker_path(self.path), exc_info=True)

    def load_audit_key(self) -> bytes:
        """This installation's signing key (read, or made, on the first audited change)."""
        from lmdesk.store.audit_key import default_key_file, load_or_create_key

        return load_or_create_key(self.key_file or default_key_file())

    @property
    def where(self) -> str:
        return str(self.path)

    def verify_trail(self) -> TrailReport:
        """The chain, its anchors outside the DB and the data rows against it."""
        from lmdesk.store.audit_verify import verify_trail

        return verify_trail(self.conn, self.path, self.backups_dir, self.db_id, self.audit_key)

    def check(self) -> IntegrityReport:
        """``PRAGMA integrity_check`` and row counts; a damaged file is reported, not raised."""
        try:
            integrity = "; ".join(r[0] for r in self.conn.execute("PRAGMA integrity_check"))
        except sqlite3.DatabaseError as exc:
            integrity = str(exc)
        counts: dict[str, int] = {}
        try:
            names = [
                r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for name in sorted(n for n in names if not n.startswith("sqlite_")):
                counts[name] = int(
                    self.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                )
        except sqlite3.DatabaseError as exc:
            integrity = integrity if integrity != "ok" else str(exc)
        self.record_integrity(integrity)
        return IntegrityReport(self.schema_version, integrity, counts)

    def backup(self, target: Path, check: Callable[[], None] | None = None) -> Path:
        if check is None:
            return backup_to(self.conn, target)
        step = check
        return backup_to(self.conn, target, lambda _done, _total: step())

    def rotating_backup(self, keep: int, reason: str = "auto") -> Path:
        """A dated backup in the backups folder, keeping the newest ``keep`` of its kind."""
        target = self.backups_dir / backup_name(self.path.stem, self.clock.now(), reason)
        made = self.backup(target)
        prune(self.backups_dir, keep, reason)
        return made


def quick_check(conn: sqlite3.Connection) -> str:
    """``PRAGMA quick_check`` as one line: the cheaper check at open (no index contents)."""
    try:
        return "; ".join(str(r[0]) for r in conn.execute("PRAGMA quick_check"))
    except sqlite3.DatabaseError as exc:
        return str(exc)


def integrity_result(conn: sqlite3.Connection) -> str:
    """``PRAGMA integrity_check`` as one line (``"ok"`` when the file is sound).

    Run before the first write of a session, not ``quick_check``: over 48 damaged files
    ``quick_check`` let index damage through that ``integrity_check`` (what ``db check``
    runs) then reported. It costs about 2.6 times as long (2.1 s on a 540 MB DB).
    """
    try:
        return "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
    except sqlite3.DatabaseError as exc:
        return str(exc)


def _ready(path: Path, backups_dir: Path) -> bool:
    """True when the DB exists at the latest schema (inspected read-only, nothing written)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    return inspect_file(path, backups_dir) == LATEST_VERSION


def _identity(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _identity_or_none(path: Path) -> tuple[int, int] | None:
    try:
        return _identity(path)
    except OSError:
        return None


def _refuse_if_known(path: Path, marker: Marker | None, backups_dir: Path) -> None:
    """A missing or empty DB is new only when nothing says one was here."""
    why: str | None = None
    if marker is not None:
        why = _("the marker {marker} records it").format(marker=marker_path(path))
    elif any(p.name.startswith(path.stem + "-") for p in list_backups(backups_dir)):
        why = _("backups of it are in {folder}").format(folder=backups_dir)
    if why is not None:
        raise MissingDatabaseError(path, why, _good_backup(backups_dir))


def _ensure_db_id(conn: sqlite3.Connection) -> str:
    """The DB's identity (random, made once), kept in ``db_meta`` and in the marker."""
    db_id = audit.meta_value(conn, DB_ID_KEY)
    if db_id:
        return db_id
    db_id = os.urandom(16).hex()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR IGNORE INTO db_meta (key, value) VALUES (?, ?)", (DB_ID_KEY, db_id))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return audit.meta_value(conn, DB_ID_KEY) or db_id


def _write_marker(path: Path, conn: sqlite3.Connection, db_id: str) -> None:
    head_id, head_hash = audit.head(conn)
    write_marker(
        path,
        Marker(
            db_id=db_id,
            head_id=head_id,
            head_hash=head_hash,
            hmac_from=audit.hmac_from(conn),
            key_id=audit.meta_value(conn, audit.KEY_ID_KEY),
        ),
    )


def _check_marker(
    path: Path, conn: sqlite3.Connection, db_id: str, marker: Marker | None, backups_dir: Path
) -> None:
    if marker is None:
        return
    if marker.db_id != db_id:
        log.warning("%s belongs to another database; replacing it", marker_path(path))
        return
    problem = lineage_problem(conn, marker.head_id, marker.head_hash)
    if problem:
        raise ChangesLostError(path, problem.message, _good_backup(backups_dir))


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
