"""Anemia, hypoalbuminemia, hypokalemia, hyponatremia (ctcae_criteria.md 1.2, 1.4, 2.1, 4.1,
4.5, 4.6): thresholds from both sides, every printed unit, worst-case symptom assumptions."""

from __future__ import annotations

import pytest
from ctcae_helpers import grade

from lmdesk.models.ctcae import GradeStatus

# Anemia: g/L G3 <80, G2 80-<100, G1 100-<LLN; g/dL the same /10; mmol/L 4.9 / 6.2
ANEMIA = [
    ("g/L", "79.9", "120", 3),
    ("g/L", "80", "120", 2),
    ("g/L", "99.9", "120", 2),
    ("g/L", "100", "120", 1),
    ("g/L", "119.9", "120", 1),
    ("g/L", "120", "120", 0),
    ("g/L", "95", "90", 2),
    ("g/dL", "7.99", "12", 3),
    ("g/dL", "8.0", "12", 2),
    ("g/dL", "9.99", "12", 2),
    ("g/dL", "10.0", "12", 1),
    ("g/dL", "11.99", "12", 1),
    ("g/dL", "12", "12", 0),
    ("mmol/L", "4.89", "7.4", 3),
    ("mmol/L", "4.9", "7.4", 2),
    ("mmol/L", "6.19", "7.4", 2),
    ("mmol/L", "6.2", "7.4", 1),
    ("mmol/L", "7.39", "7.4", 1),
    ("mmol/L", "7.4", "7.4", 0),
]


@pytest.mark.parametrize(("unit", "value", "lln", "expected"), ANEMIA)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_anemia(version: str, unit: str, value: str, lln: str, expected: int) -> None:
    assert grade("Anemia", value, unit, version, lln=lln).grade == expected


def test_anemia_lab_value_never_gives_grade_4() -> None:
    # grades 4-5 are clinical only
    assert grade("Anemia", "20", "g/L", lln="120").grade == 3


@pytest.mark.parametrize("unit", ["mg/dL", "umol/L", "mEq/L", "U/L", "10^9/L"])
def test_anemia_refuses_foreign_units(unit: str) -> None:
    result = grade("Anemia", "9", unit, lln="12")
    assert result.status == GradeStatus.NOT_GRADABLE
    assert result.grade is None
    assert unit in (result.reason or "")


ALBUMIN = [
    ("g/L", "19.9", 3),
    ("g/L", "20", 2),
    ("g/L", "29.9", 2),
    ("g/L", "30", 1),
    ("g/L", "34.9", 1),
    ("g/L", "35", 0),
    ("g/dL", "1.99", 3),
    ("g/dL", "2", 2),
    ("g/dL", "2.99", 2),
    ("g/dL", "3", 1),
    ("g/dL", "3.49", 1),
    ("g/dL", "3.5", 0),
]


@pytest.mark.parametrize(("unit", "value", "expected"), ALBUMIN)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_hypoalbuminemia(version: str, unit: str, value: str, expected: int) -> None:
    lln = "35" if unit == "g/L" else "3.5"
    assert grade("Hypoalbuminemia", value, unit, version, lln=lln).grade == expected


@pytest.mark.parametrize("version", ["5.0", "6.0"])
@pytest.mark.parametrize(
    ("value", "symptomatic", "expected"),
    [
        ("2.49", None, 4),
        ("2.5", None, 3),
        ("2.99", None, 3),
        ("3.0", "no", 1),
        ("3.0", "yes", 2),
        ("3.0", None, 2),
        ("3.49", "no", 1),
        ("3.49", "yes", 2),
        ("3.5", None, 0),
        ("4.2", "yes", 0),
        ("2.99", "no", 3),
    ],
)
def test_hypokalemia(version: str, value: str, symptomatic: str | None, expected: int) -> None:
    result = grade("Hypokalemia", value, "mmol/L", version, lln="3.5", symptomatic=symptomatic)
    assert result.grade == expected


def test_hypokalemia_unknown_symptoms_assumes_symptomatic_and_says_so() -> None:
    result = grade("Hypokalemia", "3.2", "mmol/L", lln="3.5")
    assert result.grade == 2
    assert any("symptomatic" in a for a in result.assumptions)
    told = grade("Hypokalemia", "3.2", "mmol/L", lln="3.5", symptomatic="no")
    assert told.assumptions == ()


def test_hypokalemia_below_three_needs_no_symptom_assumption() -> None:
    assert grade("Hypokalemia", "2.8", "mmol/L", lln="3.5").assumptions == ()


def test_mEq_per_litre_is_accepted_with_a_note() -> None:
    result = grade("Hypokalemia", "2.4", "mEq/L", lln="3.5")
    assert result.grade == 4
    assert any("mEq/L" in a for a in result.assumptions)


SODIUM_V5 = [
    ("119.9", None, 4),
    ("120", None, 3),
    ("124", None, 3),
    ("125", "no", 2),
    ("125", "yes", 3),
    ("125", None, 3),
    ("129", "no", 2),
    ("129", None, 3),
    ("130", None, 1),
    ("134.9", None, 1),
    ("135", None, 0),
]


@pytest.mark.parametrize(("value", "symptomatic", "expected"), SODIUM_V5)
def test_hyponatremia_v5(value: str, symptomatic: str | None, expected: int) -> None:
    result = grade("Hyponatremia", value, "mmol/L", "5.0", lln="135", symptomatic=symptomatic)
    assert result.grade == expected


@pytest.mark.parametrize("value", ["124.5", "124.01", "129.5", "129.99"])
def test_hyponatremia_v5_gaps_are_ambiguous(value: str) -> None:
    result = grade("Hyponatremia", value, "mmol/L", "5.0", lln="135", symptomatic="no")
    assert result.status == GradeStatus.AMBIGUOUS
    assert result.grade is None
    assert "between" in (result.reason or "")


SODIUM_V6 = [
    ("119.9", None, 4),
    ("120", None, 3),
    ("124.5", None, 3),
    ("124.99", "no", 3),
    ("125", "no", 2),
    ("129.5", "no", 2),
    ("129.5", "yes", 3),
    ("129.99", None, 3),
    ("130", None, 1),
    ("135", None, 0),
]


@pytest.mark.parametrize(("value", "symptomatic", "expected"), SODIUM_V6)
def test_hyponatremia_v6_closes_the_gaps(
    value: str, symptomatic: str | None, expected: int
) -> None:
    result = grade("Hyponatremia", value, "mmol/L", "6.0", lln="135", symptomatic=symptomatic)
    assert result.grade == expected


def test_hyponatremia_above_130_without_lln_not_gradable() -> None:
    result = grade("Hyponatremia", "132", "mmol/L")
    assert result.status == GradeStatus.NOT_GRADABLE


def test_absolute_cut_off_below_a_low_lln() -> None:
    # a lab LLN below the printed band does not rescue a value inside it
    assert grade("Hyponatremia", "126", "mmol/L", "6.0", lln="120", symptomatic="no").grade == 2


@pytest.mark.parametrize(("value", "expected"), [("119", 4), ("122", 3), ("131", 1), ("136", 0)])
def test_hyponatremia_in_meq_per_litre(value: str, expected: int) -> None:
    result = grade("Hyponatremia", value, "mEq/L", "6.0", lln="135")
    assert result.grade == expected
    assert any("mEq/L" in a for a in result.assumptions)
