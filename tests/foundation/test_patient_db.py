"""The patient DB: created safely, migrated with a backup, refused when too new or damaged."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.store.backup import list_backups
from lmdesk.store.errors import DamagedDatabaseError, SchemaTooNewError
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.patient_db import PatientDB


def open_db(path: Path, clock: FixedClock) -> PatientDB:
    return PatientDB.open(path, clock=clock, user="tester", backups_dir=path.parent / "backups")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_db_gets_latest_schema_wal_and_foreign_keys(tmp_path: Path, clock: FixedClock) -> None:
    db = open_db(tmp_path / "p.sqlite", clock)
    assert db.schema_version == LATEST_VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    db.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_db_is_owner_only(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "p.sqlite"
    open_db(path, clock).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_reopening_keeps_data(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "p.sqlite"
    db = open_db(path, clock)
    with db.transaction():
        db.conn.execute("INSERT INTO db_meta VALUES ('k', 'v')")
    db.close()
    db = open_db(path, clock)
    assert db.conn.execute("SELECT value FROM db_meta WHERE key='k'").fetchone()[0] == "v"
    db.close()


def test_schema_newer_than_known_is_refused_and_file_untouched(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(SchemaTooNewError) as info:
        open_db(path, clock)
    assert str(LATEST_VERSION + 5) in str(info.value)
    assert "newer" in str(info.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.sqlite"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 3], id="truncated"),
        pytest.param(lambda b: b"\x00" * len(b), id="zeroed"),
        pytest.param(lambda b: os.urandom(len(b)), id="random-bytes"),
    ],
)
def test_damaged_file_is_refused_and_untouched(tmp_path: Path, clock: FixedClock, damage) -> None:
    path = tmp_path / "p.sqlite"
    db = open_db(path, clock)
    with db.transaction():
        for i in range(200):
            db.conn.execute("INSERT INTO db_meta VALUES (?, ?)", (f"k{i}", "x" * 200))
    db.close()
    # make sure everything is in the main file (no WAL) before damaging it
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    path.write_bytes(damage(path.read_bytes()))
    before = digest(path)
    with pytest.raises(DamagedDatabaseError):
        open_db(path, clock)
    assert digest(path) == before


def test_damaged_file_error_offers_newest_good_backup(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "p.sqlite"
    db = open_db(path, clock)
    made = db.rotating_backup(keep=3)
    db.close()
    path.write_bytes(b"garbage" * 100)
    with pytest.raises(DamagedDatabaseError) as info:
        open_db(path, clock)
    assert info.value.newest_backup == made
    assert str(made) in str(info.value)


def test_transaction_rolls_back_everything_on_error(tmp_path: Path, clock: FixedClock) -> None:
    db = open_db(tmp_path / "p.sqlite", clock)
    with pytest.raises(RuntimeError), db.transaction():
        db.conn.execute("INSERT INTO db_meta VALUES ('a', '1')")
        db.audit("create", "thing", 1, None, {"a": 1})
        raise RuntimeError("boom")
    assert db.conn.execute("SELECT count(*) FROM db_meta WHERE key = 'a'").fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_nested_transaction_is_a_savepoint(tmp_path: Path, clock: FixedClock) -> None:
    db = open_db(tmp_path / "p.sqlite", clock)
    with db.transaction():
        db.conn.execute("INSERT INTO db_meta VALUES ('outer', '1')")
        with pytest.raises(ValueError), db.transaction():
            db.conn.execute("INSERT INTO db_meta VALUES ('inner', '1')")
            raise ValueError
    keys = [
        r[0] for r in db.conn.execute("SELECT key FROM db_meta WHERE key IN ('outer', 'inner')")
    ]
    assert keys == ["outer"]


def test_migration_from_older_schema_backs_up_first(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmdesk.store import migrations, patient_db

    path = tmp_path / "p.sqlite"
    open_db(path, clock).close()

    def add_table(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")

    newer = [*migrations.MIGRATIONS, (LATEST_VERSION + 1, add_table)]
    monkeypatch.setattr(patient_db, "MIGRATIONS", newer)
    monkeypatch.setattr(patient_db, "LATEST_VERSION", LATEST_VERSION + 1)
    db = open_db(path, clock)
    assert db.schema_version == LATEST_VERSION + 1
    assert "extra" in db.db.table_names()
    backups = list_backups(tmp_path / "backups")
    assert len(backups) == 1 and f"pre-v{LATEST_VERSION + 1}" in backups[0].name
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    db.close()


def test_failed_migration_leaves_the_old_schema(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmdesk.store import migrations, patient_db

    path = tmp_path / "p.sqlite"
    open_db(path, clock).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (id INTEGER)")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setattr(
        patient_db, "MIGRATIONS", [*migrations.MIGRATIONS, (LATEST_VERSION + 1, broken)]
    )
    monkeypatch.setattr(patient_db, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(sqlite3.OperationalError):
        open_db(path, clock)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert "half" not in [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]


def test_rotating_backup_keeps_the_newest(tmp_path: Path, clock: FixedClock) -> None:
    from datetime import timedelta

    db = open_db(tmp_path / "p.sqlite", clock)
    made = []
    for i in range(5):
        clock.set(clock.now() + timedelta(days=1))
        path = db.rotating_backup(keep=2)
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
        made.append(path)
    assert sorted(p.name for p in list_backups(tmp_path / "backups")) == sorted(
        p.name for p in made[-2:]
    )


def test_short_file_with_a_pending_wal_is_left_to_sqlite_recovery(tmp_path: Path) -> None:
    """A kill during a checkpoint leaves the file shorter than its header; the WAL completes it."""
    from lmdesk.store.patient_db import _size_problem

    path = tmp_path / "p.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(50)])
    conn.commit()
    conn.close()
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    path.write_bytes(data[:-page_size])
    assert _size_problem(path) is not None
    (tmp_path / "p.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)
    assert _size_problem(path) is None
