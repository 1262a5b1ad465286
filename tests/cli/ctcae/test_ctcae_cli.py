"""``lmdesk grade`` (flags, --batch) and ``lmdesk ctcae search|term``: JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lmdesk.__main__ import main

KEYS = ["term", "version", "grade", "status", "criterion", "assumptions", "reason", "needs"]


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(tmp_path / "p.sqlite"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_grade_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        tmp_path,
        capsys,
        "grade",
        "--term",
        "Neutrophil count decreased",
        "--value",
        "0.7",
        "--unit",
        "10^9/L",
        "--lln",
        "2.0",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert list(data) == KEYS
    assert (data["grade"], data["status"], data["version"]) == (3, "graded", "5.0")
    assert data["criterion"] == "<1000 - 500/mm3; <1.0 - 0.5 x 10e9 /L"


def test_grade_v6_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        tmp_path,
        capsys,
        "grade",
        "--term",
        "neutrophil count decreased",
        "--value",
        "700",
        "--unit",
        "/mm3",
        "--ctcae",
        "6.0",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["grade"] == 2


def test_grade_chinese_term_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        tmp_path,
        capsys,
        "grade",
        "--term",
        "低钾血症",
        "--value",
        "3.2",
        "--unit",
        "mmol/L",
        "--lln",
        "3.5",
        "--symptomatic",
        "no",
        "--json",
    )
    data = json.loads(out)
    assert (code, data["term"], data["grade"], data["assumptions"]) == (0, "Hypokalemia", 1, [])


def test_grade_worst_case_assumption_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        tmp_path, capsys, "grade", "--term", "Fever", "--value", "40.6", "--unit", "degC", "--json"
    )
    data = json.loads(out)
    assert (code, data["grade"]) == (0, 4)
    assert data["assumptions"]


def test_grade_fever_hours_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(
        tmp_path,
        capsys,
        "grade",
        "--term",
        "Fever",
        "--value",
        "40.6",
        "--unit",
        "degC",
        "--hours-above-40c",
        "6",
        "--json",
    )
    assert json.loads(out)["grade"] == 3


def test_grade_febrile_neutropenia_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        tmp_path,
        capsys,
        "grade",
        "--term",
        "Febrile neutropenia",
        "--value",
        "800",
        "--unit",
        "/mm3",
        "--max-temp-c",
        "38.1",
        "--sustained-38c-over-1h",
        "no",
        "--json",
    )
    assert (code, json.loads(out)["grade"]) == (0, 0)


def test_grade_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        tmp_path,
        capsys,
        "grade",
        "--term",
        "Anemia",
        "--value",
        "95",
        "--unit",
        "g/L",
        "--lln",
        "120",
    )
    assert code == 0
    assert "grade 2" in out and "Anemia" in out


@pytest.mark.parametrize(
    ("term", "unit"),
    [("Anemia", "mg/L"), ("Anemia", "furlongs"), ("Neutrophil count decreased", "g/L")],
)
@pytest.mark.parametrize("as_json", [True, False])
def test_grade_unknown_unit_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], term: str, unit: str, as_json: bool
) -> None:
    args = ["grade", "--term", term, "--value", "95", "--unit", unit]
    code, out, err = run(tmp_path, capsys, *args, *(["--json"] if as_json else []))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and unit in err and "Traceback" not in err


def test_grade_without_a_unit_says_what_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(tmp_path, capsys, "grade", "--term", "Anemia", "--value", "95", "--json")
    data = json.loads(out)
    assert (code, data["status"], data["needs"]) == (0, "not_gradable", ["unit"])


@pytest.mark.parametrize(
    ("value", "unit"),
    [("700", "10^3/mL"), ("700", "/µL"), ("0.7", "G/L"), ("0.7", "x10⁹/L"), ("0.7", "K/uL")],
)
def test_grade_count_in_any_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, unit: str
) -> None:
    args = ["grade", "--term", "Neutrophil count decreased", "--value", value, "--unit", unit]
    code, out, _ = run(tmp_path, capsys, *args, "--lln", "2.0 10^9/L", "--json")
    assert (code, json.loads(out)["grade"]) == (0, 3)


def test_grade_clinical_term_not_gradable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        tmp_path, capsys, "grade", "--term", "头痛", "--value", "1", "--unit", "g/L", "--json"
    )
    data = json.loads(out)
    assert (code, data["term"], data["status"]) == (0, "Headache", "not_gradable")


@pytest.mark.parametrize(
    "args",
    [
        ["grade", "--term", "Nonsense", "--value", "1", "--unit", "g/L"],
        ["grade", "--term", "Anemia", "--value", "abc", "--unit", "g/L"],
        ["grade", "--term", "Anemia", "--value", "-3", "--unit", "g/L"],
        ["grade", "--term", "Anemia"],
        ["grade", "--value", "1"],
        ["grade", "--term", "Anemia", "--value", "9", "--ctcae", "4.0"],
        ["grade", "--term", "Anemia", "--value", "9", "--symptomatic", "maybe"],
        ["grade", "--batch", "x.jsonl", "--term", "Anemia"],
        ["ctcae", "term", "No such term"],
    ],
)
def test_bad_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(tmp_path, capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err


def test_batch_goes_on_after_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "in.jsonl"
    lines = [
        {"term": "Platelet count decreased", "value": 40, "unit": "10^9/L", "lln": 150},
        "not json",
        {"term": "ALT increased?", "value": 1},
        {
            "term": "Alanine aminotransferase increased",
            "value": 130,
            "unit": "U/L",
            "uln": 40,
            "baseline": 80,
            "version": "5.0",
        },
        [1, 2],
        {"term": "Anemia", "value": "x"},
        {"term": "Hyponatremia", "value": 129.5, "unit": "mmol/L", "lln": 135, "symptomatic": None},
        {"term": "Platelet count decreased", "value": 20, "unit": "10^9/L", "version": "6.0"},
        {"term": "Anemia", "value": 9, "colour": "red"},
    ]
    batch.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(tmp_path, capsys, "grade", "--batch", str(batch), "--json")
    assert code == 0 and err == ""
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == len(lines)
    assert [r["status"] for r in results] == [
        "graded",
        "error",
        "error",
        "graded",
        "error",
        "error",
        "ambiguous",
        "graded",
        "error",
    ]
    assert results[0]["grade"] == 3
    assert results[3]["grade"] == 1
    assert results[7]["term"] == "Thrombocytopenia" and results[7]["grade"] == 3
    for r in results:
        assert set(KEYS) <= set(r)
        if r["status"] == "error":
            assert r["message"] and r["grade"] is None
    assert results[5]["term"] == "Anemia"


def test_batch_text_output_and_empty_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        '{"term": "Anemia", "value": 95, "unit": "g/L", "lln": 120}\n\n', encoding="utf-8"
    )
    code, out, _ = run(tmp_path, capsys, "grade", "--batch", str(batch))
    assert code == 0
    assert out.splitlines()[0].startswith("line 1: Anemia")
    assert "line 2: error" in out


def test_batch_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(tmp_path, capsys, "grade", "--batch", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "nope.jsonl" in err


def test_ctcae_search_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, "ctcae", "search", "蛛网膜", "--json")
    found = json.loads(out)
    assert code == 0 and found[0]["term"] == "Arachnoiditis"
    assert found[0]["name_zh"] == "蛛网膜炎"
    code, out, _ = run(
        tmp_path, capsys, "ctcae", "search", "meningitis", "--ctcae", "6.0", "--json"
    )
    assert {"Meningitis", "Aseptic meningitis"} <= {t["term"] for t in json.loads(out)}


def test_ctcae_term_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, "ctcae", "term", "cerebrospinal fluid leakage", "--json")
    data = json.loads(out)
    assert code == 0
    assert "Post-lumbar puncture" in data["grade_texts"]["1"]
    assert data["grade_texts_zh"]["1"].startswith("开颅术后")
    assert data["definition"].startswith("A disorder characterized by loss of cerebrospinal")


def test_ctcae_term_text_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(tmp_path / "p.sqlite"), "--lang", "zh_CN", "ctcae", "term", "头痛"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("头痛") and "轻度疼痛" in out


def test_no_traceback_in_subprocess(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lmdesk",
            "--db",
            str(tmp_path / "p.sqlite"),
            "grade",
            "--term",
            "Anemia",
            "--value",
            "NaN",
            "--unit",
            "g/L",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_ctcae_without_subcommand_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(tmp_path, capsys, "ctcae")
    assert code == 2 and "search" in err


def test_grade_text_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "--db",
            str(tmp_path / "p.sqlite"),
            "--lang",
            "zh_CN",
            "grade",
            "--term",
            "发热",
            "--value",
            "40.5",
            "--unit",
            "degC",
            "--hours-above-40c",
            "2",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("发热") and "3 级" in out
