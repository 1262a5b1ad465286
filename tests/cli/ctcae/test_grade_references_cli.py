"""``lmdesk grade`` with references: v6.0 ALP below ULN, creatinine in umol/L with its ULN
and baseline, references written with their own unit, and what the answer says it needs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmdesk.__main__ import main


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(tmp_path / "p.sqlite"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def grade_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = run(tmp_path, capsys, "grade", *args, "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_issue_alp_below_uln_is_normal_in_v6(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--term", "Alkaline phosphatase increased", "--value", "40", "--unit", "U/L"]
    code, out, _ = run(tmp_path, capsys, "grade", *args, "--uln", "120", "--ctcae", "6.0")
    assert code == 0
    assert out.strip() == "Alkaline phosphatase increased (CTCAE v6.0): no CTCAE grade (grade 0)"


def test_alp_above_uln_names_the_baseline_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--term", "Alkaline phosphatase increased", "--value", "140", "--unit", "U/L"]
    data = grade_json(tmp_path, capsys, *args, "--uln", "120", "--ctcae", "6.0")
    assert data["status"] == "not_gradable" and data["needs"] == ["baseline"]
    with_baseline = grade_json(
        tmp_path, capsys, *args, "--uln", "120", "--baseline", "100", "--ctcae", "6.0"
    )
    assert with_baseline["grade"] == 1 and with_baseline["needs"] == []


def test_alp_not_above_baseline_needs_no_uln(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--term", "Alkaline phosphatase increased", "--value", "90", "--unit", "U/L"]
    data = grade_json(tmp_path, capsys, *args, "--baseline", "100", "--ctcae", "6.0")
    assert (data["grade"], data["status"], data["needs"]) == (0, "normal", [])


@pytest.mark.parametrize("unit", ["µmol/L", "umol/L", "μmol/L"])
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_issue_creatinine_in_umol_l_is_graded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], unit: str, version: str
) -> None:
    base = ["--term", "Creatinine increased", "--value", "160", "--unit", unit, "--ctcae", version]
    # ULN only: 1.6 x ULN
    assert grade_json(tmp_path, capsys, *base, "--uln", "100")["grade"] == 2
    # baseline given, and the LLN where v6.0 needs it: 160 > 3 x 50
    full = grade_json(tmp_path, capsys, *base, "--uln", "100", "--baseline", "50", "--lln", "60")
    assert full["status"] == "graded" and full["grade"] == 3
    # the ULN printed in mg/dL on the report: converted, and said so
    mixed = grade_json(tmp_path, capsys, *base, "--uln", "1.2 mg/dL")
    assert mixed["grade"] == 2
    assert any("106.08" in a for a in mixed["assumptions"])  # type: ignore[union-attr]


def test_creatinine_v6_names_the_lln_when_it_decides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = grade_json(
        tmp_path,
        capsys,
        *("--term", "Creatinine increased", "--value", "120", "--unit", "umol/L"),
        *("--uln", "110", "--baseline", "60", "--ctcae", "6.0"),
    )
    assert data["status"] == "not_gradable" and data["needs"] == ["lln"]
    assert "LLN" in str(data["reason"])


def test_batch_line_with_references_in_their_own_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "in.jsonl"
    lines = [
        {"term": "Blood bilirubin increased", "value": 30.79, "unit": "umol/L", "uln": "1.2 mg/dL"},
        {"term": "Anemia", "value": 9, "unit": "g/dL", "lln": "120 g/L"},
        {"term": "Anemia", "value": 6, "unit": "mmol/L", "lln": "120 g/L"},
        {"term": "Creatinine increased", "value": 1, "unit": "mg/dL", "uln": "1 furlong"},
    ]
    batch.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, err = run(tmp_path, capsys, "grade", "--batch", str(batch), "--json")
    assert code == 0 and err == ""
    results = [json.loads(line) for line in out.splitlines()]
    assert [(r["status"], r["grade"]) for r in results] == [
        ("graded", 2),
        ("graded", 2),
        ("not_gradable", None),
        ("error", None),
    ]
    assert results[2]["needs"] == ["lln"] and results[3]["needs"] == []


@pytest.mark.parametrize(
    "extra",
    [
        ["--uln", "1.2 furlongs"],
        ["--uln", "100", "--lln", "100"],
        ["--baseline", "1,5 mg/dL", "--uln", "100"],
    ],
)
def test_bad_references_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    args = ["--term", "Creatinine increased", "--value", "120", "--unit", "umol/L", *extra]
    code, out, err = run(tmp_path, capsys, "grade", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
