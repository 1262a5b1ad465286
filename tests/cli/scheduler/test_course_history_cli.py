"""``lmdesk course history``: the audit trail in the reader's language and local time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from cli_staff import signed

from lmdesk.__main__ import main

CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), *args]))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def course(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, tmp_path, "patient", "add", "--mrn", "H1", "--name", "Wang Wu")[0] == 0
    code, _out, err = run(
        capsys, tmp_path, "course", "add", "--mrn", "H1", "--protocol", "mtx-classic",
        "--start", "2027-01-04", "--confirm-default",
    )  # fmt: skip
    assert code == 0, err
    out_ics = str(tmp_path / "h1.ics")
    assert run(capsys, tmp_path, "course", "ics", "1", "--out", out_ics)[0] == 0


def test_history_in_english_names_the_zone_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, course: None
) -> None:
    code, out, _ = run(capsys, tmp_path, "course", "history", "1")
    assert code == 0
    assert out.count("Times are local time, UTC") == 1
    assert "Course planned: Methotrexate" in out and "h1.ics" in out
    assert "course.ics" not in out and "course.add" not in out
    body = out.splitlines()[3:]
    assert len(body) == 2
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d  ", line) for line in body), body
    assert not re.search(r"T\d\d:\d\d:\d\d[+-]", out)  # no stored ISO moment shown


def test_history_written_in_english_reads_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, course: None
) -> None:
    code, out, _ = run(capsys, tmp_path, "--lang", "zh_CN", "course", "history", "1")
    assert code == 0
    body = out.splitlines()[3:]
    assert len(body) == 2 and all(CJK.search(line) for line in body)
    assert "甲氨蝶呤" in out and "日历文件" in out and "Course planned" not in out


def test_history_json_keeps_codes_and_stored_moment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, course: None
) -> None:
    code, out, _ = run(capsys, tmp_path, "course", "history", "1", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["action"] for r in rows] == ["course.add", "course.ics"]
    assert rows[0]["at"][19] in "+-"  # stored with its UTC offset, as written
    assert len(rows[0]["at_local"]) == 16 and "h1.ics" in rows[1]["text"]


@pytest.mark.parametrize("args", [["99"], ["0"], ["x"]])
def test_unknown_or_bad_id_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    code, out, err = run(capsys, tmp_path, "course", "history", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
