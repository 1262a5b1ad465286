"""Fever and febrile neutropenia (ctcae_criteria.md 1.2, 1.6, 4.1, 4.6)."""

from __future__ import annotations

import pytest
from ctcae_helpers import grade

from lmdesk.models.ctcae import GradeStatus
from lmdesk.models.errors import BadInputError

FEVER_C = [
    ("37.9", None, 0),
    ("38.0", None, 1),
    ("38.5", None, 1),
    ("39.0", None, 1),
    ("39.01", None, 2),
    ("39.1", None, 2),
    ("40.0", None, 2),
    ("40.01", "24", 3),
    ("40.5", "2", 3),
    ("40.5", "24.1", 4),
    ("41", "48", 4),
]


@pytest.mark.parametrize(("value", "hours", "expected"), FEVER_C)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_fever_celsius(version: str, value: str, hours: str | None, expected: int) -> None:
    assert grade("Fever", value, "degC", version, hours_above_40c=hours).grade == expected


FEVER_F = [
    ("100.3", 0),
    ("100.4", 1),
    ("102.2", 1),
    ("102.3", 2),
    ("104.0", 2),
]


@pytest.mark.parametrize(("value", "expected"), FEVER_F)
@pytest.mark.parametrize("unit", ["degF", "°F", "F"])
def test_fever_fahrenheit(unit: str, value: str, expected: int) -> None:
    assert grade("Fever", value, unit).grade == expected


def test_fever_fahrenheit_above_104_by_duration() -> None:
    assert grade("Fever", "104.1", "degF", hours_above_40c="3").grade == 3
    assert grade("Fever", "104.1", "degF", hours_above_40c="30").grade == 4


@pytest.mark.parametrize("value", ["102.21", "102.25", "102.29"])
def test_fever_fahrenheit_gap_is_ambiguous(value: str) -> None:
    result = grade("Fever", value, "degF")
    assert result.status == GradeStatus.AMBIGUOUS
    assert result.grade is None


def test_fever_unknown_duration_is_worst_case() -> None:
    result = grade("Fever", "40.5", "degC")
    assert result.grade == 4
    assert any("24 hours" in a for a in result.assumptions)


def test_fever_refuses_count_units() -> None:
    assert grade("Fever", "39", "mmol/L").status == GradeStatus.NOT_GRADABLE


FN = "Febrile neutropenia"


@pytest.mark.parametrize(
    ("anc", "unit", "extra", "expected"),
    [
        ("0.99", "10^9/L", {"max_temp_c": "38.4"}, 3),
        ("990", "/mm3", {"max_temp_c": "38.4"}, 3),
        ("1.0", "10^9/L", {"max_temp_c": "39"}, 0),
        ("1000", "/mm3", {"max_temp_c": "39"}, 0),
        ("0.5", "10^9/L", {"max_temp_c": "38.3", "sustained_38c_over_1h": "no"}, 0),
        ("0.5", "10^9/L", {"max_temp_c": "38.3", "sustained_38c_over_1h": "yes"}, 3),
        ("0.5", "10^9/L", {"max_temp_c": "38.0", "sustained_38c_over_1h": "yes"}, 3),
        ("0.5", "10^9/L", {"max_temp_c": "37.9"}, 0),
        ("0.5", "10^9/L", {"sustained_38c_over_1h": "yes"}, 3),
        ("0.5", "10^3/uL", {"max_temp_c": "38.31"}, 3),
    ],
)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_febrile_neutropenia(
    version: str, anc: str, unit: str, extra: dict[str, str], expected: int
) -> None:
    result = grade(FN, anc, unit, version, **extra)
    assert result.grade == expected
    assert result.assumptions == ()


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ({}, "Temperature"),
        ({"sustained_38c_over_1h": "no"}, "Highest temperature"),
        ({"max_temp_c": "38.2"}, "one hour"),
    ],
)
def test_febrile_neutropenia_unknown_facts_are_worst_case(
    extra: dict[str, str], needle: str
) -> None:
    result = grade(FN, "0.5", "10^9/L", **extra)
    assert result.grade == 3
    assert any(needle in a for a in result.assumptions)


def test_febrile_neutropenia_contradiction_is_bad_input() -> None:
    with pytest.raises(BadInputError):
        grade(FN, "0.5", "10^9/L", max_temp_c="37", sustained_38c_over_1h="yes")
