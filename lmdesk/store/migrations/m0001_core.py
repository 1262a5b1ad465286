"""Schema 1: the audit trail and a key/value table for DB-level facts."""

from __future__ import annotations

from lmdesk.store.audit import AUDIT_SCHEMA
from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script


def upgrade(conn: Connection) -> None:
    execute_script(
        conn, "CREATE TABLE db_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);" + AUDIT_SCHEMA
    )
