"""Completeness: every missing element listed before saving (EORTC/RANO validation [R97])."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from response_factories import baseline, follow_up

from lmdesk.models.response.assessment import parse_assessment
from lmdesk.models.response.completeness import check_completeness


def keys(items: Any) -> list[str]:
    return [i.key for i in items]


def test_an_empty_baseline_lists_every_element_as_missing() -> None:
    empty = parse_assessment({"course_id": 1, "assessed_on": date(2027, 1, 2)})
    result = check_completeness(empty, "baseline")
    assert keys(result.missing) == [
        "neuro.gait",
        "neuro.strength",
        "neuro.sensation",
        "neuro.vision",
        "neuro.eye_movements",
        "neuro.facial_strength",
        "csf.cytology",
        "csf.marker",
        "mri.done",
        "kps",
        "ecog",
        "symptoms",
    ]
    assert not result.complete
    assert result.summary() == (0, 12)


def test_a_full_baseline_and_follow_up_are_complete() -> None:
    assert check_completeness(baseline(), "baseline").complete
    result = check_completeness(follow_up(), "follow_up")
    assert result.complete
    assert "neuro.rating" in keys(result.recorded)
    assert "mri.rano_grade" in keys(result.recorded)


def test_a_follow_up_also_needs_the_ratings_against_the_baseline() -> None:
    a = follow_up(
        neuro_rating=None,
        mri={"done": True, "items": baseline().mri.items},
    )
    missing = keys(check_completeness(a, "follow_up").missing)
    assert "neuro.rating" in missing
    assert "mri.lm_response" in missing and "mri.rano_grade" in missing
    assert "mri.change.hydrocephalus" in missing
    assert "neuro.rating" not in keys(check_completeness(a, "baseline").items)


def test_not_done_and_not_evaluable_are_answers_that_give_nothing() -> None:
    a = baseline(
        csf={"cytology": "not_done", "markers_not_measured": True},
        neuro={"gait": "ne"},
        mri={"done": False},
    )
    result = check_completeness(a, "baseline")
    unavailable = keys(result.unavailable)
    assert {"csf.cytology", "csf.marker", "neuro.gait", "mri.done"} <= set(unavailable)
    assert "csf.volume" not in keys(result.items)  # no cytology, no sample volume to ask for
    assert not any(k.startswith("mri.item") for k in keys(result.items))


def test_an_item_not_evaluable_on_mri_needs_no_change_rating() -> None:
    items = dict(baseline().mri.items, hydrocephalus="ne")
    a = follow_up(mri={"done": True, "items": items, "lm_response": "SD", "rano_grade": "stable"})
    assert "mri.change.hydrocephalus" not in keys(check_completeness(a, "follow_up").items)


_FIELDS: dict[str, Any] = {
    "neuro.gait": ("neuro", {"gait": "0"}),
    "csf.cytology": ("csf", {"cytology": "negative", "volume_ml": "6"}),
    "csf.marker": ("csf", {"markers_not_measured": True}),
    "mri.done": ("mri", {"done": False}),
    "kps": ("kps", 80),
    "ecog": ("ecog", 1),
    "symptoms": ("symptoms", []),
}


@given(st.sets(st.sampled_from(sorted(_FIELDS))))
def test_exactly_the_unanswered_elements_are_missing(answered: set[str]) -> None:
    data: dict[str, Any] = {"course_id": 1, "assessed_on": date(2027, 1, 2)}
    for key in sorted(answered):
        field, value = _FIELDS[key]
        if isinstance(value, dict) and isinstance(data.get(field), dict):
            data[field] = {**data[field], **value}
        else:
            data[field] = value
    result = check_completeness(parse_assessment(data), "baseline")
    states = {i.key: i.state for i in result.items}
    for key in _FIELDS:
        assert (states[key] == "missing") is (key not in answered)
    counts = len(result.missing) + len(result.unavailable) + len(result.recorded)
    assert counts == len(result.items)
    assert result.summary()[0] == len(result.items) - len(result.missing)
