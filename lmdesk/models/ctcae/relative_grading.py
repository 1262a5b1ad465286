"""Grading the ULN- and baseline-relative terms (ctcae_criteria.md 1.3, 2.1, 4.1, 4.4).

All numbers arrive in one unit (lab_refs), so the multiples are unit-free. Conventions, each
from the reference:
- ">A - B x ULN" covers A*ULN < x <= B*ULN; a lower end printed without '>' is inclusive (4.1).
- 'Baseline abnormal' means above ULN; a baseline equal to ULN is normal (4.4).
- A missing baseline grades by the ULN rule, as admiral does (4.4); a note says so, but only
  when a baseline could have changed the answer.
- v6.0 ALP '>Baseline and ULN' and v6.0 creatinine 'if baseline is below LLN' need that
  number only when it decides the grade; then the answer names it and both possible grades.
"""

from __future__ import annotations

from decimal import Decimal

from lmdesk.i18n import _
from lmdesk.models.ctcae.lab_outcome import Grading
from lmdesk.models.ctcae.lab_query import LabGrade
from lmdesk.models.ctcae.lab_refs import Refs, show_number
from lmdesk.models.ctcae.rules import Multiple, RelativeRule


def multiple_grade(x: Decimal, ref: Decimal, multiples: tuple[Multiple, ...]) -> int:
    """Highest grade whose printed lower end (">k x REF", or "k x REF -" inclusive) x passes."""
    for multiple in multiples:
        threshold = multiple.factor * ref
        if x > threshold or (multiple.inclusive and x == threshold):
            return multiple.grade
    return 0


def grade_relative(grading: Grading, rule: RelativeRule, refs: Refs, unit: str) -> LabGrade:
    x, uln, baseline = refs.value, refs.uln, refs.baseline
    if uln is None:
        return grading.not_gradable(
            _("The lab's ULN is needed to grade this term."), needs=("uln",)
        )
    by_uln = multiple_grade(x, uln, rule.uln)
    mode = rule.baseline_mode
    if mode == "above_baseline_and_uln":
        return _above_baseline_and_uln(grading, refs, uln, unit)
    if baseline is None:
        return _without_baseline(grading, rule, x, uln, by_uln)
    by_baseline = multiple_grade(x, baseline, rule.baseline)
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
    return _baseline_below_lln(grading, refs, baseline, by_uln, by_baseline, unit)


def _above_baseline_and_uln(grading: Grading, refs: Refs, uln: Decimal, unit: str) -> LabGrade:
    """v6.0 ALP, grade 1 '>Baseline and ULN': at or below ULN it is normal whatever the baseline."""
    x, baseline = refs.value, refs.baseline
    if x <= uln:
        return grading.graded(0)
    if baseline is None:
        return grading.not_gradable(
            _(
                "The baseline value is needed: {value} {unit} is above the ULN, so it is "
                "grade 1 if it is also above the baseline and grade 0 if not."
            ).format(value=show_number(grading.query.value), unit=unit),
            needs=("baseline",),
        )
    return grading.graded(1 if x > baseline else 0)


def _without_baseline(
    grading: Grading, rule: RelativeRule, x: Decimal, uln: Decimal, by_uln: int
) -> LabGrade:
    """No baseline: the ULN rule, with a note when a baseline could have changed the grade."""
    if rule.baseline_mode == "above_uln":
        # at or below ULN no baseline can make it an AE (the baseline rule needs baseline > ULN)
        if x > uln:
            grading.assumptions.append(
                _("No baseline given: graded by multiples of ULN (baseline taken as normal).")
            )
        return grading.graded(by_uln)
    highest_by_baseline = max(m.grade for m in rule.baseline)
    if by_uln < highest_by_baseline:
        if rule.baseline_mode == "any":
            note = _(
                "No baseline given: graded by multiples of ULN only; a rise above 1.5 x a "
                "known baseline would give a higher grade."
            )
        else:
            note = _(
                "No baseline given: graded by multiples of ULN only (baseline taken as not "
                "below LLN); a baseline below LLN could give a higher grade."
            )
        grading.assumptions.append(note)
    return grading.graded(by_uln)


def _baseline_below_lln(
    grading: Grading, refs: Refs, baseline: Decimal, by_uln: int, by_baseline: int, unit: str
) -> LabGrade:
    """v6.0 creatinine: the baseline multiples count only for a baseline below LLN."""
    if by_baseline <= by_uln:
        return grading.graded(by_uln)  # the LLN cannot change the answer
    if refs.lln is None:
        return grading.not_gradable(
            _(
                "The lab's LLN is needed: CTCAE v6.0 counts multiples of baseline only for a "
                "baseline below LLN, so this is grade {below} if the baseline {baseline} {unit} "
                "is below LLN and grade {other} if not."
            ).format(
                below=by_baseline,
                other=by_uln,
                baseline=show_number(grading.query.baseline or baseline),
                unit=grading.query.baseline_unit or unit,
            ),
            needs=("lln",),
        )
    return grading.graded(by_baseline if baseline < refs.lln else by_uln)
