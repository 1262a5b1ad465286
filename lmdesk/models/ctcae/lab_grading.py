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
from lmdesk.models.ctcae.lab_query import GradeStatus, LabGrade, LabQuery
from lmdesk.models.ctcae.rules import (
    FACT_FEVER_OVER_24H,
    FACT_SYMPTOMATIC,
    AbsoluteRule,
    Choice,
    FebrileNeutropeniaRule,
    GradeSpec,
    LabTerm,
    Multiple,
    RelativeRule,
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


class _Grading:
    """Collects the assumptions made while grading one query."""

    def __init__(self, query: LabQuery, term: LabTerm, notes: list[str]) -> None:
        self.query = query
        self.term = term
        self.assumptions: list[str] = list(notes)

    def result(self, grade: int | None, status: GradeStatus, reason: str | None = None) -> LabGrade:
        criterion = self.term.texts.get(grade) if status is GradeStatus.GRADED and grade else None
        return LabGrade(
            term=self.term.name,
            version=self.term.version,
            grade=grade,
            status=status,
            criterion=criterion,
            assumptions=tuple(self.assumptions),
            reason=reason,
        )

    def graded(self, grade: int) -> LabGrade:
        return self.result(grade, GradeStatus.GRADED if grade > 0 else GradeStatus.NORMAL)

    def not_gradable(self, reason: str) -> LabGrade:
        return self.result(None, GradeStatus.NOT_GRADABLE, reason)

    def ambiguous(self, reason: str) -> LabGrade:
        return self.result(None, GradeStatus.AMBIGUOUS, reason)

    def choose(self, spec: GradeSpec) -> int:
        """A band's grade; for a fact-dependent band, the fact or else the worse case."""
        if isinstance(spec, int):
            return spec
        fact = self._fact(spec)
        if fact is None:
            self.assumptions.append(self._worst_case_note(spec))
            return spec.worst
        return spec.if_true if fact else spec.if_false

    def _fact(self, spec: Choice) -> bool | None:
        if spec.fact == FACT_SYMPTOMATIC:
            return self.query.symptomatic
        if spec.fact == FACT_FEVER_OVER_24H:
            hours = self.query.hours_above_40c
            return None if hours is None else hours > 24
        raise ValueError(spec.fact)

    @staticmethod
    def _worst_case_note(spec: Choice) -> str:
        if spec.fact == FACT_SYMPTOMATIC:
            return _("Symptoms not stated: graded as symptomatic (the worse case).")
        return _("Time above 40 °C not stated: graded as more than 24 hours (the worse case).")


def grade_lab(query: LabQuery, aliases: Mapping[str, str] | None = None) -> LabGrade:
    """Grade ``query``; raises UnknownTermError for a name that is not a lab term."""
    term, notes = resolve_lab_term(query.term, query.version, aliases)
    grading = _Grading(query, term, notes)
    rule = term.rule
    if query.unit is None:
        return grading.not_gradable(
            _("No unit given; use one of: {units}.").format(units=", ".join(rule.units))
        )
    unit = parse_unit(query.unit)
    if unit is None or unit.name not in rule.units:
        return grading.not_gradable(
            _("Unit '{unit}' is not known for {term}; use one of: {units}.").format(
                unit=query.unit, term=term.name, units=", ".join(rule.units)
            )
        )
    if unit.name == "mEq/L":
        grading.assumptions.append(
            _("mEq/L taken as equal to mmol/L (a monovalent ion); CTCAE prints mmol/L only.")
        )
    with localcontext() as ctx:
        ctx.prec = 60
        if isinstance(rule, AbsoluteRule):
            return _grade_absolute(grading, rule, unit)
        if isinstance(rule, RelativeRule):
            return _grade_relative(grading, rule)
        return _grade_febrile_neutropenia(grading, rule, unit)


def _grade_absolute(grading: _Grading, rule: AbsoluteRule, unit: Unit) -> LabGrade:
    query = grading.query
    grading.assumptions.extend(_(note) for note in rule.notes)
    band_set = rule.scales[unit.scale]
    x = query.value * unit.factor
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
    if query.lln is None:
        return grading.not_gradable(
            _("The lab's LLN is needed: {value} {unit} is above every absolute cut-off.").format(
                value=query.value, unit=unit.name
            )
        )
    lln = query.lln * unit.factor
    if top is not None and lln > 0 and not (top / 4 <= lln <= top * 4):
        # a data-entry guard, not a CTCAE rule: an LLN this far from the printed grade-1
        # boundary is almost surely in another unit, and would silently change the grade
        return grading.not_gradable(
            _(
                "The LLN {lln} {unit} is implausible next to the CTCAE boundary {top}; "
                "enter the LLN in the same unit as the value."
            ).format(lln=query.lln, unit=unit.name, top=top / unit.factor)
        )
    if x < lln:
        return grading.graded(grading.choose(rule.lln_grade))
    return grading.graded(0)


def _multiple_grade(x: Decimal, ref: Decimal, multiples: tuple[Multiple, ...]) -> int:
    """Highest grade whose printed lower end (">k x REF", or "k x REF -" inclusive) x passes."""
    for multiple in multiples:
        threshold = multiple.factor * ref
        if x > threshold or (multiple.inclusive and x == threshold):
            return multiple.grade
    return 0


def _grade_relative(grading: _Grading, rule: RelativeRule) -> LabGrade:
    query = grading.query
    x, uln, baseline = query.value, query.uln, query.baseline
    if uln is None:
        return grading.not_gradable(_("The lab's ULN is needed to grade this term."))
    by_uln = _multiple_grade(x, uln, rule.uln)
    mode = rule.baseline_mode
    if mode == "above_baseline_and_uln":
        if baseline is None:
            return grading.not_gradable(
                _("A baseline value is needed: v6.0 grades '>Baseline and ULN'.")
            )
        return grading.graded(1 if x > baseline and x > uln else 0)
    if baseline is None:
        grading.assumptions.append(
            _("No baseline given: graded by multiples of ULN (baseline taken as normal).")
        )
        return grading.graded(by_uln)
    by_baseline = _multiple_grade(x, baseline, rule.baseline)
    if mode == "above_uln":
        if baseline <= uln:
            return grading.graded(by_uln)
        if grading.term.version == "6.0" and baseline > 5 * uln and by_baseline == 3:
            grading.assumptions.append(
                _("Baseline is above 5 x ULN; the v6.0 text 'up to 5 x ULN' was not applied.")
            )
        return grading.graded(by_baseline)
    if mode == "any":
        return grading.graded(max(by_uln, by_baseline))
    # below_lln: the baseline multiples count only for a baseline below LLN (v6.0 creatinine).
    if query.lln is None:
        if by_baseline > by_uln:
            return grading.ambiguous(
                _(
                    "The lab's LLN is needed: v6.0 uses multiples of baseline only when the "
                    "baseline is below LLN, and here that decides between grade {a} and {b}."
                ).format(a=by_uln, b=by_baseline)
            )
        return grading.graded(by_uln)
    if baseline < query.lln:
        return grading.graded(max(by_uln, by_baseline))
    return grading.graded(by_uln)


def _grade_febrile_neutropenia(
    grading: _Grading, rule: FebrileNeutropeniaRule, unit: Unit
) -> LabGrade:
    query = grading.query
    anc = query.value * unit.factor
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
