"""The one sourced overall rule (RANO-LM 2017 [R70]); everything else: clinician decides."""

from __future__ import annotations

import itertools

import pytest
from response_factories import baseline, follow_up

from lmdesk.models.response.compare import compare
from lmdesk.models.response.overall import overall_call


def isolated_progression() -> dict[str, object]:
    return {
        "neuro_rating": "stable",
        "csf": {"cytology": "negative", "markers_not_measured": True},
        "mri": {"done": True, "rano_grade": "progressive"},
    }


def test_isolated_radiographic_progression_is_lm_progression() -> None:
    c = compare(baseline(), follow_up(**isolated_progression()))
    assert c.overall.kind == "lm_progression"
    assert c.overall.citation == "R70"
    assert c.overall.unmet == ()


@pytest.mark.parametrize(
    "change",
    [
        {"neuro_rating": "worse"},
        {"neuro_rating": None},
        {"csf": {"cytology": "positive"}},
        {"csf": {"cytology": "suspicious"}},
        {"csf": {"cytology": "not_done"}},
        {"mri": {"done": True, "rano_grade": "stable"}},
        {"mri": {"done": False}},
    ],
)
def test_any_other_combination_leaves_it_to_the_clinician(change: dict[str, object]) -> None:
    c = compare(baseline(), follow_up(**{**isolated_progression(), **change}))
    assert c.overall.kind == "clinician_decides"
    assert c.overall.unmet


def test_no_response_category_is_ever_derived() -> None:
    grades = ("improved", "stable", "progressive", None)
    cytologies = ("positive", "negative", "suspicious", "not_done", None)
    ratings = ("improved", "stable", "worse", None)
    kinds = set()
    for grade, cytology, rating, conflict in itertools.product(
        grades, cytologies, ratings, (True, False)
    ):
        call = overall_call(
            rano_grade=grade, cytology=cytology, neuro_rating=rating, neuro_conflict=conflict
        )
        kinds.add(call.kind)
        expected = (grade, cytology, rating, conflict) == (
            "progressive",
            "negative",
            "stable",
            False,
        )
        assert (call.kind == "lm_progression") is expected
    assert kinds == {"lm_progression", "clinician_decides"}


def test_unknown_conditions_are_not_counted_as_unmet_facts() -> None:
    call = overall_call(
        rano_grade=None, cytology="not_done", neuro_rating=None, neuro_conflict=False
    )
    assert [c.met for c in call.conditions] == [None, None, None, True]
