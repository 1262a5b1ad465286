"""The ward server's command-line face: init-server, signing in on every command, copy-to.

Each command runs in-process through ``lmdesk.__main__.main`` against a real PostgreSQL.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import psycopg
import pytest

from lmdesk.__main__ import main
from lmdesk.devtools.scale_data import generate
from lmdesk.store.migrations import LATEST_VERSION

BOSS_PW = "ward boss pass 1"
NURSE_PW = "nurse pass 3333"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def person_url(ward_url: str) -> str:
    return ward_url.replace("postgres@", "")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LMDESK_PASSWORD", raising=False)
    return tmp_path / "home"


@pytest.fixture
def fresh_url(pg_cluster: object) -> str:
    """A database name no one made yet: init-server creates it."""
    import uuid

    return str(pg_cluster.url(f"lm_new_{uuid.uuid4().hex[:10]}"))  # type: ignore[attr-defined]


def init(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", BOSS_PW)
    code, out, err = run(["db", "init-server", url, "--admin", "boss", "--name-en", "Boss"], capsys)
    assert code == 0, err
    assert "First ward administrator: boss" in out


def test_init_server_creates_upgrades_and_every_command_signs_in(
    home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    init(fresh_url, monkeypatch, capsys)
    code, out, _ = run(["db", "init-server", fresh_url], capsys)  # again: nothing to do
    assert code == 0 and f"Schema version {LATEST_VERSION} (was {LATEST_VERSION})" in out
    url = person_url(fresh_url)
    monkeypatch.setenv("LMDESK_PASSWORD", BOSS_PW)
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", NURSE_PW)
    code, _, err = run(["--db", url, "user", "add", "--name", "Li Na", "--login", "li.na",
                        "--role", "nurse", "--user", "boss"], capsys)  # fmt: skip
    assert code == 0, err
    code, _, err = run(["--db", url, "patient", "list"], capsys)
    assert code == 2 and "every command signs in" in err
    monkeypatch.setenv("LMDESK_PASSWORD", "not the password")
    code, _, err = run(["--db", url, "--user", "li.na", "patient", "list"], capsys)
    assert code == 2 and "did not accept" in err and "Traceback" not in err
    monkeypatch.setenv("LMDESK_PASSWORD", NURSE_PW)
    code, _, err = run(["--db", url, "--user", "li.na", "patient", "list"], capsys)
    assert code == 0, err
    code, _, err = run(["--db", url, "patient", "add", "--mrn", "M1", "--name", "王 五",
                        "--user", "li.na"], capsys)  # fmt: skip
    assert code == 0, err  # recording is every clinician's right
    code, _, err = run(["--db", url, "user", "add", "--name", "Xu Ming", "--role", "admin",
                        "--user", "li.na"], capsys)  # fmt: skip
    assert code == 3 and "Traceback" not in err, err
    code, out, err = run(["--db", url, "--user", "li.na", "db", "verify-audit"], capsys)
    assert code == 0 and "intact" in out, err
    code, _, err = run(["--db", url, "db", "restore", "x.dump", "--yes"], capsys)
    assert code == 2 and "ward server" in err


def test_backup_is_a_pg_dump_by_an_administrator(
    home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    init(fresh_url, monkeypatch, capsys)
    monkeypatch.setenv("LMDESK_PASSWORD", BOSS_PW)
    target = home / "ward.dump"
    code, _, err = run(["--db", person_url(fresh_url), "--user", "boss", "db", "backup",
                          str(target)], capsys)  # fmt: skip
    assert code == 0, err
    assert target.read_bytes()[:5] == b"PGDMP" and target.stat().st_mode & 0o077 == 0


def test_a_newer_schema_is_refused_untouched(
    home: Path, fresh_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    init(fresh_url, monkeypatch, capsys)
    with psycopg.connect(fresh_url, autocommit=True) as conn:
        conn.execute("UPDATE lmdesk_schema SET version = 99")
        before = conn.execute("SELECT count(*) FROM audit").fetchone()
    code, _, err = run(["db", "init-server", fresh_url], capsys)
    assert code == 2 and "newer than this lmdesk" in err
    monkeypatch.setenv("LMDESK_PASSWORD", BOSS_PW)
    code, _, err = run(["--db", person_url(fresh_url), "--user", "boss", "patient", "list"], capsys)
    assert code == 2 and "newer than this lmdesk" in err
    with psycopg.connect(fresh_url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM lmdesk_schema").fetchone() == (99,)
        assert conn.execute("SELECT count(*) FROM audit").fetchone() == before


def test_copy_to_moves_10000_patients_checks_them_and_leaves_the_file(
    home: Path,
    fresh_url: str,
    reference_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Done-when case: a 10,000-patient SQLite database moved in and verified."""
    source = home / "patients.sqlite"
    home.mkdir(parents=True, exist_ok=True)
    generate(source, patients=10_000, sessions=20_000, aes=2_000, seed=7,
             reference_db=reference_db_path)  # fmt: skip
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", BOSS_PW)
    code, _, err = run(["--db", str(source), "user", "add", "--name", "Boss", "--login", "boss",
                        "--role", "admin"], capsys)  # fmt: skip
    assert code == 0, err
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    code, _, err = run(["db", "init-server", fresh_url], capsys)
    assert code == 0, err
    code, out, err = run(["--db", str(source), "db", "copy-to", fresh_url, "--admin", "boss"],
                         capsys)  # fmt: skip
    assert code == 0, err
    assert "patients: 10000" in out and "are intact" in out
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest  # the file is untouched
    monkeypatch.setenv("LMDESK_PASSWORD", BOSS_PW)
    code, out, err = run(["--db", person_url(fresh_url), "--user", "boss", "db", "verify-audit"],
                         capsys)  # fmt: skip
    assert code == 0 and "intact" in out, err
    code, _, err = run(["--db", str(source), "db", "copy-to", fresh_url, "--admin", "boss"],
                       capsys)  # fmt: skip
    assert code == 2 and "already holds data" in err  # never merged into a ward's data
