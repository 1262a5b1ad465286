"""Property tests: a worse value never gets a lower grade; grades stay within 0-5.

The last property runs over every criterion of the code's table (both versions)."""

from __future__ import annotations

from decimal import Decimal

from criteria_table import TABLE, Scenario
from ctcae_helpers import grade
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.ctcae import GradeStatus, LabGrade, LabQuery, grade_lab
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.models.ctcae.rules import AbsoluteRule, RelativeRule

LOW_TERMS = [
    ("5.0", "Neutrophil count decreased", "10^9/L", "2.0"),
    ("6.0", "Neutrophil count decreased", "10^9/L", "2.0"),
    ("5.0", "Platelet count decreased", "10^9/L", "150"),
    ("6.0", "Thrombocytopenia", "10^9/L", "150"),
    ("5.0", "White blood cell decreased", "/mm3", "4000"),
    ("5.0", "Lymphocyte count decreased", "10^9/L", "1.0"),
    ("6.0", "Lymphopenia", "10^9/L", "1.0"),
    ("5.0", "Anemia", "g/dL", "12"),
    ("6.0", "Anemia", "mmol/L", "7.4"),
    ("5.0", "Hypoalbuminemia", "g/L", "35"),
    ("5.0", "Hypokalemia", "mmol/L", "3.5"),
    ("6.0", "Hyponatremia", "mmol/L", "135"),
    ("5.0", "Hyponatremia", "mmol/L", "135"),
]
HIGH_TERMS = [
    ("5.0", "Lymphocyte count increased", "10^9/L", {}),
    ("5.0", "Fever", "degC", {}),
    ("6.0", "Fever", "degF", {"hours_above_40c": "30"}),
    ("5.0", "Alanine aminotransferase increased", "U/L", {"uln": "40", "baseline": "80"}),
    ("6.0", "Aspartate aminotransferase increased", "U/L", {"uln": "40", "baseline": "80"}),
    ("6.0", "GGT increased", "U/L", {"uln": "40"}),
    ("5.0", "Alkaline phosphatase increased", "U/L", {"uln": "40", "baseline": "30"}),
    ("5.0", "Blood bilirubin increased", "umol/L", {"uln": "21", "baseline": "30"}),
    ("6.0", "Blood bilirubin increased", "mg/dL", {"uln": "1.2"}),
    ("5.0", "Creatinine increased", "umol/L", {"uln": "100", "baseline": "40"}),
    ("6.0", "Creatinine increased", "umol/L", {"uln": "100", "baseline": "40", "lln": "45"}),
]

values = st.decimals(min_value=0, max_value=2000, places=3, allow_nan=False, allow_infinity=False)
symptoms = st.sampled_from([None, "yes", "no"])


def _comparable(result: LabGrade) -> bool:
    return result.status in (GradeStatus.GRADED, GradeStatus.NORMAL)


@settings(max_examples=300)
@given(st.sampled_from(LOW_TERMS), values, values, symptoms)
def test_lower_value_never_lower_grade(
    term: tuple[str, str, str, str], a: Decimal, b: Decimal, symptomatic: str | None
) -> None:
    version, name, unit, lln = term
    low, high = sorted((a, b))
    g_low = grade(name, low, unit, version, lln=lln, symptomatic=symptomatic)
    g_high = grade(name, high, unit, version, lln=lln, symptomatic=symptomatic)
    if _comparable(g_low) and _comparable(g_high):
        assert g_low.grade is not None and g_high.grade is not None
        assert g_low.grade >= g_high.grade


@settings(max_examples=300)
@given(st.sampled_from(HIGH_TERMS), values, values)
def test_higher_value_never_lower_grade(
    term: tuple[str, str, str, dict[str, str]], a: Decimal, b: Decimal
) -> None:
    version, name, unit, extra = term
    low, high = sorted((a, b))
    g_low = grade(name, low, unit, version, **extra)
    g_high = grade(name, high, unit, version, **extra)
    if _comparable(g_low) and _comparable(g_high):
        assert g_low.grade is not None and g_high.grade is not None
        assert g_low.grade <= g_high.grade


@given(st.sampled_from(LOW_TERMS), values)
def test_units_agree(term: tuple[str, str, str, str], value: Decimal) -> None:
    """The same count in 10^9/L and /mm3 gets the same answer."""
    version, name, unit, lln = term
    if unit not in ("10^9/L",):
        return
    si = grade(name, value, "10^9/L", version, lln=lln)
    mm3 = grade(name, value * 1000, "/mm3", version, lln=Decimal(lln) * 1000)
    assert (si.grade, si.status) == (mm3.grade, mm3.status)


@given(st.sampled_from(LOW_TERMS + [(v, n, u, "1") for v, n, u, _ in HIGH_TERMS]), values)
def test_graded_results_are_well_formed(term: tuple[str, str, str, str], value: Decimal) -> None:
    version, name, unit, _lln = term
    query = LabQuery.from_raw(
        {
            "term": name,
            "value": value,
            "unit": unit,
            "version": version,
            "uln": "40",
            "lln": "1",
            "baseline": "30",
        }
    )
    result = grade_lab(query)
    if result.status == GradeStatus.GRADED:
        assert result.grade is not None and 1 <= result.grade <= 5
        assert result.criterion
        assert result.reason is None
    elif result.status == GradeStatus.NORMAL:
        assert result.grade == 0
    else:
        assert result.grade is None
        assert result.reason


def _direction(key: tuple[str, str]) -> str:
    rule = LAB_TERMS[key].rule
    if isinstance(rule, AbsoluteRule):
        return rule.direction
    return "high" if isinstance(rule, RelativeRule) else "low"  # febrile neutropenia: the ANC


SCENARIOS = [(key, s) for key in sorted(LAB_TERMS) for s in TABLE[key].scenarios]


def test_every_criterion_has_a_scenario_for_the_monotonicity_property() -> None:
    assert {key for key, _ in SCENARIOS} == set(LAB_TERMS)


@settings(max_examples=600)
@given(st.sampled_from(SCENARIOS), values, values)
def test_every_criterion_is_monotone_in_the_value(
    case: tuple[tuple[str, str], Scenario], a: Decimal, b: Decimal
) -> None:
    """Increased terms never grade a higher value lower; decreased terms the reverse."""
    (version, name), scenario = case
    low, high = sorted((a, b))
    g_low = grade(name, low, scenario.unit, version, **scenario.extra)
    g_high = grade(name, high, scenario.unit, version, **scenario.extra)
    if not (_comparable(g_low) and _comparable(g_high)):
        return
    assert g_low.grade is not None and g_high.grade is not None
    if _direction((version, name)) == "high":
        assert g_low.grade <= g_high.grade
    else:
        assert g_low.grade >= g_high.grade
