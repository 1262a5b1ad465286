"""Issue 22: `course add` beside another course says what moved and why, and keeps 21 days."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise

from cli_staff import signed

from lmdesk.__main__ import main


def run(capsys, db, *args):  # type: ignore[no-untyped-def]
    code = main(signed(["--db", str(db), *args]))
    out, err = capsys.readouterr()
    return code, out, err


def _two_courses(capsys, db, *lang):  # type: ignore[no-untyped-def]
    assert run(capsys, db, "patient", "add", "--mrn", "B1", "--name", "Test")[0] == 0
    first = ("course", "add", "--mrn", "B1", "--protocol", "mtx-classic", "--start", "2027-01-04")
    assert run(capsys, db, *first, "--maintenance-count", "0")[0] == 0
    second = (
        *lang, "course", "add", "--mrn", "B1", "--protocol", "pemetrexed-xu2025", "--start",
        "2027-01-04", "--reason", "as in the trial", "--confirm-default",
    )  # fmt: skip
    return run(capsys, db, *second)


def test_course_add_says_in_words_what_moved(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "p.sqlite"
    code, out, err = _two_courses(capsys, db)
    assert code == 0, err
    assert out.strip() == "2", "stdout holds the new course's id alone (scripts read it)"
    text = err
    assert "another course" in text and "2027-01-04" in text and "keeps its length" in text
    _c, shown, _e = run(capsys, db, "course", "show", "2", "--json")
    days = [date.fromisoformat(s["date"]) for s in json.loads(shown)["sessions"]]
    assert len(days) >= 2 and all((b - a).days == 21 for a, b in pairwise(days))


def test_course_add_says_it_in_chinese(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = _two_courses(capsys, tmp_path / "p.sqlite", "--lang", "zh_CN")
    assert code == 0, err
    assert "另一疗程" in err and "保持原有长度" in err
