"""Grade one lab value by CTCAE v5.0 or v6.0 (ctcae_criteria.md 1.2-1.6, 2.1 and 4).

Conventions, each from the reference: absolute cut-offs are checked before the LLN, so they
apply even above a lab's LLN (4.1); an abnormal baseline is one above ULN, and a missing
baseline is graded by the ULN rule (4.4); a clinical fact that would decide between two
grades but is unknown is taken as the worse case and said so (4.6); a value that falls
between printed bands is ambiguous, never rounded into one (4.1 hyponatremia, fever in degF).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from lmdesk.i18n import _
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS, RENAMED
from lmdesk.models.ctcae.lab_outcome import Grading
from lmdesk.models.ctcae.lab_query import LabGrade, LabQuery
from lmdesk.models.ctcae.lab_refs import (
    REF_FIELDS,
    Refs,
    RefUnitError,
    ref_unit,
    show_number,
    to_one_unit,
)
from lmdesk.models.ctcae.relative_grading import grade_relative
from lmdesk.models.ctcae.rules import (
    AbsoluteRule,
    FebrileNeutropeniaRule,
    LabTerm,
    RelativeRule,
    Rule,
    Version,
)
from lmdesk.models.ctcae.units import Unit, parse_unit
from lmdesk.models.errors import BadInputError


class UnknownTermError(BadInputError):
    """The name is not a lab-gradable CTCAE term of the chosen version."""


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def resolve_lab_term(
    name: str, version: Version, aliases: Mapping[str, str] | None = None
) -> tuple[LabTerm, list[str]]:
    """The lab term called ``name`` (any case; ``aliases`` maps e.g. Chinese names to English).

    A v5 name asked under v6 (or the reverse) gives the successor term and a note saying so.
    """
    wanted = _key(name)
    if aliases:
        for alias, english in aliases.items():
            if _key(alias) == wanted:
                wanted = _key(english)
                break
    by_key = {_key(term_name): term_name for v, term_name in LAB_TERMS if v == version}
    if wanted in by_key:
        return LAB_TERMS[(version, by_key[wanted])], []
    for (v, old), new in RENAMED.items():
        if v == version and _key(old) == wanted:
            note = _("'{old}' is named '{new}' in CTCAE v{version}; graded as '{new}'.").format(
                old=old, new=new, version=version
            )
            return LAB_TERMS[(version, new)], [note]
    raise UnknownTermError(
        _("'{name}' is not a lab-gradable CTCAE v{version} term").format(name=name, version=version)
    )


def grade_lab(query: LabQuery, aliases: Mapping[str, str] | None = None) -> LabGrade:
    """Grade ``query``; raises UnknownTermError for a name that is not a lab term, and
    BadInputError for numbers that contradict each other (an LLN not below the ULN)."""
    term, notes = resolve_lab_term(query.term, query.version, aliases)
    grading = Grading(query, term, notes)
    rule = term.rule
    with localcontext() as ctx:
        ctx.prec = 60
        prepared = _in_one_unit(grading, rule)
        if isinstance(prepared, LabGrade):
            return prepared
        refs, unit = prepared
        if refs.lln is not None and refs.uln is not None and refs.lln >= refs.uln:
            raise BadInputError(_("The LLN must be below the ULN."))
        if isinstance(rule, RelativeRule):
            return grade_relative(grading, rule, refs, unit.name if unit else "")
        assert unit is not None
        if isinstance(rule, AbsoluteRule):
            return _grade_absolute(grading, rule, unit, refs)
        return _grade_febrile_neutropenia(grading, rule, refs)


def _in_one_unit(grading: Grading, rule: Rule) -> tuple[Refs, Unit | None] | LabGrade:
    """The query's numbers in one unit, or the reason they cannot be graded."""
    query, term = grading.query, grading.term
    if query.unit is None:
        if isinstance(rule, RelativeRule) and all(ref_unit(query, f) is None for f in REF_FIELDS):
            # multiples of ULN/baseline do not depend on the unit, only on it being one unit
            grading.assumptions.append(
                _("No unit given: the value, ULN and baseline are taken to be in one unit.")
            )
            return Refs(query.value, query.lln, query.uln, query.baseline), None
        return grading.not_gradable(
            _("No unit given; use one of: {units}.").format(units=", ".join(rule.units)),
            needs=("unit",),
        )
    unit = parse_unit(query.unit, rule.units)
    if unit is None or unit.name not in rule.units:
        return grading.not_gradable(
            _("Unit '{unit}' is not known for {term}; use one of: {units}.").format(
                unit=query.unit, term=term.name, units=", ".join(rule.units)
            ),
            needs=("unit",),
        )
    fields: tuple[str, ...] = ()
    if isinstance(rule, RelativeRule):
        fields = REF_FIELDS
    elif isinstance(rule, AbsoluteRule):
        fields = ("lln",)
    analyte = rule.analyte if isinstance(rule, RelativeRule) else None
    try:
        refs, notes = to_one_unit(query, unit, rule.units, analyte, fields, term.name)
    except RefUnitError as err:
        return grading.not_gradable(err.message, needs=(err.field,))
    used = [unit.name] + [
        u.name for f in fields if (u := ref_unit(query, f, rule.units)) is not None
    ]
    if "mEq/L" in used:
        grading.assumptions.append(
            _("mEq/L taken as equal to mmol/L (a monovalent ion); CTCAE prints mmol/L only.")
        )
    grading.assumptions.extend(notes)
    return refs, unit


def _grade_absolute(grading: Grading, rule: AbsoluteRule, unit: Unit, refs: Refs) -> LabGrade:
    query = grading.query
    grading.assumptions.extend(_(note) for note in rule.notes)
    band_set = rule.scales[unit.scale]
    x = refs.value
    for band in band_set.bands:
        if band.contains(x):
            return grading.graded(grading.choose(band.grade))
    between = _("{value} {unit} lies between the printed CTCAE bands; grade it by hand.").format(
        value=query.value, unit=unit.name
    )
    if rule.direction == "high":
        lowest = band_set.bands[0]
        assert lowest.lo is not None
        if x < lowest.lo or (x == lowest.lo and not lowest.lo_inclusive):
            return grading.graded(0)
        return grading.ambiguous(between)
    top = band_set.lln_from
    if top is not None and x < top:
        return grading.ambiguous(between)
    if rule.lln_grade is None:
        return grading.graded(0)
    lln = refs.lln
    if lln is None and not band_set.bands:
        return grading.not_gradable(
            _("The lab's LLN is needed: this term is graded only as below the LLN."),
            needs=("lln",),
        )
    if lln is None:
        return grading.not_gradable(
            _("The lab's LLN is needed: {value} {unit} is above every absolute cut-off.").format(
                value=query.value, unit=unit.name
            ),
            needs=("lln",),
        )
    if top is not None and lln > 0 and not (top / 4 <= lln <= top * 4):
        # a data-entry guard, not a CTCAE rule: an LLN this far from the printed grade-1
        # boundary is almost surely in another unit. The grade it gives as written is still
        # said (ctcae_criteria.md 4.8: admiral's own tests carry a lymphocyte LLN of 140),
        # with the doubt beside it, never silently.
        literal = rule.lln_grade if x < lln else 0
        grading.assumptions.append(
            _(
                "Check the LLN: {lln} {lln_unit} is implausible next to the CTCAE boundary "
                "{top} {unit} (perhaps another unit); this grade takes it as written. Enter "
                "the LLN in the value's unit, or write its unit after it."
            ).format(
                lln=show_number(query.lln) if query.lln is not None else "",
                lln_unit=query.lln_unit or unit.name,
                top=show_number(top / unit.factor),
                unit=unit.name,
            )
        )
        return grading.graded(grading.choose(literal))
    if x < lln:
        return grading.graded(grading.choose(rule.lln_grade))
    return grading.graded(0)


def _grade_febrile_neutropenia(
    grading: Grading, rule: FebrileNeutropeniaRule, refs: Refs
) -> LabGrade:
    query = grading.query
    anc = refs.value
    if anc >= rule.anc_below:
        return grading.graded(0)
    peak, sustained = query.max_temp_c, query.sustained_38c_over_1h
    if peak is not None and peak < Decimal("38.0") and sustained:
        raise BadInputError(
            _("max_temp_c is below 38.0 °C, so a sustained temperature of 38 °C is impossible.")
        )
    if (peak is not None and peak > rule.single_temp_above_c) or sustained:
        return grading.graded(rule.grade)
    if peak is not None and (peak < Decimal("38.0") or sustained is False):
        return grading.graded(0)
    if peak is None and sustained is None:
        grading.assumptions.append(
            _("Temperature not stated: the fever criterion is taken as met (the worse case).")
        )
    elif peak is None:
        grading.assumptions.append(
            _("Highest temperature not stated: taken as above 38.3 °C (the worse case).")
        )
    else:
        grading.assumptions.append(
            _("Whether >=38 °C lasted over one hour is not stated: taken as yes (the worse case).")
        )
    return grading.graded(rule.grade)
