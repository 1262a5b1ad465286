"""``lmdesk user add|list|retire|password`` and ``--user`` on every writing command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_staff import NAMES, PASSWORD, signed

from lmdesk.__main__ import main

TODAY = date.today()


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_first_user_add_makes_the_ward_administrator(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.sqlite"
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", "first admin password")
    code, out, err = run(capsys, db, "user", "add", "--name", "Wang Wei", "--role", "prescriber",
                         "--register-until", "2099-12-31", "--name-zh", "王伟")  # fmt: skip
    assert code == 0, err
    assert "Ward administrator Wang Wei added (login wang.wei" in out
    code, out, err = run(capsys, db, "user", "list", "--json")
    (boss,) = json.loads(out)
    assert boss["roles"] == ["prescriber", "admin"] and boss["on_register"] is True
    assert "hash" not in out and "$argon2" not in out
    # after that, only an administrator adds users
    code, _o, err = run(capsys, db, "user", "add", "--name", "Li Na", "--role", "nurse")
    assert code == 2 and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("LMDESK_PASSWORD", "first admin password")
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", "nurse password 1")
    code, out, err = run(capsys, db, "user", "add", "--name", "Li Na", "--role", "nurse",
                         "--user", "wang.wei", "--staff-no", "N1")  # fmt: skip
    assert code == 0 and "login li.na" in out, err
    code, _o, err = run(capsys, db, "user", "add", "--name", "X Y", "--role", "nurse",
                        "--user", "li.na")  # fmt: skip
    assert code == 2  # li.na's password is not the one in LMDESK_PASSWORD
    # the owner changes her own password (signed in with the old one)
    monkeypatch.setenv("LMDESK_PASSWORD", "nurse password 1")
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", "nurse password 2")
    code, _o, err = run(capsys, db, "user", "password", "li.na")
    assert code == 0, err
    monkeypatch.setenv("LMDESK_PASSWORD", "nurse password 2")
    code, _o, err = run(capsys, db, "user", "add", "--name", "X Y", "--role", "nurse",
                        "--user", "li.na")  # fmt: skip
    assert code == 3 and "Managing users needs a ward administrator; Li Na is a nurse" in err
    code, out, _e = run(capsys, db, "user", "list")
    assert "li.na" in out and "not on the IT register" in out


def test_user_add_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.sqlite"
    monkeypatch.setenv("LMDESK_NEW_PASSWORD", "short")
    for args in (
        ("--name", "Li Na", "--role", "nurse"),  # password too short
        ("--name", "Li Na", "--role", "doctor"),
        ("--name", "李娜", "--role", "nurse"),  # no login can be made
        ("--name", "Li Na", "--role", "nurse", "--register-until", "soon"),
    ):
        code, _o, err = run(capsys, db, "user", "add", *args)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "short" not in err, err
    monkeypatch.delenv("LMDESK_NEW_PASSWORD")
    code, _o, err = run(capsys, db, "user", "add", "--name", "Li Na", "--role", "nurse")
    assert code == 2 and "LMDESK_NEW_PASSWORD" in err  # no terminal, no variable


def staffed_course(capsys: pytest.CaptureFixture[str], db: Path) -> str:
    assert main(signed(["--db", str(db), "patient", "add", "--mrn", "M1", "--name", "A"])) == 0
    start = TODAY.isoformat()
    code = main(signed(["--db", str(db), "course", "add", "--mrn", "M1", "--protocol",
                        "mtx-classic", "--start", start, "--confirm-default"]))  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    earlier = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    for test, value, unit in (("platelets", "150", "10^9/L"), ("anc", "2500", "/uL"),
                              ("wbc", "5", "G/L"), ("inr", "1.0", "")):  # fmt: skip
        assert main(signed(["--db", str(db), "labs", "add", "--mrn", "M1", "--date", earlier,
                            "--test", test, "--value", value, "--unit", unit])) == 0  # fmt: skip
    capsys.readouterr()
    return out.strip().splitlines()[-1]


def test_plan_verify_give_by_two_different_registered_people(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "p.sqlite"
    course = staffed_course(capsys, db)
    verify = ("course", "verify", course, "--session", "1")
    give = ("course", "give", course, "--session", "1")
    # a nurse plans nothing
    code, _o, err = run(capsys, db, "course", "add", "--mrn", "M1", "--protocol", "mtx-classic",
                        "--start", str(TODAY), "--confirm-default",
                        "--user", "nurse.li")  # fmt: skip
    assert code == 3 and "Planning a course needs a prescriber on the IT register" in err
    # the planner may not verify
    code, _o, err = run(capsys, db, *verify, "--user", "dr.wang")
    assert code == 3 and "Wang Wei planned this course" in err
    # the administrator is no clinician
    code, _o, err = run(capsys, db, *verify, "--user", "admin")
    assert code == 3 and "Ward Admin is a ward administrator" in err
    # the nurse on the register verifies, then may not give
    code, out, err = run(capsys, db, *verify, "--user", "nurse.li")
    assert code == 0 and "verified by Li Na (李娜)" in out, err
    code, _o, err = run(capsys, db, *give, "--user", "nurse.li")
    assert code == 3 and "needs a second person: Li Na verified this course" in err
    # a pharmacist verifies but never gives
    code, _o, err = run(capsys, db, *give, "--user", "pharm.zhao")
    assert code == 3 and "needs a prescriber or nurse on the IT register" in err
    # a wrong password is bad input, not a refusal
    os.environ["LMDESK_PASSWORD"] = "not the password"
    code, _o, err = run(capsys, db, *give, "--user", "dr.chen")
    assert code == 2 and err.count("\n") == 1 and "not the password" not in err
    os.environ["LMDESK_PASSWORD"] = PASSWORD
    code, out, err = run(capsys, db, *give, "--user", "dr.chen")
    assert code == 0, err
    code, out, _e = run(capsys, db, "course", "history", course, "--json")
    people = {e["user"] for e in json.loads(out)}
    assert {NAMES["dr.wang"], NAMES["nurse.li"], NAMES["dr.chen"]} <= people
    import getpass

    assert getpass.getuser() not in people
    code, out, _e = run(capsys, db, "db", "verify-audit")
    assert code == 0


def test_reading_needs_no_user_and_writing_needs_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "p.sqlite"
    staffed_course(capsys, db)
    assert run(capsys, db, "patient", "list")[0] == 0
    assert run(capsys, db, "today", "--json")[0] == 0
    code, _o, err = run(capsys, db, "patient", "add", "--mrn", "M2", "--name", "B")
    assert code == 2 and "--user" in err
    code, _o, err = run(capsys, db, "patient", "add", "--mrn", "M2", "--name", "B",
                        "--user", "admin")  # fmt: skip
    assert code == 3 and "Recording patient data needs an active prescriber" in err
    code, _o, err = run(capsys, db, "policy", "set", "lp_platelets_min", "40", "--user", "dr.wang")
    assert code == 3 and "Changing ward settings needs a ward administrator" in err
    code, _o, err = run(capsys, db, "user", "retire", "nurse.li", "--user", "admin")
    assert code == 0, err
    code, _o, err = run(capsys, db, "labs", "add", "--mrn", "M1", "--date", TODAY.isoformat(),
                        "--test", "inr", "--value", "1", "--user", "nurse.li")  # fmt: skip
    assert code == 2 and "unknown login name or wrong password" in err


def test_no_users_yet_says_how_to_start(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _o, err = run(capsys, tmp_path / "p.sqlite", "patient", "add", "--mrn", "M1", "--name",
                        "A", "--user", "someone")  # fmt: skip
    assert code == 2 and "lmdesk user add" in err


def test_password_and_hash_never_leave_the_users_table(tmp_path: Path) -> None:
    """Run the CLI in processes of its own with a known password, then search every file,
    stream, log, PDF and export it made for the password and for the argon2 hash prefix."""
    home = tmp_path / "home"
    db = home / "p.sqlite"
    secret = "Leak-Canary-Pa55word"
    env = {**os.environ, "LMDESK_HOME": str(home), "LMDESK_NEW_PASSWORD": secret,
           "LMDESK_PASSWORD": secret}  # fmt: skip
    env.pop("QT_QPA_PLATFORM", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    streams: list[str] = []

    def lm(*args: str) -> int:
        done = subprocess.run(
            [sys.executable, "-m", "lmdesk", "--db", str(db), "--lang", "en", *args],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        streams.append(done.stdout + done.stderr)
        return done.returncode

    assert lm("user", "add", "--name", "Wang Wei", "--role", "prescriber,nurse",
              "--register-until", "2099-12-31") == 0  # fmt: skip
    assert lm("patient", "add", "--mrn", "M1", "--name", "A", "--user", "wang.wei") == 0
    assert lm("course", "add", "--mrn", "M1", "--protocol", "mtx-classic", "--start",
              TODAY.isoformat(), "--confirm-default", "--user", "wang.wei") == 0  # fmt: skip
    assert lm("sheet", "--course", "1", "--pdf", str(tmp_path / "s.pdf"), "--user", "wang.wei") == 0
    assert lm("course", "ics", "1", "--out", str(tmp_path / "c.ics"), "--user", "wang.wei") == 0
    env["LMDESK_PASSWORD"] = secret + "-wrong"
    for _ in range(6):  # failures and the lock-out
        assert lm("patient", "add", "--mrn", "M2", "--name", "B", "--user", "wang.wei") == 2
    assert lm("user", "list", "--json") == 0
    assert lm("course", "history", "1", "--json") == 0
    assert lm("db", "backup", str(tmp_path / "backup.sqlite")) == 0
    blob = "\n".join(streams)
    assert secret not in blob and "$argon2" not in blob
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in files)
    for path in files:
        data = path.read_bytes()
        assert secret.encode() not in data, path
        if path.suffix in (".pdf", ".ics", ".log", ".txt", ".json") or "log" in path.name:
            assert b"$argon2" not in data, path
    import sqlite3

    with sqlite3.connect(db) as conn:
        audit = repr(conn.execute("SELECT * FROM audit").fetchall())
        stored = [r[0] for r in conn.execute("SELECT password_hash FROM users")]
    assert "$argon2" not in audit and secret not in audit
    assert all(h.startswith("$argon2id$") for h in stored)  # the hash lives only there
