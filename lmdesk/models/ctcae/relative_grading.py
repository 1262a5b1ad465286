"""Grading the ULN- and baseline-relative terms (ctcae_criteria.md 1.3, 2.1, 4.1, 4.4).

All numbers arrive in one unit (lab_refs), so the multiples are unit-free. Conventions, each
from the reference:
- ">A - B x ULN" covers A*ULN < x <= B*ULN; a lower end printed without '>' is inclusive (4.1).
- 'Baseline abnormal' means above ULN; a baseline equal to ULN is normal (4.4).
- A missing baseline grades by the ULN rule, as admiral does (4.4); a note says so, but only
  when a baseline could have changed the answer.
- v6.0 ALP '>Baseline and ULN' and v6.0 creatinine 'if baseline is below LLN' need that
  number only when it decides the grade; then the answer names it and both possible grades.
- No number is asked for that the answer does not depend on: a v6.0 ALP value not above its
  baseline is grade 0 whatever the ULN, and a liver value not above a given baseline (and
  short of its first multiple) is grade 0 whatever the ULN.
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
    mode = rule.baseline_mode
    if mode == "above_baseline_and_uln":
        return _above_baseline_and_uln(grading, refs, unit)
    if uln is None:
        if (
            mode == "above_uln"
            and baseline is not None
            and _normal_whatever_the_uln(x, baseline, rule)
        ):
            return grading.graded(0)
        return grading.not_gradable(
            _("The lab's ULN is needed to grade this term."), needs=("uln",)
        )
    by_uln = multiple_grade(x, uln, rule.uln)
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


def _normal_whatever_the_uln(x: Decimal, baseline: Decimal, rule: RelativeRule) -> bool:
    """A value not above its baseline and short of the first baseline multiple is grade 0
    for every ULN: a ULN at or above the baseline makes it normal by the ULN rule, a ULN
    below the baseline applies the baseline multiples, which it does not reach."""
    return x <= baseline and multiple_grade(x, baseline, rule.baseline) == 0


def _above_baseline_and_uln(grading: Grading, refs: Refs, unit: str) -> LabGrade:
    """v6.0 ALP, grade 1 '>Baseline and ULN': a value at or below either one is grade 0
    whatever the other is, so only the number that decides is asked for."""
    x, uln, baseline = refs.value, refs.uln, refs.baseline
    if (uln is not None and x <= uln) or (baseline is not None and x <= baseline):
        return grading.graded(0)
    amount = f"{show_number(grading.query.value)} {unit}".strip()
    if uln is None and baseline is None:
        return grading.not_gradable(
            _(
                "The lab's ULN and the baseline value are needed: {amount} is grade 1 only "
                "if it is above both."
            ).format(amount=amount),
            needs=("uln", "baseline"),
        )
    if uln is None:
        return grading.not_gradable(
            _(
                "The lab's ULN is needed: {amount} is above the baseline, so it is "
                "grade 1 if it is also above the ULN and grade 0 if not."
            ).format(amount=amount),
            needs=("uln",),
        )
    if baseline is None:
        return grading.not_gradable(
            _(
                "The baseline value is needed: {amount} is above the ULN, so it is "
                "grade 1 if it is also above the baseline and grade 0 if not."
            ).format(amount=amount),
            needs=("baseline",),
        )
    return grading.graded(1)


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
