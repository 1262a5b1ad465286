"""Issue 22: `lmdesk drug overdose DRUG [--json]` prints the sourced overdose card."""

from __future__ import annotations

import json

from lmdesk.__main__ import main


def run(capsys, tmp_path, *args):  # type: ignore[no-untyped-def]
    code = main(["--db", str(tmp_path / "p.sqlite"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_overdose_card_in_english_and_json(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, tmp_path, "drug", "overdose", "MTX")
    assert code == 0, err
    assert "NEVER give leucovorin" in out and "[R235][R115]" in out
    assert "2000 U" in out and "[R231][R232][R233]" in out and "[not confirmed]" in out
    code, out, _e = run(capsys, tmp_path, "drug", "overdose", "methotrexate", "--json")
    card = json.loads(out)
    assert card["drug"] == "methotrexate" and len(card["bands"]) == 3


def test_overdose_card_in_chinese(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _e = run(capsys, tmp_path, "--lang", "zh_CN", "drug", "overdose", "甲氨蝶呤")
    assert code == 0 and "切勿鞘内注射亚叶酸钙" in out and "谷卡匹酶" in out


def test_no_card_is_bad_input_in_one_line(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, tmp_path, "drug", "overdose", "cytarabine")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, tmp_path, "drug", "methotrexate", "cytarabine")
    assert code == 2 and len(err.strip().splitlines()) == 1
