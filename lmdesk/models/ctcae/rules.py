"""Shapes of the lab-grading criteria (the criteria themselves are data in lab_criteria.py).

CTCAE prints ranges such as "<1.5 - 1.0 x 10e9 /L" (covers 1.0 <= x < 1.5), ">3.0 - 5.0 x ULN"
(covers 3.0*ULN < x <= 5.0*ULN) and "38.0 - 39.0 degrees C" (both ends included); each
printed range becomes one ``Band`` or ``Multiple`` with its ends spelled out
(ctcae_criteria.md 4.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Version = Literal["5.0", "6.0"]
VERSIONS: tuple[Version, ...] = ("5.0", "6.0")
DEFAULT_VERSION: Version = "5.0"

# Clinical facts a lab value alone cannot settle (ctcae_criteria.md 4.6).
FACT_SYMPTOMATIC = "symptomatic"
FACT_FEVER_OVER_24H = "over_24h_above_40c"
FACT_FN_TEMPERATURE = "fn_temperature"


@dataclass(frozen=True)
class Choice:
    """A grade decided by a clinical fact: ``if_true`` when the fact holds, else ``if_false``."""

    fact: str
    if_true: int
    if_false: int

    @property
    def worst(self) -> int:
        return max(self.if_true, self.if_false)


GradeSpec = int | Choice


@dataclass(frozen=True)
class Band:
    """One printed range on an absolute scale; ``None`` ends are open (minus/plus infinity)."""

    grade: GradeSpec
    lo: Decimal | None
    lo_inclusive: bool
    hi: Decimal | None
    hi_inclusive: bool

    def contains(self, x: Decimal) -> bool:
        if self.lo is not None and (x < self.lo or (x == self.lo and not self.lo_inclusive)):
            return False
        return not (
            self.hi is not None and (x > self.hi or (x == self.hi and not self.hi_inclusive))
        )


def below(grade: GradeSpec, hi: str) -> Band:
    """Printed "<A": x < A."""
    return Band(grade, None, False, Decimal(hi), False)


def from_to(grade: GradeSpec, lo: str, hi: str) -> Band:
    """Printed "<A - B" on a decreasing term: B <= x < A."""
    return Band(grade, Decimal(lo), True, Decimal(hi), False)


def closed(grade: GradeSpec, lo: str, hi: str) -> Band:
    """Printed "A - B" with both ends included (v5 integer sodium bands, fever 38.0 - 39.0)."""
    return Band(grade, Decimal(lo), True, Decimal(hi), True)


def above_to(grade: GradeSpec, lo: str, hi: str) -> Band:
    """Printed ">A - B": A < x <= B."""
    return Band(grade, Decimal(lo), False, Decimal(hi), True)


def above(grade: GradeSpec, lo: str) -> Band:
    """Printed ">A": x > A."""
    return Band(grade, Decimal(lo), False, None, False)


@dataclass(frozen=True)
class BandSet:
    """The printed bands of one scale (e.g. g/L, or mmol/L for haemoglobin).

    ``lln_from`` is where the LLN-relative band starts ("<LLN - 1.5" starts at 1.5, inclusive);
    None when the whole range below LLN is that band (v6 Lymphopenia).
    """

    bands: tuple[Band, ...]
    lln_from: Decimal | None = None


@dataclass(frozen=True)
class AbsoluteRule:
    """A term graded on absolute cut-offs, plus an optional "<LLN" grade on a decreasing term."""

    direction: Literal["low", "high"]
    units: tuple[str, ...]
    scales: dict[str, BandSet]
    lln_grade: GradeSpec | None = None
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Multiple:
    """Printed ">k x REF" (or "k - ..." with an inclusive lower end when ``inclusive``)."""

    grade: int
    factor: Decimal
    inclusive: bool = False


def mults(*items: tuple[int, str] | tuple[int, str, bool]) -> tuple[Multiple, ...]:
    """Worst grade first: (grade, factor[, inclusive])."""
    out = []
    for item in items:
        inclusive = bool(item[2]) if len(item) == 3 else False
        out.append(Multiple(item[0], Decimal(item[1]), inclusive))
    return tuple(out)


BaselineMode = Literal["above_uln", "any", "below_lln", "above_baseline_and_uln"]


@dataclass(frozen=True)
class RelativeRule:
    """A term graded on multiples of ULN and of the patient's baseline (same unit throughout).

    ``baseline_mode``: ``above_uln`` - the baseline multiples replace the ULN ones when the
    baseline is above ULN (liver terms); ``any`` - both apply whenever a baseline is given and
    the higher grade wins (creatinine v5); ``below_lln`` - as ``any`` but only for a baseline
    below LLN (creatinine v6); ``above_baseline_and_uln`` - v6 ALP, grade 1 only.
    ``analyte`` names the substance when its mg/dL and umol/L differ by a molar mass
    (bilirubin, creatinine), so a ULN or baseline in the other unit can be converted.
    """

    units: tuple[str, ...]
    uln: tuple[Multiple, ...]
    baseline_mode: BaselineMode
    baseline: tuple[Multiple, ...] = ()
    analyte: str | None = None


@dataclass(frozen=True)
class FebrileNeutropeniaRule:
    """ANC below ``anc_below`` (10^9/L) with a qualifying temperature gives ``grade``."""

    units: tuple[str, ...]
    anc_below: Decimal
    single_temp_above_c: Decimal
    grade: int


Rule = AbsoluteRule | RelativeRule | FebrileNeutropeniaRule


@dataclass(frozen=True)
class LabTerm:
    """A lab-gradable CTCAE term of one version with its printed grade texts (NCI, verbatim)."""

    name: str
    version: Version
    rule: Rule
    texts: dict[int, str]
