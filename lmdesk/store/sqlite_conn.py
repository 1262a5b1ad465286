"""One way to open SQLite connections, so every connection gets the same safety settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


def connect_readonly(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """Open without any possibility of writing (no journal, no WAL, no header change)."""
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def connect_readwrite(path: Path) -> sqlite3.Connection:
    """Open for writing: autocommit driver mode (transactions are explicit), FKs on, WAL."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def read_user_version(path: Path) -> int:
    """Schema version of an existing DB file, read without changing a byte of it."""
    conn = connect_readonly(path)
    try:
        row = conn.execute("PRAGMA user_version").fetchone()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return int(row[0])
    finally:
        conn.close()
