"""The ward database's schema: one source with SQLite, each migration in its own transaction,
a backup (pg_dump) before upgrading, an older or newer schema never touched by a clinician."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from lmdesk.models.clock import SystemClock
from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations import LATEST_VERSION, MIGRATIONS
from lmdesk.store.server import setup
from lmdesk.store.server.errors import ServerNeedsUpgradeError
from lmdesk.store.server.ward_db import ServerPatientDB


def _version(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT version FROM lmdesk_schema").fetchone()
        assert row is not None
        return int(row[0])


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {str(r[0]) for r in rows}


@pytest.fixture
def at_version_7(pg_cluster: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    import uuid

    url = str(pg_cluster.url(f"lm_old_{uuid.uuid4().hex[:10]}"))  # type: ignore[attr-defined]
    with monkeypatch.context() as patch:
        patch.setattr(setup, "MIGRATIONS", MIGRATIONS[:7])
        patch.setattr(setup, "LATEST_VERSION", 7)
        patch.setattr(setup, "server_layer_sql", lambda tables: [])  # it needs schema 9's users
        setup.upgrade_schema(url, tmp_path / "b", SystemClock())
    return url


def test_an_older_ward_database_is_refused_to_clinicians_and_upgraded_by_its_owner(
    at_version_7: str, tmp_path: Path
) -> None:
    assert _version(at_version_7) == 7 and "users" not in _tables(at_version_7)
    with pytest.raises(ServerNeedsUpgradeError):
        ServerPatientDB.open(at_version_7, login=None, password=None, clock=SystemClock(), user="x")
    report = setup.upgrade_schema(at_version_7, tmp_path / "b", SystemClock())
    assert (report.from_version, report.to_version) == (7, LATEST_VERSION)
    assert report.backup is not None and report.backup.read_bytes()[:5] == b"PGDMP"
    assert _version(at_version_7) == LATEST_VERSION and "users" in _tables(at_version_7)


def test_a_failing_migration_leaves_the_schema_as_it_was(
    at_version_7: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_fail(conn: Connection) -> None:
        conn.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY AUTOINCREMENT)")
        raise RuntimeError("the migration failed halfway")

    monkeypatch.setattr(setup, "MIGRATIONS", [*MIGRATIONS[:7], (8, half_then_fail)])
    monkeypatch.setattr(setup, "LATEST_VERSION", 8)
    with pytest.raises(RuntimeError, match="halfway"):
        setup.upgrade_schema(at_version_7, tmp_path / "b", SystemClock())
    assert _version(at_version_7) == 7 and "half_done" not in _tables(at_version_7)


def test_the_sqlite_and_server_schemas_have_the_same_tables_and_columns(
    ward_url: str, patient_db: object
) -> None:
    """One source: every table and column of the SQLite file exists on the server."""
    import sqlite3

    from lmdesk.store.patient_db import PatientDB

    assert isinstance(patient_db, PatientDB)
    conn: sqlite3.Connection = patient_db.conn
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    local = {
        t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')}
        for t in names
        if not t.startswith("sqlite_")
    }
    with psycopg.connect(ward_url) as server:
        rows = server.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public'"
        ).fetchall()
    remote: dict[str, set[str]] = {}
    for table, column in rows:
        remote.setdefault(str(table), set()).add(str(column))
    for table, columns in local.items():
        assert remote.get(table) == columns, table


def test_a_data_migration_may_write_many_rows_on_the_server(ward_url: str) -> None:
    """The migrations' connection on the server takes executemany as sqlite3 does."""
    from lmdesk.store.server.connect import connect_raw
    from lmdesk.store.server.connection import ServerConnection

    conn = ServerConnection(connect_raw(ward_url, None, None), "test")
    ddl = setup.DDLConnection(conn)
    ddl.execute("CREATE TABLE many_rows (n INTEGER, label TEXT)")
    ddl.executemany("INSERT INTO many_rows (n, label) VALUES (?, ?)", [(1, "a"), (2, "b")])
    rows = conn.execute("SELECT n, label FROM many_rows ORDER BY n").fetchall()
    assert [tuple(r) for r in rows] == [(1, "a"), (2, "b")]
    conn.close()
