"""Backups of the patient DB through SQLite's online backup API (consistent while in use)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from lmdesk.store.faults import classify
from lmdesk.store.sqlite_conn import connect_readonly

BACKUP_SUFFIX = ".sqlite"


def _private_file(path: Path) -> None:
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


BACKUP_HEAD_KEY = "backup_head"

#: Pages a backup that reports its progress copies per step (4 MiB of 4-KiB pages): small
#: enough that a Cancel is felt within a fraction of a second, large enough to cost nothing.
PAGES_PER_STEP = 1024

#: ``progress(done_pages, total_pages)`` after each step; whatever it raises (a cancelled job)
#: stops the copy, removes the partial file and comes out of :func:`backup_to` unchanged.
Progress = Callable[[int, int], None]


def backup_to(source: sqlite3.Connection, target: Path, progress: Progress | None = None) -> Path:
    """Copy a live DB into ``target`` (written to a temp name of its own first, then renamed).

    The copy records the audit trail's head in its ``db_meta`` (``backup_head``): an anchor
    outside the live DB that ``verify-audit`` checks. Any failure (a full disk, a Cancel raised
    by ``progress``) removes the temp file and raises: nothing is left behind, an existing
    ``target`` is never replaced.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}-{os.urandom(4).hex()}.partial")
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))  # never readable
        dest = sqlite3.connect(str(partial))
        try:
            if progress is None:
                source.backup(dest)
            else:
                report = progress  # the callback sees (status, remaining, total)
                source.backup(
                    dest,
                    pages=PAGES_PER_STEP,
                    progress=lambda _status, left, total: report(total - left, total),
                )
            dest.execute("PRAGMA journal_mode = DELETE")
            _record_head(dest)
            dest.commit()
        finally:
            dest.close()
        _private_file(partial)
        if target.exists():
            raise FileExistsError(target)
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        for side in ("-journal", "-wal", "-shm"):
            partial.with_name(partial.name + side).unlink(missing_ok=True)
        fault = classify(exc, target) if isinstance(exc, (sqlite3.Error, OSError)) else None
        if fault is not None and not isinstance(exc, FileExistsError):
            raise fault from exc
        raise
    return target


def _record_head(dest: sqlite3.Connection) -> None:
    try:
        row = dest.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        head = json.dumps([int(row[0]), str(row[1])] if row else [0, "0" * 64])
        dest.execute(
            "INSERT OR REPLACE INTO db_meta (key, value) VALUES (?, ?)", (BACKUP_HEAD_KEY, head)
        )
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise


def backup_file(db_path: Path, target: Path, progress: Progress | None = None) -> Path:
    """Back up a DB file that is not open here (read-only source connection)."""
    source = connect_readonly(db_path)
    try:
        return backup_to(source, target, progress)
    finally:
        source.close()


def backup_name(stem: str, moment: datetime, reason: str) -> str:
    return f"{stem}-{moment.strftime('%Y%m%d-%H%M%S')}-{reason}{BACKUP_SUFFIX}"


def unused_name(target: Path) -> Path:
    """``target``, or ``<stem>-2<suffix>``, ``-3`` … when a file of that name exists."""
    candidate, n = target, 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    return candidate


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
