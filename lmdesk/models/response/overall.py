"""The overall call: only the one rule the sources define, else "clinician decides".

RANO-LM 2017 [R70]: isolated radiographic progression - progressive neuroimaging with a
negative CSF cytology and a stable neurological assessment - is LM progression. Every
other combination (and any complete or partial response) has no confirmed definition, so
lmdesk shows the components and leaves the call to the clinician.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lmdesk.i18n import N_
from lmdesk.models.response import sources

OverallKind = Literal["lm_progression", "clinician_decides"]

CONDITION_LABELS: dict[str, str] = {
    "imaging_progressive": N_("neuroimaging progressive (RANO-LM grade)"),
    "cytology_negative": N_("CSF cytology negative"),
    "neuro_stable": N_("neurological assessment stable"),
    "neuro_consistent": N_("no RANO item contradicts the 'stable' rating"),
}
OVERALL_LABELS: dict[str, str] = {
    "lm_progression": N_("LM progression (isolated radiographic progression, RANO-LM 2017)"),
    "clinician_decides": N_("Clinician decides"),
}


@dataclass(frozen=True)
class Condition:
    key: str
    met: bool | None  # None: not recorded, so not known


@dataclass(frozen=True)
class OverallCall:
    kind: OverallKind
    conditions: tuple[Condition, ...]
    citation: str = sources.RANO_LM

    @property
    def unmet(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.met is not True)


def overall_call(
    *,
    rano_grade: str | None,
    cytology: str | None,
    neuro_rating: str | None,
    neuro_conflict: bool,
) -> OverallCall:
    def known(value: str | None, wanted: str) -> bool | None:
        return None if value is None else value == wanted

    conditions = (
        Condition("imaging_progressive", known(rano_grade, "progressive")),
        Condition(
            "cytology_negative", None if cytology in (None, "not_done") else cytology == "negative"
        ),
        Condition("neuro_stable", known(neuro_rating, "stable")),
        Condition("neuro_consistent", not neuro_conflict),
    )
    met = all(c.met is True for c in conditions)
    return OverallCall("lm_progression" if met else "clinician_decides", conditions)
