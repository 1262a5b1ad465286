"""``lmdesk db init-server``: create (or upgrade) a ward database, its roles and first admin.

Run with a PostgreSQL role that may create databases and roles. Each migration runs in its
own transaction after a ``pg_dump`` of the database as it was; a newer schema is refused
untouched. The server layer (rights function, triggers, grants) is re-applied each time.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lmdesk.models.clock import Clock
from lmdesk.store.migrations import LATEST_VERSION, MIGRATIONS
from lmdesk.store.migrations.script import split_statements
from lmdesk.store.server.connect import connect_raw
from lmdesk.store.server.connection import ServerConnection
from lmdesk.store.server.ddl import server_ddl
from lmdesk.store.server.errors import ServerSchemaTooNewError
from lmdesk.store.server.server_layer import (
    SERVER_TABLES,
    group_roles_sql,
    server_layer_sql,
)
from lmdesk.store.server.url import database_name, shown_url, with_database
from lmdesk.store.server.ward_db import read_schema_version, table_names

log = logging.getLogger("lmdesk.store.server")


class DDLConnection:
    """Hands the migrations' statements to the server, translated (``server_ddl``)."""

    def __init__(self, conn: ServerConnection) -> None:
        self._conn = conn

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        result = None
        for statement in server_ddl(sql):  # DDL translated; a data migration's DML as is
            result = self._conn.execute(statement, parameters)
        return result

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        """A data migration's statement for each row (translated once, like ``execute``)."""
        statements = server_ddl(sql)
        for row in parameters:
            for statement in statements:
                self._conn.execute(statement, row)

    def close(self) -> None:
        self._conn.close()


@dataclass(frozen=True)
class SetupReport:
    created_database: bool
    from_version: int
    to_version: int
    backup: Path | None


def ensure_database(url: str) -> bool:
    """Create the database the URL names if it does not exist; True when created."""
    from psycopg import sql

    name = database_name(url)
    maintenance = ServerConnection(connect_raw(with_database(url, "postgres"), None, None), url)
    try:
        exists = maintenance.execute("SELECT 1 FROM pg_database WHERE datname = ?", (name,))
        if exists.fetchone():
            return False
        maintenance.raw.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name)
            )
        )
        return True
    finally:
        maintenance.close()


def upgrade_schema(url: str, backups_dir: Path, clock: Clock) -> SetupReport:
    """Bring the ward database to this lmdesk's schema, as its owner (the URL's role)."""
    created = ensure_database(url)
    conn = ServerConnection(connect_raw(url, None, None), shown_url(url))
    try:
        for statement in group_roles_sql():
            conn.execute(statement)
        found = read_schema_version(conn)
        if found is not None and found > LATEST_VERSION:
            raise ServerSchemaTooNewError(shown_url(url), found, LATEST_VERSION)
        backup: Path | None = None
        if found and found < LATEST_VERSION:
            from lmdesk.store.backup import backup_name
            from lmdesk.store.server.dump import dump_to

            name = backup_name(database_name(url), clock.now(), f"pre-v{found + 1}")
            backup = dump_to(url, None, None, backups_dir / name.replace(".sqlite", ".dump"))
        if found is None:
            _in_transaction(conn, [*split_statements(SERVER_TABLES)])
            conn.execute("INSERT INTO lmdesk_schema (version) VALUES (0)")
            found = 0
        for version, upgrade in MIGRATIONS:
            if version <= found:
                continue
            conn.execute("BEGIN")
            try:
                upgrade(DDLConnection(conn))
                conn.execute("UPDATE lmdesk_schema SET version = ?", (version,))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        _in_transaction(conn, server_layer_sql(table_names(conn)))
        _ensure_secrets(conn)
        return SetupReport(created, found, LATEST_VERSION, backup)
    finally:
        conn.close()


def _in_transaction(conn: ServerConnection, statements: list[str]) -> None:
    conn.execute("BEGIN")
    try:
        for statement in statements:
            conn.execute(statement)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _ensure_secrets(conn: ServerConnection) -> None:
    """The ward's audit key and the database's identity, made once."""
    conn.execute(
        "INSERT INTO ward_secret (only_row, audit_key) VALUES (TRUE, ?)"
        " ON CONFLICT (only_row) DO NOTHING",
        (os.urandom(32).hex(),),
    )
    conn.execute(
        "INSERT INTO db_meta (key, value) VALUES ('db_id', ?) ON CONFLICT (key) DO NOTHING",
        (os.urandom(16).hex(),),
    )
