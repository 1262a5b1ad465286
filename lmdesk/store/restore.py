"""Replace the patient DB with a backup: check the backup first, keep the current DB."""

from __future__ import annotations

import os
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.models.errors import BadInputError
from lmdesk.store.backup import backup_file, backup_name, is_good_database
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.sqlite_conn import connect_readonly, connect_readwrite, read_user_version


def restore_database(db_path: Path, source: Path, backups_dir: Path, clock: Clock) -> Path | None:
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
    safety_copy: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        if is_good_database(db_path):
            safety_copy = backup_file(
                db_path, backups_dir / backup_name(db_path.stem, clock.now(), "pre-restore")
            )
        else:
            # A damaged DB is never overwritten: it is moved aside, whole, for inspection.
            stamp = clock.now().strftime("%Y%m%d-%H%M%S")
            safety_copy = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
            for suffix in ("-wal", "-shm"):
                side = db_path.with_name(db_path.name + suffix)
                if side.exists():
                    side.replace(safety_copy.with_name(safety_copy.name + suffix))
            db_path.replace(safety_copy)
    src = connect_readonly(source)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        if not db_path.exists():  # owner-only from the first byte (0600 on POSIX)
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        dest = connect_readwrite(db_path)
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()
    return safety_copy
