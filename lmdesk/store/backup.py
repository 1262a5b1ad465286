"""Backups of the patient DB through SQLite's online backup API (consistent while in use)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from lmdesk.store.sqlite_conn import connect_readonly

BACKUP_SUFFIX = ".sqlite"


def _private_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def backup_to(source: sqlite3.Connection, target: Path) -> Path:
    """Copy a live DB into ``target`` (written to a temp name first, then renamed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))  # never readable
    dest = sqlite3.connect(str(partial))
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    _private_file(partial)
    os.replace(partial, target)
    return target


def backup_file(db_path: Path, target: Path) -> Path:
    """Back up a DB file that is not open here (read-only source connection)."""
    source = connect_readonly(db_path)
    try:
        return backup_to(source, target)
    finally:
        source.close()


def backup_name(stem: str, moment: datetime, reason: str) -> str:
    return f"{stem}-{moment.strftime('%Y%m%d-%H%M%S')}-{reason}{BACKUP_SUFFIX}"


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    files = [p for p in backups_dir.glob(f"*{BACKUP_SUFFIX}") if p.is_file()]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def is_good_database(path: Path) -> bool:
    """True when ``path`` opens as SQLite and passes ``PRAGMA integrity_check``."""
    try:
        conn = connect_readonly(path, immutable=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return bool(result) and result[0] == "ok"


def newest_good_backup(backups_dir: Path) -> Path | None:
    for candidate in list_backups(backups_dir):
        if is_good_database(candidate):
            return candidate
    return None


def prune(backups_dir: Path, keep: int, reason: str) -> list[Path]:
    """Delete the oldest backups made for ``reason`` beyond ``keep``; return what was removed."""
    mine = [p for p in list_backups(backups_dir) if p.stem.endswith(f"-{reason}")]
    removed = mine[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed
