"""Cell-count terms, every threshold from both sides in every count unit (ctcae_criteria.md 1.2,
2.1, 4.1): "<A - B" covers B <= x < A, grade 1 runs up to (not including) the LLN."""

from __future__ import annotations

import pytest
from ctcae_helpers import grade, scaled

from lmdesk.models.ctcae import GradeStatus

# (version, term, value in 10^9/L, LLN in 10^9/L, expected grade). Written from the
# "Reading" lines of ctcae_criteria.md, not from the engine's tables.
CASES = [
    # Neutrophil count decreased v5: G4 <0.5, G3 0.5-<1.0, G2 1.0-<1.5, G1 1.5-<LLN
    ("5.0", "Neutrophil count decreased", "0", "2.0", 4),
    ("5.0", "Neutrophil count decreased", "0.499", "2.0", 4),
    ("5.0", "Neutrophil count decreased", "0.5", "2.0", 3),
    ("5.0", "Neutrophil count decreased", "0.999", "2.0", 3),
    ("5.0", "Neutrophil count decreased", "1.0", "2.0", 2),
    ("5.0", "Neutrophil count decreased", "1.499", "2.0", 2),
    ("5.0", "Neutrophil count decreased", "1.5", "2.0", 1),
    ("5.0", "Neutrophil count decreased", "1.999", "2.0", 1),
    ("5.0", "Neutrophil count decreased", "2.0", "2.0", 0),
    ("5.0", "Neutrophil count decreased", "7.5", "2.0", 0),
    ("5.0", "Neutrophil count decreased", "1.45", "1.4", 2),
    ("5.0", "Neutrophil count decreased", "1.5", "1.4", 0),
    ("5.0", "Neutrophil count decreased", "1.5", "1.5", 0),
    # Neutrophil count decreased v6: G4 <0.1, G3 0.1-<0.5, G2 0.5-<1.0, G1 1.0-<1.5, no LLN
    ("6.0", "Neutrophil count decreased", "0.099", "2.0", 4),
    ("6.0", "Neutrophil count decreased", "0.1", "2.0", 3),
    ("6.0", "Neutrophil count decreased", "0.499", "2.0", 3),
    ("6.0", "Neutrophil count decreased", "0.5", "2.0", 2),
    ("6.0", "Neutrophil count decreased", "0.999", "2.0", 2),
    ("6.0", "Neutrophil count decreased", "1.0", "2.0", 1),
    ("6.0", "Neutrophil count decreased", "1.499", "2.0", 1),
    ("6.0", "Neutrophil count decreased", "1.5", "2.0", 0),
    ("6.0", "Neutrophil count decreased", "1.9", "2.0", 0),
    # Platelet count decreased v5: G4 <25, G3 25-<50, G2 50-<75, G1 75-<LLN
    ("5.0", "Platelet count decreased", "24.9", "150", 4),
    ("5.0", "Platelet count decreased", "25", "150", 3),
    ("5.0", "Platelet count decreased", "49.9", "150", 3),
    ("5.0", "Platelet count decreased", "50", "150", 2),
    ("5.0", "Platelet count decreased", "74.9", "150", 2),
    ("5.0", "Platelet count decreased", "75", "150", 1),
    ("5.0", "Platelet count decreased", "149.9", "150", 1),
    ("5.0", "Platelet count decreased", "150", "150", 0),
    ("5.0", "Platelet count decreased", "9", "150", 4),
    # Thrombocytopenia v6: G4 <10, G3 10-<50, G2 50-<75, G1 75-<LLN
    ("6.0", "Thrombocytopenia", "9.9", "150", 4),
    ("6.0", "Thrombocytopenia", "10", "150", 3),
    ("6.0", "Thrombocytopenia", "24.9", "150", 3),
    ("6.0", "Thrombocytopenia", "49.9", "150", 3),
    ("6.0", "Thrombocytopenia", "50", "150", 2),
    ("6.0", "Thrombocytopenia", "74.9", "150", 2),
    ("6.0", "Thrombocytopenia", "75", "150", 1),
    ("6.0", "Thrombocytopenia", "150", "150", 0),
    # White blood cell decreased (v5 = v6): G4 <1, G3 1-<2, G2 2-<3, G1 3-<LLN
    ("5.0", "White blood cell decreased", "0.99", "4.0", 4),
    ("5.0", "White blood cell decreased", "1.0", "4.0", 3),
    ("5.0", "White blood cell decreased", "1.99", "4.0", 3),
    ("5.0", "White blood cell decreased", "2.0", "4.0", 2),
    ("5.0", "White blood cell decreased", "2.99", "4.0", 2),
    ("5.0", "White blood cell decreased", "3.0", "4.0", 1),
    ("5.0", "White blood cell decreased", "3.99", "4.0", 1),
    ("5.0", "White blood cell decreased", "4.0", "4.0", 0),
    ("6.0", "White blood cell decreased", "0.99", "4.0", 4),
    ("6.0", "White blood cell decreased", "1.0", "4.0", 3),
    ("6.0", "White blood cell decreased", "2.0", "4.0", 2),
    ("6.0", "White blood cell decreased", "3.0", "4.0", 1),
    ("6.0", "White blood cell decreased", "4.0", "4.0", 0),
    # Lymphocyte count decreased v5: G4 <0.2, G3 0.2-<0.5, G2 0.5-<0.8, G1 0.8-<LLN
    ("5.0", "Lymphocyte count decreased", "0.19", "1.0", 4),
    ("5.0", "Lymphocyte count decreased", "0.2", "1.0", 3),
    ("5.0", "Lymphocyte count decreased", "0.49", "1.0", 3),
    ("5.0", "Lymphocyte count decreased", "0.5", "1.0", 2),
    ("5.0", "Lymphocyte count decreased", "0.79", "1.0", 2),
    ("5.0", "Lymphocyte count decreased", "0.8", "1.0", 1),
    ("5.0", "Lymphocyte count decreased", "0.99", "1.0", 1),
    ("5.0", "Lymphocyte count decreased", "1.0", "1.0", 0),
    ("5.0", "Lymphocyte count decreased", "0.75", "0.7", 2),
    # Lymphopenia v6: grade 1 'Present' only
    ("6.0", "Lymphopenia", "0.1", "1.0", 1),
    ("6.0", "Lymphopenia", "0.99", "1.0", 1),
    ("6.0", "Lymphopenia", "1.0", "1.0", 0),
    # Lymphocyte count increased (v5 = v6): G2 >4-20, G3 >20, no grade 1, ULN unused
    ("5.0", "Lymphocyte count increased", "4.0", "1.0", 0),
    ("5.0", "Lymphocyte count increased", "4.001", "1.0", 2),
    ("5.0", "Lymphocyte count increased", "20", "1.0", 2),
    ("5.0", "Lymphocyte count increased", "20.001", "1.0", 3),
    ("5.0", "Lymphocyte count increased", "0.1", "1.0", 0),
    ("6.0", "Lymphocyte count increased", "4.0", "1.0", 0),
    ("6.0", "Lymphocyte count increased", "4.1", "1.0", 2),
    ("6.0", "Lymphocyte count increased", "20", "1.0", 2),
    ("6.0", "Lymphocyte count increased", "21", "1.0", 3),
]


@pytest.mark.parametrize(("version", "term", "value", "lln", "expected"), CASES)
def test_si_units(version: str, term: str, value: str, lln: str, expected: int) -> None:
    result = grade(term, value, "10^9/L", version, lln=lln)
    assert result.grade == expected
    assert result.status == (GradeStatus.GRADED if expected else GradeStatus.NORMAL)


@pytest.mark.parametrize(("version", "term", "value", "lln", "expected"), CASES)
def test_per_cubic_millimetre(version: str, term: str, value: str, lln: str, expected: int) -> None:
    result = grade(term, scaled(value, 1000), "/mm3", version, lln=scaled(lln, 1000))
    assert result.grade == expected


@pytest.mark.parametrize(("version", "term", "value", "lln", "expected"), CASES)
def test_thousand_per_microlitre(
    version: str, term: str, value: str, lln: str, expected: int
) -> None:
    result = grade(term, value, "10^3/uL", version, lln=lln)
    assert result.grade == expected


def test_admiral_pinned_neutrophil_boundaries() -> None:
    # ctcae_criteria.md 4.1: ANC 0.5 -> 3, 1 -> 2, 1.5 -> 1, 2 (=LLN) -> 0
    assert [
        grade("Neutrophil count decreased", v, "10^9/L", lln="2").grade
        for v in ("0.5", "1", "1.5", "2")
    ] == [3, 2, 1, 0]


def test_anc_without_lln_graded_when_absolute_cut_off_met() -> None:
    # 4.2: ANC 1.49 without LLN is grade 2; 1.5 without LLN cannot be graded
    assert grade("Neutrophil count decreased", "1.49", "10^9/L").grade == 2
    missing = grade("Neutrophil count decreased", "1.5", "10^9/L")
    assert missing.status == GradeStatus.NOT_GRADABLE
    assert missing.grade is None
    assert "LLN" in (missing.reason or "")


def test_v6_neutrophils_never_need_lln() -> None:
    assert grade("Neutrophil count decreased", "1.6", "10^9/L", "6.0").status == GradeStatus.NORMAL


def test_v5_v6_neutrophil_shift() -> None:
    # 2.1: for the same ANC, the v6 grade is the v5 grade minus one
    for value, v5, v6 in (("0.3", 4, 3), ("0.7", 3, 2), ("1.2", 2, 1), ("1.7", 1, 0)):
        assert grade("Neutrophil count decreased", value, "10^9/L", "5.0", lln="2").grade == v5
        assert grade("Neutrophil count decreased", value, "10^9/L", "6.0", lln="2").grade == v6


def test_platelets_v5_vs_v6_grade_4() -> None:
    assert grade("Platelet count decreased", "20", "10^9/L", "5.0", lln="150").grade == 4
    assert grade("Thrombocytopenia", "20", "10^9/L", "6.0", lln="150").grade == 3


def test_v5_name_under_v6_is_renamed_with_a_note() -> None:
    result = grade("Platelet count decreased", "20", "10^9/L", "6.0", lln="150")
    assert result.term == "Thrombocytopenia"
    assert any("Thrombocytopenia" in a for a in result.assumptions)
    back = grade("Thrombocytopenia", "20", "10^9/L", "5.0", lln="150")
    assert back.term == "Platelet count decreased"


def test_lymphocyte_count_decreased_under_v6_becomes_lymphopenia() -> None:
    result = grade("Lymphocyte count decreased", "0.1", "10^9/L", "6.0", lln="1.0")
    assert (result.term, result.grade, result.criterion) == ("Lymphopenia", 1, "Present")


def test_lymphopenia_needs_lln() -> None:
    assert grade("Lymphopenia", "0.5", "10^9/L", "6.0").status == GradeStatus.NOT_GRADABLE


def test_lymphocytes_one_value_two_terms() -> None:
    # 4.3: a single lymphocyte value is graded for one direction at most
    low = grade("Lymphocyte count decreased", "25", "10^9/L", lln="1.0")
    high = grade("Lymphocyte count increased", "25", "10^9/L", lln="1.0")
    assert (low.grade, high.grade) == (0, 3)


def test_criterion_text_is_the_printed_grade_text() -> None:
    result = grade("Neutrophil count decreased", "0.7", "/mm3".replace("/mm3", "10^9/L"), lln="2")
    assert result.criterion == "<1000 - 500/mm3; <1.0 - 0.5 x 10e9 /L"


@pytest.mark.parametrize("unit", ["10^9/L", "10e9/L", "x10^9/L", "10^3/µL", "10^3/uL", "K/uL"])
def test_count_unit_spellings(unit: str) -> None:
    assert grade("White blood cell decreased", "1.5", unit, lln="4").grade == 3


@pytest.mark.parametrize("unit", ["/mm3", "cells/mm3", "/uL", "/mm³", "cells/µL"])
def test_per_volume_spellings(unit: str) -> None:
    assert grade("White blood cell decreased", "1500", unit, lln="4000").grade == 3


@pytest.mark.parametrize(
    ("term", "value", "unit", "lln", "literal"),
    [
        # as written 1800 /mm3 is above an LLN of 2.0 /mm3: grade 0, with the doubt
        ("Neutrophil count decreased", "1800", "/mm3", "2.0", 0),
        ("Neutrophil count decreased", "1.8", "10^9/L", "2000", 1),
        ("Anemia", "110", "g/L", "12", 0),
        ("Hypokalemia", "3.2", "mmol/L", "35", 2),
        # admiral's own test data carries a lymphocyte LLN of 140 x10^9/L (ctcae_criteria.md 4.8)
        ("Lymphocyte count decreased", "1.1", "10^9/L", "140", 1),
        ("Lymphocyte count decreased", "150", "10^9/L", "140", 0),
    ],
)
def test_implausible_lln_gives_the_literal_grade_and_the_doubt(
    term: str, value: str, unit: str, lln: str, literal: int
) -> None:
    result = grade(term, value, unit, lln=lln)
    assert result.grade == literal
    assert result.status == (GradeStatus.GRADED if literal else GradeStatus.NORMAL)
    doubt = [a for a in result.assumptions if a.startswith("Check the LLN")]
    assert len(doubt) == 1 and "implausible" in doubt[0] and "as written" in doubt[0]


def test_a_plausible_lln_carries_no_doubt() -> None:
    result = grade("Lymphocyte count decreased", "0.9", "10^9/L", lln="1.0")
    assert result.grade == 1 and not result.assumptions


def test_lln_mix_up_does_not_hide_an_absolute_grade() -> None:
    assert grade("Neutrophil count decreased", "400", "/mm3", lln="2.0").grade == 4
