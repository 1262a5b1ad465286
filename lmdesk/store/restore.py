"""Replace the patient DB with a backup: check the backup first, keep the current DB.

Nothing is half-done: the backup is copied to a temp file beside the DB (a full disk fails
here, with everything as it was), and only then is a damaged DB moved aside whole and the
copy renamed into place; a good DB gets a safety copy first and is then replaced through
SQLite's backup API (one transaction). The restored DB starts a new lineage (an audit row
says what was restored; the marker is re-anchored), see ``store.lineage``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.models.errors import BadInputError
from lmdesk.store.backup import backup_file, backup_name, is_good_database
from lmdesk.store.faults import classify
from lmdesk.store.lineage import start_new_lineage
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.setup_lock import setup_lock
from lmdesk.store.sqlite_conn import connect_readonly, connect_readwrite, read_user_version


def restore_database(
    db_path: Path,
    source: Path,
    backups_dir: Path,
    clock: Clock,
    *,
    user: str = "unknown",
    key: bytes | None = None,
) -> Path | None:
    """Copy ``source`` over ``db_path``; return the safety copy of the replaced DB (if any)."""
    if not source.is_file():
        raise BadInputError(_("backup file not found: {path}").format(path=source))
    if not is_good_database(source):
        raise BadInputError(
            _("{path} is not a good lmdesk database (integrity check failed)").format(path=source)
        )
    version = read_user_version(source)
    if version > LATEST_VERSION:
        raise BadInputError(
            _("{path} was written by a newer lmdesk (schema {found} > {known})").format(
                path=source, found=version, known=LATEST_VERSION
            )
        )
    if key is None:
        from lmdesk.store.audit_key import default_key_file, load_or_create_key

        key = load_or_create_key(default_key_file())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with setup_lock(db_path):
        safety_copy = _replace(db_path, source, backups_dir, clock)
        start_new_lineage(
            db_path,
            "db.restore",
            {"from": str(source), "safety_copy": str(safety_copy) if safety_copy else None},
            clock,
            user,
            key,
        )
    return safety_copy


def _replace(db_path: Path, source: Path, backups_dir: Path, clock: Clock) -> Path | None:
    exists = db_path.exists() and db_path.stat().st_size > 0
    if exists and is_good_database(db_path):
        safety_copy = backup_file(
            db_path, backups_dir / backup_name(db_path.stem, clock.now(), "pre-restore")
        )
        _copy_into(source, db_path)  # one transaction: all of it or nothing
        return safety_copy
    staged = db_path.with_name(f"{db_path.name}.restoring-{os.getpid()}-{os.urandom(4).hex()}")
    try:
        os.close(os.open(staged, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        _copy_into(source, staged, journal="DELETE")
    except BaseException:
        for leftover in (staged, *(staged.with_name(staged.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    moved: Path | None = None
    if db_path.exists():
        # A damaged (or empty) DB is never overwritten: it is moved aside, whole.
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        moved = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                side.replace(moved.with_name(moved.name + suffix))
        db_path.replace(moved)
    os.replace(staged, db_path)
    return moved


def _copy_into(source: Path, target: Path, journal: str | None = None) -> None:
    """SQLite's backup API from ``source`` into ``target``; a fault becomes a clear error."""
    try:
        src = connect_readonly(source)
        try:
            dest = connect_readwrite(target)
            try:
                src.backup(dest)
                if journal:
                    dest.execute(f"PRAGMA journal_mode = {journal}")
            finally:
                dest.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        raise classify(exc, target) or exc from exc
