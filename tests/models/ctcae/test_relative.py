"""ULN- and baseline-relative terms (ctcae_criteria.md 1.3, 2.1, 4.1, 4.4): ">A - B x ULN" covers
A*ULN < x <= B*ULN; baseline normal / abnormal (above ULN) / missing; v5 vs v6 multiples;
the floating-point traps of 4.1."""

from __future__ import annotations

import pytest
from ctcae_helpers import grade

from lmdesk.models.ctcae import GradeStatus

ALT = "Alanine aminotransferase increased"
AST = "Aspartate aminotransferase increased"
ALP = "Alkaline phosphatase increased"
GGT = "GGT increased"
BILI = "Blood bilirubin increased"
CREAT = "Creatinine increased"

# ULN rule (baseline normal), ULN = 40 U/L: (term, value, expected) for v5 and v6 alike
ULN_RULE = [
    (ALT, "40", 0),
    (ALT, "40.01", 1),
    (ALT, "120", 1),
    (ALT, "120.01", 2),
    (ALT, "200", 2),
    (ALT, "200.01", 3),
    (ALT, "800", 3),
    (ALT, "800.01", 4),
    (AST, "40", 0),
    (AST, "41", 1),
    (AST, "120", 1),
    (AST, "121", 2),
    (AST, "200", 2),
    (AST, "201", 3),
    (AST, "800", 3),
    (AST, "801", 4),
    (GGT, "40", 0),
    (GGT, "41", 1),
    (GGT, "100", 1),
    (GGT, "101", 2),
    (GGT, "200", 2),
    (GGT, "201", 3),
    (GGT, "800", 3),
    (GGT, "801", 4),
]


@pytest.mark.parametrize(("term", "value", "expected"), ULN_RULE)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
@pytest.mark.parametrize("baseline", [None, "20", "40"])
def test_uln_rule(version: str, baseline: str | None, term: str, value: str, expected: int) -> None:
    result = grade(term, value, "U/L", version, uln="40", baseline=baseline)
    assert result.grade == expected


ALP_V5_ULN = [
    ("40", 0),
    ("41", 1),
    ("100", 1),
    ("101", 2),
    ("200", 2),
    ("201", 3),
    ("800", 3),
    ("801", 4),
]


@pytest.mark.parametrize(("value", "expected"), ALP_V5_ULN)
def test_alp_v5_uln_rule(value: str, expected: int) -> None:
    assert grade(ALP, value, "U/L", "5.0", uln="40", baseline="30").grade == expected


BILI_ULN = [
    ("1.2", 0),
    ("1.21", 1),
    ("1.8", 1),
    ("1.81", 2),
    ("3.6", 2),
    ("3.61", 3),
    ("12", 3),
    ("12.01", 4),
]


@pytest.mark.parametrize(("value", "expected"), BILI_ULN)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
@pytest.mark.parametrize("unit", ["mg/dL", "umol/L"])
def test_bilirubin_uln_rule(version: str, unit: str, value: str, expected: int) -> None:
    assert grade(BILI, value, unit, version, uln="1.2").grade == expected


# Abnormal baseline (above ULN 40), baseline 80 U/L
V5_ABNORMAL = [
    (ALT, "119.9", 0),
    (ALT, "120", 1),  # 1.5 x baseline, printed without '>' -> inclusive
    (ALT, "240", 1),
    (ALT, "240.1", 2),
    (ALT, "400", 2),
    (ALT, "400.1", 3),
    (ALT, "1600", 3),
    (ALT, "1600.1", 4),
    (ALT, "100", 0),  # above ULN but below 1.5 x baseline: no AE
    (AST, "120", 1),
    (AST, "119", 0),
    (AST, "241", 2),
    (ALP, "159.9", 0),
    (ALP, "160", 1),  # 2.0 x baseline inclusive
    (ALP, "200", 1),
    (ALP, "200.1", 2),
    (ALP, "400", 2),
    (ALP, "400.1", 3),
    (ALP, "1600.1", 4),
    (GGT, "160", 1),  # printed like ALP; admiral says 0 here (4.1), we follow the text
    (GGT, "159", 0),
    (GGT, "201", 2),
    (GGT, "401", 3),
    (GGT, "1601", 4),
]


@pytest.mark.parametrize(("term", "value", "expected"), V5_ABNORMAL)
def test_v5_abnormal_baseline(term: str, value: str, expected: int) -> None:
    assert grade(term, value, "U/L", "5.0", uln="40", baseline="80").grade == expected


def test_admiral_abnormal_baseline_alp_and_ggt_80_over_40() -> None:
    # 4.1: ALP 80 with abnormal baseline 40 is grade 1; GGT treated the same by the text
    assert grade(ALP, "80", "U/L", "5.0", uln="30", baseline="40").grade == 1
    assert grade(GGT, "80", "U/L", "5.0", uln="30", baseline="40").grade == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.0", 0),
        ("2.01", 1),
        ("3.0", 1),
        ("3.01", 2),
        ("6.0", 2),
        ("6.01", 3),
        ("20", 3),
        ("20.01", 4),
    ],
)
def test_v5_bilirubin_abnormal_baseline(value: str, expected: int) -> None:
    # baseline 2.0 mg/dL > ULN 1.2: G1 >1.0-1.5 x baseline (strict), G2 >1.5-3, G3 >3-10
    assert grade(BILI, value, "mg/dL", "5.0", uln="1.2", baseline="2.0").grade == expected


V6_ABNORMAL = [
    (ALT, "79.9", 0),
    (ALT, "80", 1),  # 1.0 x baseline inclusive: the baseline visit itself is grade 1
    (ALT, "120", 1),
    (ALT, "120.1", 2),
    (ALT, "160", 2),
    (ALT, "160.1", 3),
    (ALT, "320", 3),
    (ALT, "320.1", 4),
    (AST, "80", 1),
    (AST, "161", 3),
    (AST, "321", 4),
    (GGT, "80", 1),
    (GGT, "120", 1),
    (GGT, "121", 2),
    (GGT, "240", 2),
    (GGT, "241", 3),
    (GGT, "800", 3),
    (GGT, "801", 4),
]


@pytest.mark.parametrize(("term", "value", "expected"), V6_ABNORMAL)
def test_v6_abnormal_baseline(term: str, value: str, expected: int) -> None:
    assert grade(term, value, "U/L", "6.0", uln="40", baseline="80").grade == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.99", 0),
        ("2.0", 1),
        ("3.0", 1),
        ("3.01", 2),
        ("5.0", 2),
        ("5.01", 3),
        ("20", 3),
        ("20.01", 4),
    ],
)
def test_v6_bilirubin_abnormal_baseline(value: str, expected: int) -> None:
    assert grade(BILI, value, "mg/dL", "6.0", uln="1.2", baseline="2.0").grade == expected


def test_v6_abnormal_baseline_can_be_worse_than_uln_rule() -> None:
    # baseline 2 x ULN: 9 x ULN is >4 x baseline (G4) but only >5 x ULN (G3) by the ULN rule
    assert grade(ALT, "360", "U/L", "6.0", uln="40", baseline="80").grade == 4
    assert grade(ALT, "360", "U/L", "6.0", uln="40").grade == 3


def test_baseline_equal_to_uln_is_normal() -> None:
    # 4.4: a baseline equal to ULN is normal, so the ULN rule applies
    assert grade(ALT, "60", "U/L", "5.0", uln="40", baseline="40").grade == 1


def test_low_baseline_uses_uln_rule() -> None:
    assert grade(ALT, "60", "U/L", "6.0", uln="40", baseline="10").grade == 1


def test_missing_baseline_is_said() -> None:
    result = grade(ALT, "60", "U/L", uln="40")
    assert result.grade == 1
    assert any("baseline" in a for a in result.assumptions)
    assert grade(ALT, "60", "U/L", uln="40", baseline="30").assumptions == ()


@pytest.mark.parametrize("term", [ALT, AST, ALP, GGT, BILI, CREAT])
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_missing_uln_not_gradable(term: str, version: str) -> None:
    unit = "U/L" if term not in (BILI, CREAT) else "umol/L"
    result = grade(term, "500", unit, version, baseline="50")
    assert result.status == GradeStatus.NOT_GRADABLE
    assert "ULN" in (result.reason or "")


def test_alp_v6_grade_1_only() -> None:
    assert grade(ALP, "2000", "U/L", "6.0", uln="100", baseline="50").grade == 1
    assert grade(ALP, "90", "U/L", "6.0", uln="100", baseline="50").grade == 0
    assert grade(ALP, "150", "U/L", "6.0", uln="100", baseline="150").grade == 0
    assert grade(ALP, "150.1", "U/L", "6.0", uln="100", baseline="150").grade == 1
    assert grade(ALP, "100", "U/L", "6.0", uln="100", baseline="50").grade == 0


def test_alp_v6_needs_baseline() -> None:
    result = grade(ALP, "2000", "U/L", "6.0", uln="100")
    assert result.status == GradeStatus.NOT_GRADABLE
    assert "aseline" in (result.reason or "")


CREAT_ULN = [
    ("100", 0),
    ("100.1", 1),
    ("150", 1),
    ("150.1", 2),
    ("300", 2),
    ("300.1", 3),
    ("600", 3),
    ("600.1", 4),
]


@pytest.mark.parametrize(("value", "expected"), CREAT_ULN)
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_creatinine_uln_multiples(version: str, value: str, expected: int) -> None:
    assert grade(CREAT, value, "umol/L", version, uln="100").grade == expected


def test_creatinine_v5_baseline_strict() -> None:
    # admiral test exp_creatn #13: 42 with baseline 14 is grade 2, not 3 (">3.0 x baseline")
    assert grade(CREAT, "42", "umol/L", "5.0", uln="100", baseline="14").grade == 2
    assert grade(CREAT, "42.01", "umol/L", "5.0", uln="100", baseline="14").grade == 3
    assert grade(CREAT, "21", "umol/L", "5.0", uln="100", baseline="14").grade == 0
    assert grade(CREAT, "21.01", "umol/L", "5.0", uln="100", baseline="14").grade == 2


def test_creatinine_v5_baseline_grade_within_normal_range() -> None:
    # 4.1: grade 2 via baseline can fire while the value is still within the normal range
    assert grade(CREAT, "80", "umol/L", "5.0", uln="100", baseline="40").grade == 2


def test_creatinine_v5_takes_the_higher_grade() -> None:
    assert grade(CREAT, "700", "umol/L", "5.0", uln="100", baseline="300").grade == 4


def test_creatinine_v6_baseline_only_below_lln() -> None:
    assert grade(CREAT, "80", "umol/L", "6.0", uln="100", lln="45", baseline="40").grade == 2
    assert grade(CREAT, "80", "umol/L", "6.0", uln="100", lln="35", baseline="40").grade == 0
    assert grade(CREAT, "121", "umol/L", "6.0", uln="100", lln="45", baseline="40").grade == 3


def test_creatinine_v6_asks_for_the_lln_only_when_it_decides() -> None:
    unclear = grade(CREAT, "80", "umol/L", "6.0", uln="100", baseline="40")
    assert unclear.status == GradeStatus.NOT_GRADABLE
    assert unclear.needs == ("lln",)
    reason = unclear.reason or ""
    assert "LLN" in reason and "grade 2" in reason and "grade 0" in reason
    settled = grade(CREAT, "650", "umol/L", "6.0", uln="100", baseline="40")
    assert settled.grade == 4 and settled.needs == ()
    # a baseline at or above ULN cannot be below LLN: no LLN needed
    assert grade(CREAT, "160", "umol/L", "6.0", uln="100", baseline="100").grade == 2


def test_alp_v6_at_or_below_uln_is_normal_without_a_baseline() -> None:
    # the example: 40 U/L with ULN 120 is normal, not 'needs a baseline'
    for value in ("0", "40", "119.99", "120"):
        result = grade(ALP, value, "U/L", "6.0", uln="120")
        assert result.status == GradeStatus.NORMAL and result.grade == 0
        assert result.assumptions == () and result.needs == ()


def test_no_baseline_note_only_when_a_baseline_could_matter() -> None:
    # liver terms: at or below ULN no baseline can make it an AE
    assert grade(ALT, "40", "U/L", "5.0", uln="40").assumptions == ()
    assert grade(ALT, "41", "U/L", "5.0", uln="40").assumptions != ()
    # creatinine: a low baseline can raise the grade up to 3, so say so below grade 3
    assert grade(CREAT, "80", "umol/L", "5.0", uln="100").assumptions != ()
    assert grade(CREAT, "301", "umol/L", "5.0", uln="100").assumptions == ()
    assert grade(CREAT, "80", "umol/L", "6.0", uln="100").assumptions != ()


@pytest.mark.parametrize("term", [ALT, ALP, GGT, BILI, CREAT])
@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_ratio_terms_grade_without_a_unit_when_all_numbers_share_one(
    term: str, version: str
) -> None:
    # multiples are unit-free; the assumption says the numbers were taken to be in one unit
    result = grade(term, "1000", None, version, uln="40", baseline="30", lln="10")
    assert result.status == GradeStatus.GRADED and result.grade is not None
    assert any("one unit" in a for a in result.assumptions)
    mixed = grade(term, "1000", None, version, uln="40 U/L")
    assert mixed.status == GradeStatus.NOT_GRADABLE and mixed.needs == ("unit",)


FLOAT_TRAPS = [
    # 1.5 * 1.2 == 1.7999999999999998 in binary floating point
    (BILI, 1.8, "mg/dL", 1.2, 1),
    (BILI, "1.8", "mg/dL", "1.2", 1),
    # 6 * 1.2 == 7.199999999999999
    (CREAT, 7.2, "mg/dL", 1.2, 3),
    (CREAT, "7.2", "mg/dL", "1.2", 3),
    (CREAT, 1.8, "mg/dL", 1.2, 1),
    (ALT, 3.6, "U/L", 1.2, 1),
]


@pytest.mark.parametrize(("term", "value", "unit", "uln", "expected"), FLOAT_TRAPS)
def test_floating_point_traps(
    term: str, value: object, unit: str, uln: object, expected: int
) -> None:
    assert grade(term, value, unit, "5.0", uln=uln).grade == expected


@pytest.mark.parametrize("term", [ALT, AST, ALP, GGT])
def test_enzymes_refuse_concentration_units(term: str) -> None:
    assert grade(term, "100", "mg/dL", uln="40").status == GradeStatus.NOT_GRADABLE


def test_criterion_text_v6_baseline() -> None:
    result = grade(ALT, "360", "U/L", "6.0", uln="40", baseline="80")
    assert result.criterion is not None and result.criterion.startswith(">20.0 x ULN")


@pytest.mark.parametrize("unit", ["U/L", "IU/L", "u/l"])
def test_enzyme_unit_spellings(unit: str) -> None:
    assert grade(AST, "121", unit, uln="40").grade == 2


@pytest.mark.parametrize("unit", ["umol/L", "µmol/L", "mg/dL"])
def test_creatinine_units_are_ratio_only(unit: str) -> None:
    assert grade(CREAT, "601", unit, uln="100").grade == 4
