"""Issue 28 item 3: a vanished, emptied or rolled-back patient DB is an alarm, never silent.

- deleted or truncated to 0 bytes while open: the next write is refused (nothing reported
  saved that is not on disk), and the next start refuses to make a fresh empty DB;
- kill -9 and then a deleted ``-wal``: the next start says how many saved changes are
  missing, names the newest good backup, and ``db accept-loss --yes`` is the way on;
- every commit is durable before it is confirmed (WAL with ``synchronous=FULL``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lmdesk.__main__ import main
from lmdesk.store.errors import (
    ChangesLostError,
    DamagedDatabaseError,
    DatabaseVanishedError,
    MissingDatabaseError,
)

sys.path.insert(0, str(Path(__file__).parent))
from faults_helpers import add_patients, make_db, open_db


@pytest.fixture(autouse=True)
def _home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lmdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_write_into_a_vanished_file_is_refused_and_the_next_start_alarms(
    tmp_path: Path, how: str
) -> None:
    db = tmp_path / "p.sqlite"
    pdb = make_db(db, 40)
    pdb.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    add_patients(pdb, "W", 1)  # in the -wal only
    backup = pdb.rotating_backup(keep=3)
    if how == "deleted":
        for f in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            f.unlink(missing_ok=True)
    else:
        os.truncate(db, 0)
    with pytest.raises(DatabaseVanishedError, match="NOT SAVED"):
        add_patients(pdb, "LOST", 1)
    pdb.close()  # SQLite checkpoints what its -wal holds into an emptied file: a partial DB
    with pytest.raises(DamagedDatabaseError) as info:  # MissingDatabaseError when 0 bytes
        open_db(db)
    assert info.value.newest_backup == backup
    proc = cli(db, "db", "check")
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert str(backup) in line and "lmdesk db restore" in line
    if how == "deleted":
        assert not db.exists()  # no fresh empty database was made


def test_an_emptied_file_at_start_is_an_alarm_not_a_fresh_start(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    make_db(db, 2).close()
    db.write_bytes(b"")
    with pytest.raises(MissingDatabaseError):
        open_db(db)
    assert db.stat().st_size == 0


def test_known_by_its_backups_alone(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    pdb = make_db(db)
    pdb.rotating_backup(keep=3)
    pdb.close()
    for f in db.parent.glob("p.sqlite*"):
        f.unlink()
    assert cli(db, "db", "check").returncode == 2
    assert not db.exists()


def test_a_new_database_where_nothing_was_known_is_made(tmp_path: Path) -> None:
    db = tmp_path / "new" / "p.sqlite"
    assert cli(db, "db", "check").returncode == 0
    assert db.is_file() and db.with_name(db.name + ".lmdesk-id").is_file()


def test_commits_are_durable_before_they_are_confirmed(tmp_path: Path) -> None:
    pdb = make_db(tmp_path / "p.sqlite", 1)
    assert pdb.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pdb.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


WRITER = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from faults_helpers import add_patients, open_db
pdb = open_db(Path(sys.argv[1]))
add_patients(pdb, "K", 6)
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_kill_then_a_deleted_wal_is_an_alarm_with_a_way_on(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    pdb = make_db(db, 3)
    pdb.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    backup = pdb.rotating_backup(keep=3)
    pdb.close()
    proc = subprocess.run(
        [sys.executable, "-c", WRITER, str(db), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == -signal.SIGKILL and "saved" in proc.stdout
    wal = db.with_name(db.name + "-wal")
    assert wal.stat().st_size > 0
    wal.unlink()
    db.with_name(db.name + "-shm").unlink(missing_ok=True)
    with pytest.raises(ChangesLostError, match="6 saved changes are missing"):
        open_db(db)
    check = cli(db, "db", "check")
    assert check.returncode == 2 and str(backup) in check.stderr
    assert "accept-loss" in check.stderr and len(check.stderr.strip().splitlines()) == 1
    assert main(["--db", str(db), "db", "accept-loss"]) == 2  # asks for --yes
    assert main(["--db", str(db), "db", "accept-loss", "--yes"]) == 0
    assert main(["--db", str(db), "db", "verify-audit"]) == 0
    again = open_db(db)
    actions = [r[0] for r in again.conn.execute("SELECT action FROM audit ORDER BY id")]
    assert actions[-1] == "db.accept_loss"


def test_restore_after_a_loss_re_anchors_the_trail(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    pdb = make_db(db, 2)
    backup = pdb.rotating_backup(keep=3)
    add_patients(pdb, "LATER", 2)
    pdb.close()
    db.unlink()
    assert main(["--db", str(db), "db", "restore", str(backup), "--yes"]) == 0
    assert main(["--db", str(db), "db", "verify-audit"]) == 0
    assert main(["--db", str(db), "db", "check"]) == 0
