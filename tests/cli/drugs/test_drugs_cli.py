"""``lmdesk drugs`` and ``lmdesk drug``: JSON shape, both languages, unknown ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lmdesk.__main__ import main


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(tmp_path / "p.sqlite"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_drugs_chinese_query_returns_methotrexate(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drugs", "甲氨蝶呤", "--json")
    assert code == 0
    found = json.loads(out)
    assert found[0]["id"] == "methotrexate"
    assert set(found[0]) >= {"id", "name_en", "name_zh", "aliases", "drug_class", "it_status"}
    assert "MTX" in found[0]["aliases"]


def test_drugs_vincristine_is_never(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drugs", "vincristine", "--json")
    assert code == 0
    assert json.loads(out)[0]["it_status"] == "never"


def test_drugs_without_query_lists_all(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drugs", "--json")
    ids = [d["id"] for d in json.loads(out)]
    assert code == 0 and len(ids) >= 29 and "pemetrexed" in ids


def test_drugs_no_match_is_empty_list(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drugs", "zzzzzz", "--json")
    assert code == 0 and json.loads(out) == []


def test_drugs_table_text(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drugs", "Ara-C")
    assert code == 0
    assert out.splitlines()[2].startswith("cytarabine")


def test_drug_json_has_sourced_doses_and_references(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drug", "pemetrexed", "--json")
    assert code == 0
    card = json.loads(out)
    assert card["id"] == "pemetrexed" and card["it_status"] == "investigational"
    for dose in card["doses"]:
        assert dose["mg"] > 0 and dose["route"] and dose["schedule"]["en"] and dose["source"]
    keys = {r["key"] for r in card["references"]}
    cited = {k for d in card["doses"] for k in d["source"]}
    assert cited <= keys
    r50 = next(r for r in card["references"] if r["key"] == "R50")
    assert r50["doi"] == "10.3389/fonc.2019.00838" and "Front Oncol" in r50["citation"]
    assert card["csf_pk"]["molecular_weight"]["unit"] == "g/mol"
    assert card["evidence"] and card["adverse_events"]


def test_drug_accepts_any_name(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drug", "Alimta", "--json")
    assert code == 0 and json.loads(out)["id"] == "pemetrexed"


def test_drug_text_in_chinese(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "--lang", "zh_CN", "drug", "vincristine")
    assert code == 0
    assert out.startswith("!" * 60)
    assert "禁止鞘内注射" in out and "长春新碱" in out


def test_drug_text_in_english_cites_every_dose(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "drug", "methotrexate")
    assert code == 0
    assert "INTRATHECAL by lumbar puncture" in out
    assert "[R40]" in out and "[R44]" in out
    assert "FATAL" not in out


def test_unknown_drug_exit_2_with_suggestions(tmp_path, capsys) -> None:
    code, out, err = run(tmp_path, capsys, "drug", "methotrexat")
    assert code == 2 and out == ""
    assert "Did you mean" in err and "Methotrexate" in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_drug_subprocess_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "LMDESK_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "lmdesk", "drug", "vincristin"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "Vincristine" in proc.stderr
