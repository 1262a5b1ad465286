"""``lmdesk assess``: add, list, show, baseline, retract, report; --json; bad input exits 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_staff import signed

from lmdesk.__main__ import main

TODAY = date.today()
START = TODAY - timedelta(days=60)
BASELINE = START - timedelta(days=2)
FOLLOW = START + timedelta(days=30)


def run(capsys: Any, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(signed(["--db", str(tmp_path / "p.sqlite"), *args]))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def course(capsys: Any, tmp_path: Path) -> int:
    assert run(capsys, tmp_path, "patient", "add", "--mrn", "M1", "--name", "Wang Wu 王五")[0] == 0
    code, out, _ = run(
        capsys,
        tmp_path,
        "course",
        "add",
        "--mrn",
        "M1",
        "--protocol",
        "mtx-classic",
        "--start",
        START.isoformat(),
        "--confirm-default",
        "--json",
    )
    assert code == 0
    return int(json.loads(out)["id"])


BASE_FLAGS = [
    "--kps",
    "60",
    "--ecog",
    "2",
    "--gait",
    "2",
    "--strength",
    "1",
    "--sensation",
    "0",
    "--vision",
    "none",
    "--eye-movements",
    "1",
    "--facial-strength",
    "none",
    "--cytology",
    "positive",
    "--csf-volume",
    "8",
    "--marker",
    "CEA=40 ng/mL",
    "--mri",
    "yes",
    "--brain-nodules",
    "present",
    "--brain-linear",
    "present",
    "--hydrocephalus",
    "absent",
    "--spinal-nodules",
    "absent",
    "--spinal-linear",
    "absent",
    "--symptoms",
    "headache",
]


def add(capsys: Any, tmp_path: Path, course: int, day: date, *flags: str) -> tuple[int, str, str]:
    return run(
        capsys,
        tmp_path,
        "assess",
        "add",
        "--course",
        str(course),
        "--date",
        day.isoformat(),
        *flags,
    )


def test_add_baseline_and_follow_up_then_show_the_change(
    capsys: Any, tmp_path: Path, course: int
) -> None:
    code, out, err = add(capsys, tmp_path, course, BASELINE, *BASE_FLAGS, "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["role"] == "baseline" and first["completeness"]["missing"] == []
    code, out, err = add(
        capsys,
        tmp_path,
        course,
        FOLLOW,
        "--kps",
        "80",
        "--cytology",
        "negative",
        "--marker",
        "cea=26 ng/mL",
        "--neuro-vs-baseline",
        "improved",
        "--json",
    )
    assert code == 0, err
    follow = json.loads(out)
    assert follow["role"] == "follow_up"
    assert "neuro.gait" in follow["completeness"]["missing"]
    comparison = follow["comparison"]
    assert comparison["kps"] == {
        "baseline": 60,
        "current": 80,
        "change": 20,
        "direction": "better",
        "source": "R108",
    }
    assert comparison["markers"][0]["change_percent"] == "-35.0"
    assert comparison["markers"][0]["call"] == "predicts_response"
    assert comparison["cytology"]["change"] == "converted_negative"
    assert comparison["overall"]["call"] == "clinician_decides"
    code, out, _ = run(capsys, tmp_path, "assess", "show", str(follow["id"]))
    assert code == 0
    assert "-35.0 %: decrease >= 35 %: predicts response" in out
    assert "Clinician decides [R70]" in out
    assert "missing: Neurological examination: Gait" in out
    code, out, _ = run(capsys, tmp_path, "assess", "list", "--course", str(course))
    assert code == 0 and "baseline" in out and "follow-up" in out


def test_list_json_and_chinese_text(capsys: Any, tmp_path: Path, course: int) -> None:
    add(capsys, tmp_path, course, BASELINE, *BASE_FLAGS)
    code, out, _ = run(capsys, tmp_path, "assess", "list", "--course", str(course), "--json")
    assert code == 0 and [a["role"] for a in json.loads(out)] == ["baseline"]
    code, out, _ = run(capsys, tmp_path, "--lang", "zh_CN", "assess", "show", "1")
    assert code == 0 and "基线评估" in out


def test_baseline_and_retract(capsys: Any, tmp_path: Path, course: int) -> None:
    add(capsys, tmp_path, course, FOLLOW, *BASE_FLAGS)
    add(capsys, tmp_path, course, FOLLOW + timedelta(days=7), *BASE_FLAGS)
    code, out, _ = run(capsys, tmp_path, "assess", "retract", "2", "--reason", "duplicate")
    assert code == 0 and "retracted" in out
    code, out, _ = run(capsys, tmp_path, "assess", "baseline", "1")
    assert code == 0 and "now the baseline" in out


def test_report_writes_a_pdf_with_the_cjk_font(capsys: Any, tmp_path: Path, course: int) -> None:
    add(capsys, tmp_path, course, BASELINE, *BASE_FLAGS)
    add(capsys, tmp_path, course, FOLLOW, "--kps", "80", "--marker", "CEA=20 ng/mL")
    out_pdf = tmp_path / "summary.pdf"
    code, out, err = run(
        capsys,
        tmp_path,
        "assess",
        "report",
        "--course",
        str(course),
        "--pdf",
        str(out_pdf),
        "--lang",
        "zh_CN",
        "--json",
    )
    assert code == 0, err
    info = json.loads(out)
    assert info["pages"] == 1 and out_pdf.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(out_pdf)], capture_output=True, text=True).stdout
    assert "WenQuanYi" in fonts and " yes " in fonts
    text = subprocess.run(
        ["pdftotext", "-layout", str(out_pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "鞘内注射" in text and "疗效评估汇总" in text and "-50.0 %" in text
    code, out, _ = run(capsys, tmp_path, "db", "verify-audit")
    assert code == 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--kps", "75"], "KPS must be 0-100 in steps of 10"),
        (["--marker", "CEA=12"], "expected NAME=VALUE UNIT"),
        (["--marker", "CEA=-3 ng/mL"], "expected NAME=VALUE UNIT"),
        (["--nodule", "brain:6by7"], "expected SITE:D1xD2"),
        (["--nano", "cognition=7"], "score must be 0, 1 or 2"),
        (["--gait", "5"], "invalid choice"),
        (["--symptoms", "dizziness"], "unknown symptom"),
        (["--mri", "no", "--hydrocephalus", "present"], "MRI findings need an MRI"),
        (["--mri", "yes", "--imaging", "stable"], "nothing earlier to be compared with"),
        (["--neuro-vs-baseline", "stable"], "neurological assessment against the baseline"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: Any, tmp_path: Path, course: int, flags: list[str], message: str
) -> None:
    code, out, err = add(capsys, tmp_path, course, BASELINE, *flags)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, tmp_path, "assess", "list", "--course", str(course), "--json")
    assert json.loads(out) == []  # nothing saved


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "show", "99"],
        ["assess", "list", "--course", "99"],
        ["assess", "add", "--course", "99", "--date", "2020-01-01"],
        ["assess", "add", "--course", "1", "--date", "2020-02-30"],
        ["assess", "add", "--course", "1", "--date", (TODAY + timedelta(days=1)).isoformat()],
        ["assess", "report", "--course", "99", "--pdf", "x.pdf"],
    ],
)
def test_bad_ids_and_dates_exit_2(
    capsys: Any, tmp_path: Path, course: int, args: list[str]
) -> None:
    code, _out, err = run(capsys, tmp_path, *args)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "LMDESK_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lmdesk",
            "assess",
            "add",
            "--course",
            "1",
            "--date",
            "2027-01-01",
            "--kps",
            "abc",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
