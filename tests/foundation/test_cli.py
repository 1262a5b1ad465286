"""The command-line face of the foundation: exit codes, one-line errors, db commands."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest

from lmdesk import __version__
from lmdesk.__main__ import main
from lmdesk.store.migrations import LATEST_VERSION


def run_cli(
    *args: str, env_home: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LMDESK_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "lmdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_db_check_reports_version_and_integrity(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.sqlite"
    assert main(["--db", str(db), "db", "check"]) == 0
    out = capsys.readouterr().out
    assert f"Schema version: {LATEST_VERSION}" in out
    assert "Integrity check: ok" in out
    assert "audit: 0" in out


def test_db_check_json(tmp_path: Path, capsys) -> None:
    import json

    assert main(["--db", str(tmp_path / "x.sqlite"), "db", "check", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == LATEST_VERSION
    assert report["integrity"] == "ok"


def test_db_path_honours_db_and_home(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "a.sqlite"), "db", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "a.sqlite")
    result = run_cli("db", "path", env_home=tmp_path / "home")
    assert result.stdout.strip() == str(tmp_path / "home" / "patients.sqlite")


def test_too_new_schema_refused_with_clear_message_bytes_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "future.sqlite"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run_cli("--db", str(db), "db", "check", env_home=tmp_path / "home")
    assert result.returncode == 2
    assert "newer" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "args",
    [
        ["nonsense"],
        ["db"],
        ["db", "bogus"],
        ["--lang", "fr", "db", "path"],
        ["db", "restore"],
        ["db", "check", "--frobnicate"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(*args, env_home=tmp_path / "home")
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.strip()


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    home = tmp_path / "home"
    assert run_cli("--db", str(db), "db", "check", env_home=home).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO db_meta VALUES ('marker', 'before')")
    conn.commit()
    conn.close()
    copy = tmp_path / "copy.sqlite"
    assert run_cli("--db", str(db), "db", "backup", str(copy), env_home=home).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE db_meta SET value = 'after' WHERE key = 'marker'")
    conn.commit()
    conn.close()
    refused = run_cli("--db", str(db), "db", "restore", str(copy), env_home=home, stdin="")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = run_cli("--db", str(db), "db", "restore", str(copy), "--yes", env_home=home)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM db_meta WHERE key='marker'").fetchone()[0] == "before"
    backups = list((tmp_path / "backups").glob("*pre-restore*"))
    assert len(backups) == 1


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 50)
    result = run_cli(
        "--db",
        str(tmp_path / "p.sqlite"),
        "db",
        "restore",
        str(junk),
        "--yes",
        env_home=tmp_path / "home",
    )
    assert result.returncode == 2
    assert "not a good lmdesk database" in result.stderr


def test_verify_audit_reports_first_broken_link(tmp_path: Path, capsys) -> None:
    from datetime import datetime

    from lmdesk.models.clock import FixedClock
    from lmdesk.store.patient_db import PatientDB

    path = tmp_path / "p.sqlite"
    pdb = PatientDB.open(
        path,
        clock=FixedClock(datetime(2027, 1, 1, tzinfo=UTC)),
        user="u",
        backups_dir=tmp_path / "b",
    )
    for i in range(3):
        with pdb.transaction():
            pdb.audit("edit", "thing", i, {"v": i}, {"v": i + 1})
    pdb.close()
    assert main(["--db", str(path), "db", "verify-audit"]) == 0
    assert "3 rows" in capsys.readouterr().out
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET after_json = '{\"v\":99}' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["--db", str(path), "db", "verify-audit"]) == 2
    assert "row 2" in capsys.readouterr().out


def test_selftest_headless_exits_0(tmp_path: Path) -> None:
    result = run_cli("selftest", env_home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest passed" in result.stdout


def test_chinese_cli_messages(tmp_path: Path, capsys) -> None:
    assert main(["--lang", "zh_CN", "--db", str(tmp_path / "x.sqlite"), "db", "check"]) == 0
    assert "完整性检查" in capsys.readouterr().out
