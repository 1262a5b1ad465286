"""Schema 9: named users (roles, IT register, argon2 password hash, lock-out) and ward settings.

No password is ever stored in clear: ``password_hash`` holds an argon2id hash. Existing
audit rows keep the names they were written with. A database without users asks for the
ward administrator on its first start (``UsersRepository.has_users``).
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL DEFAULT '',
    name_zh TEXT NOT NULL DEFAULT '',
    staff_no TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL,
    register_until TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE ward_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
