"""The automatic backup at start-up: at most one per calendar day, the newest N kept.

Runs off the GUI thread with its own read-only connection (SQLite's online backup API
copies a consistent snapshot while the app keeps working). A backup is checked with
``integrity_check`` before it counts; a bad copy is removed and reported, never kept as
"the newest good backup".
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from datetime import date
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.store.backup import (
    Progress,
    backup_file,
    backup_name,
    is_good_database,
    list_backups,
    prune,
)
from lmdesk.store.errors import StoreError

REASON = "auto"
_STAMP = re.compile(r"-(\d{8})-\d{6}-" + REASON + r"$")


class BackupFailedError(StoreError):
    """The automatic backup could not be written or did not pass its check."""


def auto_backup_days(backups_dir: Path, stem: str) -> list[date]:
    """Days on which automatic backups of the DB named ``stem`` exist, newest first."""
    days: list[date] = []
    for path in list_backups(backups_dir):
        if not path.stem.startswith(stem + "-"):
            continue
        match = _STAMP.search(path.stem)
        if match:
            raw = match.group(1)
            days.append(date(int(raw[:4]), int(raw[4:6]), int(raw[6:])))
    return sorted(days, reverse=True)


def auto_backup_due(backups_dir: Path, stem: str, today: date) -> bool:
    """True unless an automatic backup was already made ``today``."""
    return today not in auto_backup_days(backups_dir, stem)


def run_auto_backup(db_path: Path, backups_dir: Path, clock: Clock, keep: int) -> Path | None:
    """Back up ``db_path`` if today's backup is missing; return the new file (or None)."""
    now = clock.now()
    if not db_path.is_file() or not auto_backup_due(backups_dir, db_path.stem, now.date()):
        return None
    return checked_backup(db_path, backups_dir, clock, keep, REASON)


def checked_backup(
    db_path: Path,
    backups_dir: Path,
    clock: Clock,
    keep: int,
    reason: str,
    progress: Progress | None = None,
) -> Path:
    """Back up now through a connection of its own, check the copy, keep ``keep`` of ``reason``.

    ``progress`` follows the copy (store/backup.py); what it raises stops it, leaving no file.
    """
    target = backups_dir / backup_name(db_path.stem, clock.now(), reason)
    try:
        made = backup_file(db_path, target, progress)
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailedError(
            _("The backup to {path} failed: {detail}").format(path=target, detail=exc)
        ) from exc
    if not is_good_database(made):
        made.unlink(missing_ok=True)
        raise BackupFailedError(
            _("The backup {path} failed its integrity check and was removed.").format(path=target)
        )
    prune(backups_dir, keep, reason)
    return made


def backup_self_check(db_path: Path, backups_dir: Path, clock: Clock) -> str:
    """For ``lmdesk selftest``: a checked backup can be written here, owner-only on POSIX."""
    made = checked_backup(db_path, backups_dir, clock, keep=1, reason="selftest")
    if os.name == "posix":
        for path, wanted in ((made, 0o600), (backups_dir, 0o700)):
            mode = stat.S_IMODE(path.stat().st_mode)
            if mode & 0o077:
                raise BackupFailedError(
                    _("{path} is readable by others (mode {mode:o}, wanted {wanted:o})").format(
                        path=path, mode=mode, wanted=wanted
                    )
                )
    size = made.stat().st_size
    made.unlink()
    return _("backup written, integrity ok, owner-only ({kb} KB)").format(kb=size // 1024)
