"""``lmdesk db check`` on a damaged patient DB: non-zero exit, one line, file untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lmdesk.__main__ import main

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda b: b[: len(b) // 2 + 100],
    "zeroed": lambda b: b"\x00" * len(b),
    "random-bytes": lambda b: os.urandom(len(b)),
    "header-only": lambda b: b[:100],
}


def make_damaged(tmp_path: Path, damage: str) -> tuple[Path, Path]:
    home = tmp_path / "home"
    db = home / "patients.sqlite"
    assert main(["--db", str(db), "db", "check"]) == 0
    conn = sqlite3.connect(db)
    conn.execute("BEGIN")
    for i in range(300):
        conn.execute("INSERT INTO db_meta VALUES (?, ?)", (f"k{i}", "x" * 300))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    backup = home / "backups" / "patients-20270103-080000-auto.sqlite"
    backup.parent.mkdir(parents=True, exist_ok=True)
    backup.write_bytes(db.read_bytes())
    db.write_bytes(DAMAGE[damage](db.read_bytes()))
    return db, backup


@pytest.fixture(autouse=True)
def _home_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_db_check_on_damaged_file_fails_in_one_line_and_offers_backup(
    tmp_path: Path, damage: str
) -> None:
    db, backup = make_damaged(tmp_path, damage)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    proc = subprocess.run(
        [sys.executable, "-m", "lmdesk", "--db", str(db), "db", "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "damaged" in lines[0] and str(backup) in lines[0]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not db.with_name(db.name + "-wal").exists()


def test_restore_from_the_offered_backup_brings_the_data_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, backup = make_damaged(tmp_path, "zeroed")
    damaged_bytes = db.read_bytes()
    assert main(["--db", str(db), "db", "restore", str(backup)]) == 2  # not a TTY: asks --yes
    assert "--yes" in capsys.readouterr().err
    assert db.read_bytes() == damaged_bytes
    assert main(["--db", str(db), "db", "restore", str(backup), "--yes"]) == 0
    kept = [p for p in db.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
    assert main(["--db", str(db), "db", "check"]) == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM db_meta WHERE key LIKE 'k%'").fetchone()[0] == 300
    conn.close()
