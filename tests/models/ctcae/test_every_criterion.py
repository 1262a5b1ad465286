"""Every lab criterion of v5.0 and v6.0, table-driven (criteria_table.py, from ctcae_criteria.md).

For each criterion: a value below the range, a value on each printed boundary and just either
side of it, and a value in every unit the grader accepts (the SI one included, and references
given in another unit). The list of criteria, their boundaries and their units come from the
code's own criteria table, so a criterion added without rows here fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from criteria_table import TABLE, Criterion, Expect, Row, Scenario

from lmdesk.models.ctcae import GradeStatus, LabGrade, LabQuery, grade_lab
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.models.ctcae.rules import AbsoluteRule, FebrileNeutropeniaRule, RelativeRule
from lmdesk.models.ctcae.units import parse_unit

KEYS = sorted(LAB_TERMS)


def _grade(term: tuple[str, str], value: Any, unit: str, extra: dict[str, Any]) -> LabGrade:
    version, name = term
    raw = {"term": name, "value": value, "unit": unit, "version": version, **extra}
    return grade_lab(LabQuery.from_raw(raw))


def _check(result: LabGrade, expect: Expect) -> None:
    if isinstance(expect, int):
        assert result.status in (GradeStatus.GRADED, GradeStatus.NORMAL), result.reason
        assert result.grade == expect
        assert (result.status is GradeStatus.NORMAL) == (expect == 0)
    elif expect == "ambiguous":
        assert result.status is GradeStatus.AMBIGUOUS
        assert result.grade is None and result.reason
    else:
        field = expect.removeprefix("needs:")
        assert result.status is GradeStatus.NOT_GRADABLE
        assert result.grade is None and result.reason
        assert field in result.needs


def _edge_values(at: str) -> tuple[Decimal, Decimal, Decimal]:
    point = Decimal(at)
    step = point / 10000
    return point - step, point, point + step


def _edge_cases() -> Iterator[Any]:
    for term in KEYS:
        for scenario in TABLE.get(term, Criterion((), (), ())).scenarios:
            for edge in scenario.edges:
                below, on, above = _edge_values(edge.at)
                for side, value, expect in (
                    ("below", below, edge.below),
                    ("on", on, edge.on),
                    ("above", above, edge.above),
                ):
                    yield pytest.param(
                        term,
                        scenario,
                        value,
                        expect,
                        id=f"{term[0]}-{term[1]}-{scenario.unit}-{edge.at}-{side}",
                    )


def _row_cases(kind: str) -> Iterator[Any]:
    for term in KEYS:
        criterion = TABLE.get(term)
        rows: tuple[Row, ...] = getattr(criterion, kind) if criterion else ()
        for n, row in enumerate(rows):
            yield pytest.param(term, row, id=f"{term[0]}-{term[1]}-{kind}{n}-{row.value}{row.unit}")


def test_every_lab_criterion_has_a_table_entry() -> None:
    assert set(TABLE) == set(LAB_TERMS)


@pytest.mark.parametrize(("term", "scenario", "value", "expect"), list(_edge_cases()))
def test_boundary(
    term: tuple[str, str], scenario: Scenario, value: Decimal, expect: Expect
) -> None:
    _check(_grade(term, value, scenario.unit, scenario.extra), expect)


@pytest.mark.parametrize(("term", "row"), list(_row_cases("below")))
def test_below_the_range(term: tuple[str, str], row: Row) -> None:
    _check(_grade(term, row.value, row.unit, row.extra), row.expect)


@pytest.mark.parametrize(("term", "row"), list(_row_cases("units")))
def test_every_unit(term: tuple[str, str], row: Row) -> None:
    _check(_grade(term, row.value, row.unit, row.extra), row.expect)


@pytest.mark.parametrize(("term", "row"), list(_row_cases("more")))
def test_more_cases(term: tuple[str, str], row: Row) -> None:
    _check(_grade(term, row.value, row.unit, row.extra), row.expect)


# -- the table is complete: derived from the code's criteria ----------------------------------


def _reference(value: str, unit: str) -> Decimal:
    found = parse_unit(unit)
    assert found is not None, unit
    return Decimal(value) * found.factor


def _ref(extra: dict[str, Any], name: str) -> Decimal | None:
    return Decimal(str(extra[name])) if name in extra else None


def _covered(criterion: Criterion, threshold: Decimal, scale: str | None, ok: Any) -> bool:
    for scenario in criterion.scenarios:
        unit = parse_unit(scenario.unit)
        assert unit is not None
        if scale is not None and unit.scale != scale:
            continue
        if not ok(scenario):
            continue
        if any(_reference(edge.at, scenario.unit) == threshold for edge in scenario.edges):
            return True
    return False


def _required_boundaries(term: tuple[str, str]) -> Iterator[tuple[str, Any]]:
    """(description, check) for every boundary the code's rule for ``term`` has."""
    rule = LAB_TERMS[term].rule
    criterion = TABLE[term]
    if isinstance(rule, AbsoluteRule):
        for scale, band_set in rule.scales.items():
            ends = {end for band in band_set.bands for end in (band.lo, band.hi) if end is not None}
            for end in sorted(ends):
                yield f"{end} {scale}", _covered(criterion, end, scale, lambda s: True)
        if rule.lln_grade is not None:
            at_lln = any(
                edge.at == str(s.extra.get("lln")) for s in criterion.scenarios for edge in s.edges
            )
            yield "the LLN", at_lln
    elif isinstance(rule, FebrileNeutropeniaRule):
        yield "ANC cut-off", _covered(criterion, rule.anc_below, None, lambda s: True)
    else:
        assert isinstance(rule, RelativeRule)
        for scenario_uln in {_ref(s.extra, "uln") for s in criterion.scenarios} - {None}:
            assert scenario_uln is not None
            for m in rule.uln:

                def uln_rule(s: Scenario, uln: Decimal = scenario_uln) -> bool:
                    base = _ref(s.extra, "baseline")
                    return _ref(s.extra, "uln") == uln and (base is None or base <= uln)

                threshold = m.factor * scenario_uln
                yield f"{m.factor} x ULN", _covered(criterion, threshold, None, uln_rule)

        def baseline_counts(s: Scenario) -> bool:
            """A scenario where the baseline multiples are the ones that apply."""
            base, uln, lln = (_ref(s.extra, k) for k in ("baseline", "uln", "lln"))
            if base is None or uln is None:
                return False
            if rule.baseline_mode == "above_uln":
                return base > uln
            if rule.baseline_mode == "below_lln":
                return lln is not None and base < lln
            return True

        for m in rule.baseline:
            covered = any(
                any(
                    _reference(edge.at, s.unit) == m.factor * Decimal(str(s.extra["baseline"]))
                    for edge in s.edges
                )
                for s in criterion.scenarios
                if baseline_counts(s)
            )
            yield f"{m.factor} x baseline", covered


@pytest.mark.parametrize("term", KEYS, ids=lambda t: f"{t[0]}-{t[1]}")
def test_every_boundary_of_the_code_has_rows(term: tuple[str, str]) -> None:
    missing = [what for what, covered in _required_boundaries(term) if not covered]
    assert not missing, f"{term}: no edge rows for {missing}"


@pytest.mark.parametrize("term", KEYS, ids=lambda t: f"{t[0]}-{t[1]}")
def test_every_accepted_unit_has_a_row(term: tuple[str, str]) -> None:
    criterion = TABLE[term]
    used = {s.unit for s in criterion.scenarios} | {r.unit for r in criterion.units}
    names = set()
    for text in used:
        unit = parse_unit(text)
        assert unit is not None, text
        names.add(unit.name)
    assert set(LAB_TERMS[term].rule.units) <= names


@pytest.mark.parametrize("term", KEYS, ids=lambda t: f"{t[0]}-{t[1]}")
def test_every_criterion_has_a_value_below_the_range(term: tuple[str, str]) -> None:
    assert TABLE[term].below
