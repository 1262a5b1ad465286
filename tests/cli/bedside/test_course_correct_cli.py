"""``lmdesk course hold`` records when (the correction window counts from it) and ``lmdesk
course correct --course ID --reason TEXT --user LOGIN`` takes the last mark back: 0 done,
2 bad input, 3 refused by the mark's rule (a pharmacist is neither the giver nor a
prescriber)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_staff import signed

from lmdesk.__main__ import main


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), "--lang", "en", *args]))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def course(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    assert run(capsys, tmp_path, "patient", "add", "--mrn", "M1", "--name", "Li")[0] == 0
    code, out, err = run(
        capsys, tmp_path, "course", "add", "--mrn", "M1", "--protocol", "mtx-classic",
        "--start", date.today().isoformat(), "--confirm-default",
    )  # fmt: skip
    assert code == 0, err
    return out.strip()


def _hold(capsys: pytest.CaptureFixture[str], tmp_path: Path, course_id: str) -> None:
    code, _o, err = run(capsys, tmp_path, "course", "hold", course_id, "--session", "1",
                        "--reason", "low counts", "--user", "dr.wang")  # fmt: skip
    assert code == 0, err


def _session(capsys: pytest.CaptureFixture[str], tmp_path: Path, course_id: str) -> dict:
    code, out, err = run(capsys, tmp_path, "course", "show", course_id, "--json")
    assert code == 0, err
    return json.loads(out)["sessions"][0]


def test_hold_records_when_and_correct_takes_it_back(capsys, tmp_path, course) -> None:
    _hold(capsys, tmp_path, course)
    assert _session(capsys, tmp_path, course)["held_at"]  # the hold's time is recorded
    code, out, err = run(capsys, tmp_path, "course", "correct", "--course", course,
                         "--reason", "held the wrong patient", "--user", "dr.wang")  # fmt: skip
    assert code == 0, err
    assert out.strip() and "Traceback" not in err
    session = _session(capsys, tmp_path, course)
    assert session["status"] == "planned"
    assert session["corrections"][0]["reason"] == "held the wrong patient"
    assert session["corrections"][0]["mark"] == "held"


def test_correct_refusals_and_bad_input(capsys, tmp_path, course) -> None:
    code, _o, err = run(capsys, tmp_path, "course", "correct", "--course", course,
                        "--reason", "x", "--user", "dr.wang")  # fmt: skip
    assert code == 2 and "No session" in err  # nothing marked yet
    _hold(capsys, tmp_path, course)
    code, _o, err = run(capsys, tmp_path, "course", "correct", "--course", course,
                        "--reason", "x", "--user", "pharm.zhao")  # fmt: skip
    assert code == 3 and "REFUSED" in err and len(err.strip().splitlines()) == 1
    code, _o, err = run(capsys, tmp_path, "course", "correct", "--course", course,
                        "--reason", "  ", "--user", "dr.wang")  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert _session(capsys, tmp_path, course)["status"] == "held"  # nothing changed
