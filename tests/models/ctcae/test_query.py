"""Input checking of the grader: bad input changes nothing and says what to fix."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ctcae_helpers import grade

from lmdesk.models.ctcae import GradeStatus, LabQuery, UnknownTermError, grade_lab
from lmdesk.models.ctcae.lab_query import parse_version, parse_yes_no
from lmdesk.models.errors import BadInputError


@pytest.mark.parametrize(
    "raw",
    [
        {"value": "1"},
        {"term": "", "value": "1"},
        {"term": "Anemia"},
        {"term": "Anemia", "value": "abc"},
        {"term": "Anemia", "value": "-1"},
        {"term": "Anemia", "value": "NaN"},
        {"term": "Anemia", "value": "Infinity"},
        {"term": "Anemia", "value": True},
        {"term": "Anemia", "value": "1,5"},
        {"term": "Anemia", "value": "9", "version": "4.0"},
        {"term": "Anemia", "value": "9", "symptomatic": "maybe"},
        {"term": "Anemia", "value": "9", "colour": "red"},
        {"term": "Anemia", "value": "9", "uln": "0"},
        {"term": "Anemia", "value": "9", "baseline": "0"},
        {"term": "Anemia", "value": "9", "unit": 5},
    ],
)
def test_bad_input_is_refused(raw: dict[str, object]) -> None:
    with pytest.raises(BadInputError):
        LabQuery.from_raw(raw)


def test_thousands_separator_accepted() -> None:
    assert LabQuery.from_raw({"term": "x", "value": "75,000"}).value == Decimal(75000)


def test_float_input_is_read_by_its_shortest_text() -> None:
    assert LabQuery.from_raw({"term": "x", "value": 1.8}).value == Decimal("1.8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5", "5.0"), ("v6", "6.0"), ("6.0", "6.0"), (None, "5.0"), (" 5.0 ", "5.0")],
)
def test_versions(text: str | None, expected: str) -> None:
    assert parse_version(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("yes", True), ("NO", False), (None, None), (True, True), ("是", True)]
)
def test_yes_no(text: object, expected: bool | None) -> None:
    assert parse_yes_no(text, "symptomatic") is expected


def test_unknown_term() -> None:
    with pytest.raises(UnknownTermError):
        grade("Headache", "1", "g/L")


def test_term_name_any_case_and_spacing() -> None:
    assert grade("  anemia ", "95", "g/L", lln="120").term == "Anemia"
    assert grade("GGT INCREASED", "50", "U/L", uln="40").grade == 1


def test_aliases_map_other_names() -> None:
    query = LabQuery.from_raw({"term": "贫血", "value": "95", "unit": "g/L", "lln": "120"})
    assert grade_lab(query, aliases={"贫血": "Anemia"}).grade == 2


def test_missing_unit_is_not_gradable() -> None:
    result = grade("Anemia", "95", None, lln="120")
    assert result.status == GradeStatus.NOT_GRADABLE
    assert "g/L" in (result.reason or "")


@pytest.mark.parametrize("unit", ["furlong", "g/l/s", "mg", "10^6/L", "G/dL/L"])
def test_unknown_unit_never_guessed(unit: str) -> None:
    result = grade("Anemia", "95", unit, lln="120")
    assert (result.status, result.grade) == (GradeStatus.NOT_GRADABLE, None)


def test_json_shape() -> None:
    data = grade("Anemia", "95", "g/L", lln="120").as_json()
    assert list(data) == [
        "term",
        "version",
        "grade",
        "status",
        "criterion",
        "assumptions",
        "reason",
        "needs",
    ]
    assert data["status"] == "graded"


def test_every_reachable_grade_has_its_printed_text() -> None:
    from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
    from lmdesk.models.ctcae.rules import AbsoluteRule, Choice, FebrileNeutropeniaRule

    for key, term in LAB_TERMS.items():
        rule = term.rule
        grades: set[int] = set()
        if isinstance(rule, AbsoluteRule):
            specs = [b.grade for s in rule.scales.values() for b in s.bands]
            specs += [rule.lln_grade] if rule.lln_grade is not None else []
            for spec in specs:
                grades |= {spec.if_true, spec.if_false} if isinstance(spec, Choice) else {spec}
        elif isinstance(rule, FebrileNeutropeniaRule):
            grades = {rule.grade}
        else:
            grades = {m.grade for m in rule.uln + rule.baseline}
        assert grades <= set(term.texts), key
