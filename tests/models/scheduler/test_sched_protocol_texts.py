"""Protocol texts in both languages: read as the drug cards write them, kept as English plus
Chinese, chosen in the reader's language, and older English-only snapshots still load."""

from __future__ import annotations

import pytest

from lmdesk.i18n import set_language
from lmdesk.models.scheduling.protocol import (
    CoMedication,
    Phase,
    Protocol,
    co_medication_text,
    drug_name_in,
)

BASE = {
    "id": "p",
    "name_en": "P",
    "name_zh": "方案",
    "drug": "pemetrexed",
    "dose": {"min_mg": 10, "max_mg": 10, "default_mg": 10},
    "phases": [{"kind": "cycle", "period_days": 7, "repeats": 2, "note": "weekly"}],
}
NAMES = {"dexamethasone": ("Dexamethasone", "地塞米松"), "folic-acid": ("Folic acid", "叶酸")}


def test_source_form_en_zh_becomes_english_and_chinese_fields() -> None:
    p = Protocol.model_validate(
        {
            **BASE,
            "notes": {"en": "MTD 15 mg [R53].", "zh": "MTD 为 15 mg [R53]。"},
            "unconfirmed": [
                {"en": "Hold rules", "zh": "暂停用药规则"},
                {"en": "Route", "zh": "途径"},
            ],
            "phases": [{**BASE["phases"][0], "note": {"en": "weekly", "zh": "每周 1 次"}}],
            "co_medications": [
                {
                    "drug": "folic-acid",
                    "dose": {"en": "400 µg daily", "zh": "每日 400 µg"},
                    "route": "unspecified",
                    "timing": {"en": "from the start", "zh": "自治疗开始时起"},
                }
            ],
        }
    )
    assert (p.notes, p.notes_zh) == ("MTD 15 mg [R53].", "MTD 为 15 mg [R53]。")
    assert p.unconfirmed == ("Hold rules", "Route")
    assert p.unconfirmed_in("zh_CN") == ("暂停用药规则", "途径")
    assert p.unconfirmed_in("en") == ("Hold rules", "Route")
    assert p.phases[0].note_in("zh_CN") == "每周 1 次"
    med = p.co_medications[0]
    assert (med.dose_in("zh_CN"), med.timing_in("zh_CN")) == ("每日 400 µg", "自治疗开始时起")
    assert med.dose_in("en") == "400 µg daily"
    assert p.missing_chinese() == []


def test_stored_form_round_trips_and_keeps_english_fields_as_before() -> None:
    p = Protocol.model_validate(
        {**BASE, "notes": {"en": "note", "zh": "备注"}, "unconfirmed": [{"en": "a", "zh": "甲"}]}
    )
    stored = p.model_dump(mode="json")
    assert stored["notes"] == "note" and stored["unconfirmed"] == ["a"]
    assert Protocol.model_validate_json(p.model_dump_json()) == p


def test_an_english_only_snapshot_still_loads_and_shows_as_written() -> None:
    """Courses saved before the translation hold plain strings: they must open unchanged."""
    old = Protocol.model_validate({**BASE, "notes": "old note", "unconfirmed": ["old item"]})
    assert old.notes_in("zh_CN") == "old note"
    assert old.unconfirmed_in("zh_CN") == ("old item",)
    assert old.missing_chinese() == ["notes", "unconfirmed[0]", "phases[0].note"]


def test_chinese_list_of_another_length_is_refused() -> None:
    with pytest.raises(ValueError, match="one Chinese text per unconfirmed item"):
        Protocol.model_validate({**BASE, "unconfirmed": ["a", "b"], "unconfirmed_zh": ["甲"]})


@pytest.mark.parametrize(
    "bad",
    [
        {"en": "x", "fr": "y"},  # unknown language
        {"zh": "只有中文"},  # no English
    ],
)
def test_malformed_bilingual_text_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="bilingual text"):
        Phase.model_validate({"kind": "cycle", "period_days": 7, "note": bad})


def test_both_source_and_stored_chinese_is_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        Protocol.model_validate({**BASE, "notes": {"en": "a", "zh": "甲"}, "notes_zh": "乙"})


def test_co_medication_text_names_the_drug_and_route_in_the_active_language() -> None:
    med = CoMedication(drug="dexamethasone", dose="5 mg", dose_zh="5 mg", route="it")
    set_language("zh_CN")
    try:
        assert co_medication_text(med, NAMES) == "地塞米松 5 mg（鞘内）"
    finally:
        set_language("en")
    assert co_medication_text(med, NAMES) == "Dexamethasone 5 mg (intrathecal)"


def test_unknown_drug_is_shown_by_its_id() -> None:
    assert drug_name_in("new-drug", NAMES, "zh_CN") == "new-drug"
    assert drug_name_in("folic-acid", {"folic-acid": ("Folic acid", "")}, "zh_CN") == "Folic acid"
