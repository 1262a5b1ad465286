"""Issue 28 item 6: races on create and migrate, a held lock, a full disk, a read-only file.

Real processes for the races (bounded counts); a full disk through ``RLIMIT_FSIZE`` in the
child (no root, no tmpfs), with SIGXFSZ ignored so the write fails as on a full disk.
Each case: its own clear message, exit 2 (never 1, no traceback), nothing left behind.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lmdesk.store import sqlite_conn
from lmdesk.store.errors import DatabaseBusyError, DiskFullError, ReadOnlyDatabaseError
from lmdesk.store.faults import classify
from lmdesk.store.migrations import LATEST_VERSION, MIGRATIONS

sys.path.insert(0, str(Path(__file__).parent))
from faults_helpers import add_patients, make_db, open_db

PROCESSES = 6
ROUNDS = 2


def spawn(db: Path, *args: str, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lmdesk", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,  # type: ignore[call-overload]
    )


def run_together(db: Path) -> list[tuple[int, str]]:
    procs = [spawn(db, "db", "check") for _ in range(PROCESSES)]
    return [(p.wait(60), p.communicate()[1]) for p in procs]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_processes_creating_one_database_together(tmp_path: Path, round_: int) -> None:
    db = tmp_path / "p.sqlite"
    results = run_together(db)
    assert [code for code, _err in results] == [0] * PROCESSES, results
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def old_database(db: Path, version: int) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for n, upgrade in MIGRATIONS[:version]:
        conn.execute("BEGIN")
        upgrade(conn)
        conn.execute(f"PRAGMA user_version = {n}")
        conn.execute("COMMIT")
    conn.close()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_processes_migrating_one_old_database_together(tmp_path: Path, round_: int) -> None:
    db = tmp_path / "p.sqlite"
    old_database(db, LATEST_VERSION - 2)
    results = run_together(db)
    assert [code for code, _err in results] == [0] * PROCESSES, results
    backups = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert len(backups) == 1 and "pre-v" in backups[0], backups  # one backup, no .partial
    assert not list(tmp_path.glob("**/*.partial"))


def test_a_write_lock_held_too_long_is_a_clear_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_conn, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "p.sqlite"
    make_db(db, 1).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    pdb = open_db(db)
    with pytest.raises(DatabaseBusyError, match="busy"):
        add_patients(pdb, "B", 1)
    holder.execute("ROLLBACK")
    add_patients(pdb, "B", 1)  # and works once the lock is released


def limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_backup_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    make_db(db, 200).close()
    limit = db.stat().st_size // 2 + 123
    proc = spawn(db, "db", "backup", preexec_fn=lambda: limit_file_size(limit))
    code, err = proc.wait(60), proc.communicate()[1]
    assert code == 2, err
    assert err.startswith("Disk full") and len(err.strip().splitlines()) == 1
    assert list((tmp_path / "backups").iterdir()) == []  # no backup, no 0-byte .partial


def test_restore_on_a_full_disk_leaves_everything_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    pdb = make_db(db, 200)
    backup = pdb.rotating_backup(keep=2)
    pdb.close()
    damaged = b"\x00" * db.stat().st_size
    db.write_bytes(damaged)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = spawn(
        db,
        "db",
        "restore",
        str(backup),
        "--yes",
        preexec_fn=lambda: limit_file_size(backup.stat().st_size // 2 + 123),
    )
    code, err = proc.wait(60), proc.communicate()[1]
    assert code == 2, err
    assert err.startswith("Disk full") and "Traceback" not in err
    assert db.read_bytes() == damaged  # not moved aside, not overwritten
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_write_on_a_full_disk_is_refused_whole(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    make_db(db, 3).close()
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path; from faults_helpers import open_db, add_patients;"
        "from lmdesk.store.errors import DiskFullError\n"
        "pdb = open_db(Path(sys.argv[1]))\n"
        "try:\n    add_patients(pdb, 'FULL', 400)\n"
        "except DiskFullError as e:\n    print('REFUSED', e)\n"
    )
    limit = db.stat().st_size + 40_000 + 123
    proc = subprocess.run(
        [sys.executable, "-c", script, str(db), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: limit_file_size(limit),
    )
    assert "REFUSED Disk full" in proc.stdout, proc.stdout + proc.stderr
    pdb = open_db(db)
    mrns = {r[0] for r in pdb.conn.execute("SELECT mrn FROM patients")}
    audited = {r[0] for r in pdb.conn.execute("SELECT entity_id FROM audit WHERE entity='patient'")}
    assert len(audited) == len(mrns)  # every saved patient has its audit row: none half-saved
    assert pdb.verify_trail().ok


def test_a_read_only_database_is_a_clear_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.sqlite"
    make_db(db, 1).close()
    import lmdesk.store.patient_db as patient_db

    monkeypatch.setattr(patient_db.os, "access", lambda *a, **k: False)  # root ignores 0400
    with pytest.raises(ReadOnlyDatabaseError, match="read-only"):
        open_db(db)


def test_sqlites_fault_codes_each_get_their_own_error(tmp_path: Path) -> None:
    def err(name: str, text: str) -> sqlite3.OperationalError:
        exc = sqlite3.OperationalError(text)
        exc.sqlite_errorname = name  # type: ignore[attr-defined]
        return exc

    path = tmp_path / "p.sqlite"
    assert isinstance(classify(err("SQLITE_FULL", "database or disk is full"), path), DiskFullError)
    assert isinstance(classify(OSError(28, "No space left on device"), path), DiskFullError)
    assert isinstance(
        classify(err("SQLITE_READONLY", "attempt to write a readonly database"), path),
        ReadOnlyDatabaseError,
    )
    assert isinstance(classify(err("SQLITE_BUSY", "database is locked"), path), DatabaseBusyError)
    assert classify(sqlite3.OperationalError("no such column: x"), path) is None
