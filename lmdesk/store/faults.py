"""Turn SQLite's and the OS's failures into errors that say what happened (disk full, busy…).

SQLite reports a full disk, a held lock, a read-only file and a damaged file all as
exceptions of a few classes; the user needs each in words, with nothing left half-done.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from lmdesk.store.errors import (
    DamagedDatabaseError,
    DatabaseBusyError,
    DiskFullError,
    DiskIOError,
    ReadOnlyDatabaseError,
    StoreError,
)
from lmdesk.store.sqlite_conn import BUSY_TIMEOUT_MS

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def _name(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in FULL_ERRNOS
    return _name(exc) == "SQLITE_FULL" or "disk is full" in str(exc)


#: Less free space than this on the DB's disk turns an I/O error into "disk full".
LOW_SPACE_BYTES = 16 * 1024 * 1024


def no_room(path: Path) -> str | None:
    """Why a file at ``path`` cannot grow (little free space, a file-size limit), else None.

    SQLite reports a write refused for want of room as an I/O error when the refusal falls
    on a page boundary (``EFBIG``, ``EDQUOT``); this tells that apart from a failing disk.
    """
    import shutil

    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if free is not None and free < LOW_SPACE_BYTES:
        return f"{free // 1024} KB free"
    if os.name == "posix":
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        if soft != resource.RLIM_INFINITY:
            return f"file size limit {soft} bytes"
    return None


def classify(exc: BaseException, path: Path, backup: Path | None = None) -> StoreError | None:
    """The user-facing error for ``exc`` on ``path``, or None when it is not a storage fault."""
    if isinstance(exc, StoreError):
        return exc
    if not isinstance(exc, (sqlite3.Error, OSError)):
        return None
    name, text = _name(exc), str(exc)
    if is_disk_full(exc):
        return DiskFullError(path, text)
    if isinstance(exc, PermissionError) or name.startswith("SQLITE_READONLY") or "readonly" in text:
        return ReadOnlyDatabaseError(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return DatabaseBusyError(path, BUSY_TIMEOUT_MS / 1000)
    if isinstance(exc, OSError) or name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        room = no_room(path)
        return DiskFullError(path, f"{text}; {room}") if room else DiskIOError(path, text)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(
        words in text for words in ("malformed", "not a database", "database corrupt")
    ):
        return DamagedDatabaseError(path, text, backup)
    return None
