"""What an assessment accepts: only the listed levels, scales and categories."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lmdesk.models.errors import BadInputError
from lmdesk.models.response.assessment import parse_assessment
from lmdesk.models.response.imaging import MriFindings, Nodule
from lmdesk.models.response.neuro import NEURO_BY_KEY, NEURO_ITEMS, NO_LISTED_DEFICIT


def raw(**extra: Any) -> dict[str, Any]:
    return {"course_id": 1, "assessed_on": date(2027, 1, 2), **extra}


def test_rano_items_offer_only_the_levels_the_source_lists() -> None:
    codes = {item.key: item.codes for item in NEURO_ITEMS}
    assert codes == {
        "gait": ("0", "1", "2", "3", "ne"),
        "strength": ("0", "1", "2", "3", "ne"),
        "sensation": ("0", "1", "2", "ne"),
        "vision": ("none", "1", "2", "3", "ne"),
        "eye_movements": ("none", "1", "2", "3", "ne"),
        "facial_strength": ("none", "1", "2", "ne"),
    }
    assert all(item.citation == "R99" for item in NEURO_ITEMS)


def test_no_listed_deficit_carries_no_invented_score() -> None:
    for key in ("vision", "eye_movements", "facial_strength"):
        level = NEURO_BY_KEY[key].level(NO_LISTED_DEFICIT)
        assert level is not None and level.score is None
        assert NEURO_BY_KEY[key].level("0") is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("neuro", {"vision": "0"}),
        ("neuro", {"gait": "4"}),
        ("neuro", {"reflexes": "1"}),  # not a confirmed RANO item
        ("nano", {"cognition": 3}),
        ("nano", {"seizures": 1}),  # not among the named NANO-LM domains
        ("kps", 75),
        ("kps", 110),
        ("ecog", 6),
        ("symptoms", ["dizziness"]),
        ("medications", {"opioids": "yes"}),
        ("note", "line\x00break"),
    ],
)
def test_bad_fields_are_one_clear_error(field: str, value: Any) -> None:
    with pytest.raises(BadInputError, match=f"Assessment not saved: {field}"):
        parse_assessment(raw(**{field: value}))


def test_kps_in_steps_of_ten_and_ecog_0_to_5_are_accepted() -> None:
    for kps in range(0, 101, 10):
        assert parse_assessment(raw(kps=kps)).kps == kps
    for ecog in range(6):
        assert parse_assessment(raw(ecog=ecog)).ecog == ecog


def test_mri_findings_need_an_mri() -> None:
    with pytest.raises(BadInputError, match="mri"):
        parse_assessment(raw(mri={"done": False, "items": {"hydrocephalus": "present"}}))
    assert parse_assessment(raw(mri={"done": False})).mri.done is False


def test_at_most_three_nodules() -> None:
    nodule = {"site": "brain", "d1_mm": "6", "d2_mm": "6"}
    MriFindings(done=True, nodules=tuple(Nodule.model_validate(nodule) for _ in range(3)))
    with pytest.raises(BadInputError, match="nodules"):
        parse_assessment(raw(mri={"done": True, "nodules": [nodule] * 4}))


@pytest.mark.parametrize(
    ("d1", "d2", "measurable"),
    [("6", "6", True), ("5", "6", False), ("5.1", "5.1", True), ("20", "5", False)],
)
def test_measurable_means_both_diameters_above_5_mm(d1: str, d2: str, measurable: bool) -> None:
    nodule = Nodule.model_validate({"site": "spine", "d1_mm": d1, "d2_mm": d2})
    assert nodule.measurable is measurable


def test_symptoms_none_recorded_differs_from_not_recorded() -> None:
    assert parse_assessment(raw()).symptoms is None
    assert parse_assessment(raw(symptoms=[])).symptoms == ()
    assert parse_assessment(raw(symptoms=["headache", "headache"])).symptoms == ("headache",)


def test_stored_body_round_trips_exactly() -> None:
    a = parse_assessment(
        raw(
            csf={"markers": [{"name": "CEA", "value": "12.50", "unit": "ng/mL"}]},
            note="two\nlines",
        )
    )
    back = type(a).model_validate_json(a.body_json())
    assert back.csf.markers[0].value.as_tuple() == a.csf.markers[0].value.as_tuple()
    assert back.note == "two\nlines"
