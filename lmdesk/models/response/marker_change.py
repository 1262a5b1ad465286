"""The CSF tumour-marker rule of Xu 2025 [R62] (seed review ref. [52]).

A decrease of at least 35 % from the course's baseline value predicts response, an increase
of at least 35 % predicts progression; anything between is "within +/-35 %". The change is
computed exactly (``Fraction`` of the typed decimals), so 6.5 against 10 is -35 % exactly
and counts. Which marker the rule was derived from is not confirmed, so the call is shown
for any marker and says so. No call is made against a missing or zero baseline, or against
a baseline of another marker or unit (nothing is converted).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from lmdesk.i18n import N_
from lmdesk.models.response import sources
from lmdesk.models.response.csf import MarkerValue, marker_key, unit_key

#: The threshold as an exact fraction: 35 %.
THRESHOLD = Fraction(35, 100)

MarkerCallKind = Literal["predicts_response", "predicts_progression", "within", "no_call"]
NoCallReason = Literal["no_baseline", "baseline_zero", "unit_differs", "different_marker"]

CALL_LABELS: dict[str, str] = {
    "predicts_response": N_("decrease >= 35 %: predicts response"),
    "predicts_progression": N_("increase >= 35 %: predicts progression"),
    "within": N_("within +/-35 %"),
    "no_call": N_("no call"),
}
NO_CALL_LABELS: dict[str, str] = {
    "no_baseline": N_("no baseline value of this marker in the course's baseline assessment"),
    "baseline_zero": N_("the baseline value is 0, so a change in % is undefined"),
    "unit_differs": N_("the baseline was measured in another unit (no conversion is made)"),
    "different_marker": N_("the baseline value is of another marker"),
}


@dataclass(frozen=True)
class MarkerCall:
    """One marker compared with the baseline; ``change`` is the exact fraction (-7/20 ...)."""

    name: str
    unit: str
    current: Decimal
    baseline: Decimal | None
    baseline_unit: str | None
    change: Fraction | None
    call: MarkerCallKind
    reason: NoCallReason | None = None
    citation: str = sources.MARKER_RULE

    @property
    def change_percent(self) -> Decimal | None:
        """The change in %, truncated toward zero to 1 decimal.

        Truncation keeps the shown number on the same side of 35 as the exact value: -34.96 %
        shows as -34.9 % (within), never as a rounded -35.0 % next to "within +/-35 %".
        """
        if self.change is None:
            return None
        tenths = int(self.change * 1000)  # int() of a Fraction truncates toward zero, exactly
        return Decimal(tenths).scaleb(-1)

    def as_json(self) -> dict[str, Any]:
        percent = self.change_percent
        return {
            "name": self.name,
            "unit": self.unit,
            "value": str(self.current),
            "baseline_value": None if self.baseline is None else str(self.baseline),
            "baseline_unit": self.baseline_unit,
            "change_percent": None if percent is None else str(percent),
            "call": self.call,
            "no_call_reason": self.reason,
            "source": [sources.MARKER_RULE, sources.MARKER_RULE_SEED],
        }


def response_band(baseline: Decimal) -> tuple[Decimal, Decimal]:
    """The values 35 % below and above ``baseline``: outside them the rule makes a call."""
    low = Fraction(baseline) * (1 - THRESHOLD)
    high = Fraction(baseline) * (1 + THRESHOLD)
    return (
        Decimal(low.numerator) / Decimal(low.denominator),
        Decimal(high.numerator) / Decimal(high.denominator),
    )


def exact_change(baseline: Decimal, current: Decimal) -> Fraction:
    """(current - baseline) / baseline, exactly; baseline must not be 0."""
    b, c = Fraction(baseline), Fraction(current)
    return (c - b) / b


def classify(change: Fraction) -> MarkerCallKind:
    if change <= -THRESHOLD:
        return "predicts_response"
    if change >= THRESHOLD:
        return "predicts_progression"
    return "within"


def _no_call_reason(current: MarkerValue, baseline: MarkerValue | None) -> NoCallReason | None:
    if baseline is None:
        return "no_baseline"
    if marker_key(baseline.name) != marker_key(current.name):
        return "different_marker"
    if unit_key(baseline.unit) != unit_key(current.unit):
        return "unit_differs"
    if baseline.value == 0:
        return "baseline_zero"
    return None


def compare_marker(current: MarkerValue, baseline: MarkerValue | None) -> MarkerCall:
    """The +/-35 % call for ``current`` against the baseline value of the same marker."""
    reason = _no_call_reason(current, baseline)
    change = None
    call: MarkerCallKind = "no_call"
    if reason is None and baseline is not None:
        change = exact_change(baseline.value, current.value)
        call = classify(change)
    return MarkerCall(
        name=current.name,
        unit=current.unit,
        current=current.value,
        baseline=baseline.value if baseline else None,
        baseline_unit=baseline.unit if baseline else None,
        change=change,
        call=call,
        reason=reason,
    )
