"""``lmdesk sheet --course ID --pdf``: the printed PDF shows a gate override and a grade 3 AE."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_staff import signed

from lmdesk.__main__ import main

TODAY = date.today()


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), "--lang", "en", *args]))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> str:
    code, out, err = run(capsys, tmp_path, *args)
    assert code == 0, err
    return out.strip()


def test_sheet_pdf_prints_override_reason_and_grade3_ae(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(capsys, tmp_path, "patient", "add", "--mrn", "M1", "--name", "Li")
    course = ok(
        capsys, tmp_path, "course", "add", "--mrn", "M1", "--protocol", "mtx-classic",
        "--start", TODAY.isoformat(), "--confirm-default",
    )  # fmt: skip
    earlier = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    for test, value, unit in (
        ("platelets", "30", "10^9/L"), ("anc", "2500", "/uL"), ("wbc", "5", "G/L"),
        ("inr", "1.0", ""),
    ):  # fmt: skip
        ok(
            capsys, tmp_path, "labs", "add", "--mrn", "M1", "--date", earlier, "--test", test,
            "--value", value, "--unit", unit, "--user", "nurse.li",
        )  # fmt: skip
    ok(capsys, tmp_path, "course", "verify", course, "--session", "1", "--user", "pharm.zhao")
    code, _o, err = run(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "nurse.li"
    )
    assert code == 3, err
    ok(
        capsys, tmp_path, "course", "give", course, "--session", "1", "--user", "dr.chen",
        "--override", "transfused; haematology agreed",
    )  # fmt: skip
    ok(
        capsys, tmp_path, "ae", "add", "--course", course, "--term", "Arachnoiditis",
        "--grade", "3", "--date", TODAY.isoformat(), "--attribution", "drug", "--user", "dr.wang",
    )  # fmt: skip
    out = tmp_path / "sheet.pdf"
    ok(capsys, tmp_path, "sheet", "--course", course, "--pdf", str(out), "--lang", "en")
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Pre-dose gate overridden" in text
    assert "transfused; haematology agreed" in text and "Chen Jing" in text
    assert "Adverse events of grade 3 or higher on this course" in text
    assert f"Arachnoiditis: grade 3, onset {TODAY.isoformat()}" in text
    assert "all courses of this patient (1)" in text
    assert "INTRATHECAL / 鞘内注射" in text
