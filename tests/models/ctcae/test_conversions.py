"""Units of the value and of its LLN/ULN/baseline (ctcae_criteria.md 4.5): computed molar
masses, numbers written with their unit, refusing what cannot be converted, and the grade
never changing when every number is converted to another accepted unit."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from ctcae_helpers import grade
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.ctcae import GradeStatus, LabQuery, grade_lab
from lmdesk.models.ctcae.conversions import MOLAR_MASSES, formula_mass, to_reference
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.models.ctcae.rules import AbsoluteRule, RelativeRule
from lmdesk.models.ctcae.units import UNIT_ALIASES, Unit, parse_unit, to_quantity
from lmdesk.models.errors import BadInputError

REGIMENS_PK = Path("/work/shared/reference/regimens_pk.md")


@pytest.mark.parametrize("analyte", sorted(MOLAR_MASSES))
def test_molar_masses_are_computed_from_the_formula(analyte: str) -> None:
    mass = MOLAR_MASSES[analyte]
    exact = formula_mass(mass.formula)
    assert exact.quantize(Decimal("0.01"), ROUND_HALF_EVEN) == mass.g_per_mol
    factor = Decimal(10000) / mass.g_per_mol
    assert Decimal(f"{factor:.4g}") == mass.umol_l_per_mg_dl


def test_atomic_weights_reproduce_the_reference_computed_masses() -> None:
    # regimens_pk.md B.1: methotrexate C20H22N8O5 454.45 and cytarabine C9H13N3O5 243.22,
    # both marked (computed); the same weights give our bilirubin and creatinine masses
    masses = {"C20H22N8O5": "454.45", "C9H13N3O5": "243.22"}
    for formula, printed in masses.items():
        assert formula_mass(formula).quantize(Decimal("0.01")) == Decimal(printed)
    if REGIMENS_PK.is_file():
        text = REGIMENS_PK.read_text(encoding="utf-8")
        assert all(printed in text for printed in masses.values())


def test_formula_parser_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError):
        formula_mass("C4H7N3O+")


def test_mg_dl_goes_to_umol_l_only_for_an_analyte_with_a_molar_mass() -> None:
    mg_dl = parse_unit("mg/dL")
    assert mg_dl is not None
    assert to_reference(Decimal("1.2"), mg_dl, "creatinine") == (Decimal("106.080"), "umol/L")
    assert to_reference(Decimal("1.2"), mg_dl, "bilirubin") == (Decimal("20.520"), "umol/L")
    assert to_reference(Decimal("1.2"), mg_dl, None) == (Decimal("1.2"), "mg/dL")


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("1.2 mg/dL", "1.2", "mg/dL"),
        ("1.2mg/dL", "1.2", "mg/dL"),
        ("106 µmol/L", "106", "umol/L"),
        ("75,000/mm3", "75000", "/mm3"),
        ("1.5x10^9/L", "1.5", "10^9/L"),
        ("2.0 10^9/L", "2.0", "10^9/L"),
        ("１２０ g/L", "120", "g/L"),
        ("40 IU/L", "40", "U/L"),
        ("0.67 μkat/L", "0.67", "ukat/L"),
        ("  35  ", "35", None),
        ("1e2", "1E+2", None),
    ],
)
def test_numbers_with_their_unit(text: str, number: str, unit: str | None) -> None:
    value, found = to_quantity(text, "uln")
    assert value == Decimal(number)
    assert (found.name if found else None) == unit


@pytest.mark.parametrize("text", ["1.2 furlongs", "1,5 mg/dL", "mg/dL", "-1 mg/dL", "1.2 mg/dL x"])
def test_bad_numbers_with_units_are_refused(text: str) -> None:
    with pytest.raises(BadInputError):
        to_quantity(text, "uln")


ALIASES = [(name, alias) for name, (_, aliases) in UNIT_ALIASES.items() for alias in aliases]


@given(
    st.decimals(min_value=0, max_value=10**5, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(ALIASES),
    st.sampled_from(["", " ", "  "]),
)
def test_any_number_with_any_unit_spelling_reads_back(
    number: Decimal, pair: tuple[str, str], gap: str
) -> None:
    name, alias = pair
    if alias[0].isdigit():
        gap = gap or " "  # '2.010^9/L' cannot be split safely; see the test below
    value, unit = to_quantity(f"{number}{gap}{alias}", "lln")
    assert value == number and unit is not None and unit.name == name


def test_a_unit_starting_with_a_digit_must_be_spaced_from_the_number() -> None:
    with pytest.raises(BadInputError):
        to_quantity("2.010^9/L", "lln")


def test_query_keeps_the_units_of_its_references() -> None:
    query = LabQuery.from_raw(
        {
            "term": "Creatinine increased",
            "value": "120",
            "unit": "umol/L",
            "uln": "1.2 mg/dL",
            "baseline": 60,
            "lln": "0.7mg/dl",
        }
    )
    assert (query.uln, query.uln_unit) == (Decimal("1.2"), "mg/dL")
    assert (query.lln, query.lln_unit) == (Decimal("0.7"), "mg/dL")
    assert (query.baseline, query.baseline_unit) == (Decimal(60), None)


def test_a_converted_reference_is_said_with_its_factor() -> None:
    result = grade("Creatinine increased", "133", "umol/L", uln="1.0 mg/dL")
    assert result.grade == 2
    assert any("88.4" in a for a in result.assumptions)
    assert any("113.12 g/mol" in a for a in result.assumptions)
    same_unit = grade("Creatinine increased", "133", "umol/L", uln="88.4")
    assert not any("g/mol" in a for a in same_unit.assumptions)


@pytest.mark.parametrize(
    ("term", "value", "unit", "extra", "field"),
    [
        ("Anemia", "6", "mmol/L", {"lln": "120 g/L"}, "lln"),
        ("Anemia", "60", "g/L", {"lln": "7.4 mmol/L"}, "lln"),
        ("Alanine aminotransferase increased", "100", "U/L", {"uln": "40 g/L"}, "uln"),
        ("Creatinine increased", "100", "umol/L", {"uln": "40 U/L"}, "uln"),
        (
            "Creatinine increased",
            "100",
            "umol/L",
            {"uln": "100", "baseline": "1 mmol/L"},
            "baseline",
        ),
        ("Hypokalemia", "3.2", "mmol/L", {"lln": "3.5 g/L"}, "lln"),
        ("Neutrophil count decreased", "0.7", "10^9/L", {"lln": "2 g/L"}, "lln"),
    ],
)
def test_a_reference_in_a_unit_that_cannot_be_converted_is_refused(
    term: str, value: str, unit: str, extra: dict[str, str], field: str
) -> None:
    result = grade(term, value, unit, **extra)
    assert result.status == GradeStatus.NOT_GRADABLE
    assert result.needs == (field,)
    assert extra[field].split()[1] in (result.reason or "")


def test_lln_at_or_above_uln_is_bad_input() -> None:
    with pytest.raises(BadInputError):
        grade("Creatinine increased", "100", "umol/L", uln="100", lln="100")
    with pytest.raises(BadInputError):
        grade("Creatinine increased", "100", "umol/L", uln="1.0 mg/dL", lln="90")
    with pytest.raises(BadInputError):
        grade("GGT increased", "100", None, uln="40", lln="50")


def test_mixed_unit_lln_is_not_mistaken_for_an_implausible_one() -> None:
    # 2000 /mm3 is 2.0 x 10^9/L: graded, not refused as 'implausible next to 1.5'
    assert grade("Neutrophil count decreased", "1.6", "10^9/L", lln="2000 /mm3").grade == 1


# -- property: converting every number to another accepted unit never changes the grade --------


def _unit(name: str) -> Unit:
    found = parse_unit(name)
    assert found is not None
    return found


def _pairs() -> list[tuple[tuple[str, str], str, str, Decimal]]:
    """(term, big unit, small unit, ratio): a number in ``big`` is ratio x that in ``small``."""
    out = []
    for key, term in sorted(LAB_TERMS.items()):
        rule = term.rule
        analyte = rule.analyte if isinstance(rule, RelativeRule) else None
        per_unit = {name: to_reference(Decimal(1), _unit(name), analyte) for name in rule.units}
        for big, (big_factor, big_scale) in per_unit.items():
            for small, (small_factor, small_scale) in per_unit.items():
                if small != big and small_scale == big_scale and big_factor >= small_factor:
                    out.append((key, big, small, big_factor / small_factor))
    return out


PAIRS = _pairs()
numbers = st.decimals(min_value=0, max_value=500, places=3, allow_nan=False, allow_infinity=False)
maybe = st.one_of(st.none(), numbers.filter(lambda n: n > 0))


def _outcome(term: tuple[str, str], value: Any, unit: str, refs: dict[str, Any]) -> Any:
    raw = {"term": term[1], "version": term[0], "value": value, "unit": unit}
    raw.update({k: v for k, v in refs.items() if v is not None})
    try:
        result = grade_lab(LabQuery.from_raw(raw))
    except BadInputError:
        return "bad input"
    return result.status, result.grade


def test_every_term_with_two_units_has_a_conversion_pair() -> None:
    with_pairs = {key for key, *_ in PAIRS}
    for key, term in LAB_TERMS.items():
        rule = term.rule
        scales = {
            to_reference(
                Decimal(1), _unit(u), rule.analyte if isinstance(rule, RelativeRule) else None
            )[1]
            for u in rule.units
        }
        if len(scales) < len(rule.units):
            assert key in with_pairs


@settings(max_examples=400)
@given(st.sampled_from(PAIRS), numbers, maybe, maybe, maybe)
def test_converting_value_and_references_never_changes_the_grade(
    pair: tuple[tuple[str, str], str, str, Decimal],
    value: Decimal,
    lln: Decimal | None,
    uln: Decimal | None,
    baseline: Decimal | None,
) -> None:
    term, big, small, ratio = pair
    if isinstance(LAB_TERMS[term].rule, AbsoluteRule):
        uln = baseline = None  # not used by absolute cut-offs
    refs = {"lln": lln, "uln": uln, "baseline": baseline}
    in_big = _outcome(term, value, big, refs)
    small_refs = {k: None if v is None else v * ratio for k, v in refs.items()}
    assert _outcome(term, value * ratio, small, small_refs) == in_big
    # the same numbers, the references written in the other unit than the value
    big_refs_written = {k: None if v is None else f"{v} {big}" for k, v in refs.items()}
    assert _outcome(term, value * ratio, small, big_refs_written) == in_big
    small_refs_written = {k: None if v is None else f"{v} {small}" for k, v in small_refs.items()}
    assert _outcome(term, value, big, small_refs_written) == in_big
