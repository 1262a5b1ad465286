"""The last CTCAE edges (issue 27): count units in every spelling, numbers the answer does not
depend on are not asked for, and an implausible LLN still gives its literal grade."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ctcae_helpers import grade
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.ctcae import GradeStatus
from lmdesk.models.ctcae.lab_criteria import COUNT_UNITS, HGB_UNITS, LAB_TERMS
from lmdesk.models.ctcae.rules import RelativeRule
from lmdesk.models.ctcae.units import COUNT, UNIT_ALIASES, parse_unit

# spelling -> what one of it is in 10^9/L, from the unit's literal meaning (1 uL = 1 mm3 =
# 10^-3 mL = 10^-6 L; G = giga = 10^9; K = thousand): written by hand, not from the engine.
PER_LITRE_9 = Decimal(1)
PER_MICROLITRE = Decimal("0.001")
COUNT_SPELLINGS: dict[str, Decimal] = {
    "10^9/L": PER_LITRE_9,
    "10e9/L": PER_LITRE_9,
    "10*9/L": PER_LITRE_9,
    "10**9/L": PER_LITRE_9,
    "x10^9/L": PER_LITRE_9,
    "x 10^9 /L": PER_LITRE_9,
    "×10^9/L": PER_LITRE_9,
    "x10e9/L": PER_LITRE_9,
    "x10*9/L": PER_LITRE_9,
    "10⁹/L": PER_LITRE_9,
    "×10⁹/L": PER_LITRE_9,
    "10^9 cells/L": PER_LITRE_9,
    "G/L": PER_LITRE_9,
    "Gpt/L": PER_LITRE_9,
    "Giga/L": PER_LITRE_9,
    "/nL": PER_LITRE_9,
    "cells/nL": PER_LITRE_9,
    "10^3/uL": PER_LITRE_9,
    "10e3/uL": PER_LITRE_9,
    "10*3/uL": PER_LITRE_9,
    "x10^3/uL": PER_LITRE_9,
    "x10e3/uL": PER_LITRE_9,
    "x10*3/uL": PER_LITRE_9,
    "10^3/µL": PER_LITRE_9,
    "10³/µL": PER_LITRE_9,
    "10^3/μL": PER_LITRE_9,
    "10^3/mcL": PER_LITRE_9,
    "10^3 cells/uL": PER_LITRE_9,
    "10^3/mm3": PER_LITRE_9,
    "x10^3/mm3": PER_LITRE_9,
    "10e3/mm3": PER_LITRE_9,
    "10*3/mm3": PER_LITRE_9,
    "10³/mm³": PER_LITRE_9,
    "K/uL": PER_LITRE_9,
    "K/µL": PER_LITRE_9,
    "K/mcL": PER_LITRE_9,
    "K/mm3": PER_LITRE_9,
    "thou/uL": PER_LITRE_9,
    "thou/mm3": PER_LITRE_9,
    "10^6/mL": PER_LITRE_9,
    "10e6/mL": PER_LITRE_9,
    "10*6/mL": PER_LITRE_9,
    "x10^6/mL": PER_LITRE_9,
    "/mm3": PER_MICROLITRE,
    "/mm^3": PER_MICROLITRE,
    "/mm³": PER_MICROLITRE,
    "cells/mm3": PER_MICROLITRE,
    "/uL": PER_MICROLITRE,
    "/µL": PER_MICROLITRE,
    "cells/uL": PER_MICROLITRE,
    "cells/µL": PER_MICROLITRE,
    "/mcL": PER_MICROLITRE,
    "cells/mcL": PER_MICROLITRE,
    "/cumm": PER_MICROLITRE,
    "cells/cumm": PER_MICROLITRE,
    "/cmm": PER_MICROLITRE,
    # 10^3 per mL is 1 per uL: admiral's 'legacy CV unit 10^3/mL (= /mm3)', ctcae_criteria 4.5
    "10^3/mL": PER_MICROLITRE,
    "10e3/mL": PER_MICROLITRE,
    "10*3/mL": PER_MICROLITRE,
    "x10^3/mL": PER_MICROLITRE,
    "10^3 cells/mL": PER_MICROLITRE,
    "10^6/L": PER_MICROLITRE,
    "10e6/L": PER_MICROLITRE,
    "10*6/L": PER_MICROLITRE,
    "x10^6/L": PER_MICROLITRE,
}


@pytest.mark.parametrize(("spelling", "per_unit"), sorted(COUNT_SPELLINGS.items()))
def test_every_count_spelling_means_its_literal_unit(spelling: str, per_unit: Decimal) -> None:
    unit = parse_unit(spelling, COUNT_UNITS)
    assert unit is not None and unit.scale == COUNT and unit.factor == per_unit


@pytest.mark.parametrize(("spelling", "per_unit"), sorted(COUNT_SPELLINGS.items()))
@pytest.mark.parametrize(
    ("version", "term", "anc", "lln", "expected"),
    [
        ("5.0", "Neutrophil count decreased", "0.7", "2.0", 3),
        ("6.0", "Neutrophil count decreased", "0.7", "2.0", 2),
        ("5.0", "Neutrophil count decreased", "1.6", "2.0", 1),
        ("6.0", "Thrombocytopenia", "30", "150", 3),
    ],
)
def test_every_count_spelling_grades_the_same(
    spelling: str, per_unit: Decimal, version: str, term: str, anc: str, lln: str, expected: int
) -> None:
    value = str(Decimal(anc) / per_unit)
    as_written = grade(term, value, spelling, version, lln=str(Decimal(lln) / per_unit))
    assert as_written.grade == expected
    with_own_lln = grade(term, value, spelling, version, lln=f"{lln} 10^9/L")
    assert with_own_lln.grade == expected


def test_every_count_alias_of_the_engine_is_in_the_table_above() -> None:
    engine = {
        alias
        for name, (unit, aliases) in UNIT_ALIASES.items()
        if unit.scale == COUNT
        for alias in aliases
    }
    assert engine <= set(COUNT_SPELLINGS)


def test_capital_g_per_litre_is_grams_for_haemoglobin_and_lower_g_never_a_count() -> None:
    assert grade("Anemia", "95", "G/L").grade == 2
    unit = parse_unit("G/L", HGB_UNITS)
    assert unit is not None and unit.name == "g/L"
    refused = grade("Neutrophil count decreased", "0.7", "g/L", lln="2.0")
    assert refused.status is GradeStatus.NOT_GRADABLE and refused.needs == ("unit",)
    assert grade("Neutrophil count decreased", "1.6", "G/L", lln="2.0 G/L").grade == 1


# -- what the answer does not depend on is not asked for ---------------------------------------

# (version, term, value, uln, baseline, expected grade or None, needs when not gradable)
NOT_ASKED = [
    # v6 ALP '>Baseline and ULN': at or below either one is grade 0, the other not needed
    ("6.0", "Alkaline phosphatase increased", "90", None, "100", 0, ()),
    ("6.0", "Alkaline phosphatase increased", "100", None, "100", 0, ()),
    ("6.0", "Alkaline phosphatase increased", "100", "120", None, 0, ()),
    ("6.0", "Alkaline phosphatase increased", "101", None, "100", None, ("uln",)),
    ("6.0", "Alkaline phosphatase increased", "121", "120", None, None, ("baseline",)),
    ("6.0", "Alkaline phosphatase increased", "121", None, None, None, ("uln", "baseline")),
    ("6.0", "Alkaline phosphatase increased", "121", "120", "100", 1, ()),
    # liver terms: a value not above its baseline and short of the first baseline multiple
    ("5.0", "Alanine aminotransferase increased", "80", None, "100", 0, ()),
    ("5.0", "Alanine aminotransferase increased", "100", None, "100", 0, ()),
    ("5.0", "Alkaline phosphatase increased", "100", None, "100", 0, ()),
    ("5.0", "Blood bilirubin increased", "20", None, "20", 0, ()),
    # v6 grade 1 starts at 1.0 x baseline (inclusive): equal to it depends on the ULN
    ("6.0", "Alanine aminotransferase increased", "100", None, "100", None, ("uln",)),
    ("6.0", "Alanine aminotransferase increased", "99", None, "100", 0, ()),
    ("6.0", "GGT increased", "99", None, "100", 0, ()),
    # above the baseline the ULN decides (normal baseline -> ULN multiples)
    ("5.0", "Alanine aminotransferase increased", "101", None, "100", None, ("uln",)),
    # creatinine: the ULN multiples always apply, so the ULN is always needed
    ("5.0", "Creatinine increased", "50", None, "100", None, ("uln",)),
    ("6.0", "Creatinine increased", "50", None, "100", None, ("uln",)),
]


@pytest.mark.parametrize(
    ("version", "term", "value", "uln", "baseline", "expected", "needs"), NOT_ASKED
)
def test_only_the_numbers_that_decide_are_asked_for(
    version: str,
    term: str,
    value: str,
    uln: str | None,
    baseline: str | None,
    expected: int | None,
    needs: tuple[str, ...],
) -> None:
    result = grade(
        term,
        value,
        "U/L" if "bilirubin" not in term and "Creat" not in term else "umol/L",
        version,
        uln=uln,
        baseline=baseline,
    )
    assert result.grade == expected
    assert result.needs == needs
    if expected is None:
        assert result.status is GradeStatus.NOT_GRADABLE and result.reason


RELATIVE = sorted(
    (version, name)
    for (version, name), term in LAB_TERMS.items()
    if isinstance(term.rule, RelativeRule)
)
amounts = st.decimals(min_value="0.1", max_value=2000, places=1)


@given(st.sampled_from(RELATIVE), amounts, amounts, amounts)
def test_an_answer_given_without_a_number_holds_for_every_value_of_it(
    key: tuple[str, str], value: Decimal, uln: Decimal, baseline: Decimal
) -> None:
    version, term = key
    unit = LAB_TERMS[key].rule.units[0]
    full = grade(term, value, unit, version, uln=uln, baseline=baseline)
    for partial in (
        grade(term, value, unit, version, baseline=baseline),
        grade(term, value, unit, version, uln=uln),
    ):
        # an answer with no assumption must be what every value of the missing number gives
        if partial.status is not GradeStatus.NOT_GRADABLE and not partial.assumptions:
            assert partial.grade == full.grade
