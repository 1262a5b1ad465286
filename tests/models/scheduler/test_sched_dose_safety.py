import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sched_factories import LIMITS

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits, check_dose, require_reason


def codes(found):
    return [f.code for f in found]


def test_within_usual_range_is_silent():
    assert check_dose("methotrexate", "lp", 12, LIMITS) == []


def test_above_usual_without_reason_needs_one():
    found = check_dose("methotrexate", "lp", 15, LIMITS)
    assert codes(found) == ["dose_reason_required"]
    with pytest.raises(SafetyRefusal) as err:
        require_reason(found)
    assert err.value.rule == "dose_reason_required"


def test_above_usual_with_reason_is_recorded():
    found = check_dose("methotrexate", "lp", 15, LIMITS, reason="ward protocol")
    assert codes(found) == ["dose_above_usual"]
    assert "ward protocol" in found[0].message
    require_reason(found)


def test_blank_reason_counts_as_none():
    assert codes(check_dose("methotrexate", "lp", 15, LIMITS, reason="   ")) == [
        "dose_reason_required"
    ]


def test_ceiling_refused_with_source():
    with pytest.raises(SafetyRefusal) as err:
        check_dose("methotrexate", "ommaya", 15.01, LIMITS, reason="x")
    assert err.value.rule == "dose_ceiling" and "R42" in str(err.value)


def test_route_specific_limit_wins():
    assert check_dose("pemetrexed", "ommaya", 30, LIMITS) == []
    assert codes(check_dose("pemetrexed", "lp", 30, LIMITS)) == ["dose_reason_required"]


def test_below_usual_is_info():
    assert codes(check_dose("methotrexate", "lp", 5, LIMITS)) == ["dose_below_usual"]


def test_unknown_drug_warns_no_limit():
    assert codes(check_dose("newdrug", "lp", 5, LIMITS)) == ["no_dose_limit"]


@pytest.mark.parametrize("dose", [0, -1, math.nan])
def test_impossible_dose_is_bad_input(dose):
    with pytest.raises(BadInputError):
        check_dose("methotrexate", "lp", dose, LIMITS)


@given(st.floats(min_value=0.001, max_value=1000, allow_nan=False))
def test_ceiling_property(dose):
    limits = DoseLimits([DoseLimit(drug="d", usual_max_mg=10, ceiling_mg=20)])
    if dose > 20:
        with pytest.raises(SafetyRefusal):
            check_dose("d", "lp", dose, limits, reason="r")
    else:
        found = check_dose("d", "lp", dose, limits)
        assert ("dose_reason_required" in codes(found)) == (dose > 10)


# -- the reader's language ---------------------------------------------------------------

NAMED = DoseLimits(
    [
        DoseLimit(
            drug="methotrexate",
            usual_min_mg=10,
            usual_max_mg=12.5,
            ceiling_mg=15,
            usual_source="R44 (max 12.5 mg per adult IT dose)",
            usual_source_zh="R44（成人每次 IT 最多 12.5 mg）",
            ceiling_source="R42 (upper end)",
            ceiling_source_zh="R42（上限）",
        )
    ],
    names={"methotrexate": ("Methotrexate", "甲氨蝶呤")},
)


def test_findings_name_the_drug_and_quote_the_source_in_english():
    (found,) = check_dose("methotrexate", "lp", 14, NAMED)
    assert "Methotrexate" in found.message
    assert "R44 (max 12.5 mg per adult IT dose)" in found.message


@pytest.mark.usefixtures("zh")
def test_findings_name_the_drug_and_quote_the_source_in_chinese():
    below, above = (check_dose("methotrexate", "lp", d, NAMED)[0].message for d in (5, 14))
    for message in (below, above):
        assert "甲氨蝶呤" in message and "methotrexate" not in message.lower()
        assert "R44（成人每次 IT 最多 12.5 mg）" in message
    with pytest.raises(SafetyRefusal) as err:
        check_dose("methotrexate", "lp", 20, NAMED)
    assert "甲氨蝶呤" in str(err.value) and "R42（上限）" in str(err.value)


@pytest.mark.usefixtures("zh")
def test_a_drug_with_no_name_is_shown_by_its_card_id():
    (found,) = check_dose("methotrexate", "lp", 14, LIMITS)
    assert "methotrexate" in found.message


@pytest.mark.usefixtures("zh")
def test_a_source_without_chinese_is_quoted_in_english():
    limits = DoseLimits([DoseLimit(drug="x", usual_max_mg=1, usual_source="R1 (one)")])
    assert "R1 (one)" in check_dose("x", "lp", 2, limits)[0].message


def test_a_source_without_its_chinese_is_reported_missing():
    limit = DoseLimit(
        drug="x", usual_source="R1 (one)", ceiling_source="R2", ceiling_source_zh="R2"
    )
    assert limit.missing_chinese() == ["usual_source_zh"]
    assert DoseLimit(drug="x").missing_chinese() == []
