"""What an assessment leaves out, shown before it is saved.

The EORTC/RANO validation found most paper scorecards incomplete [R97]; so the screen lists
every element still missing. Each item is *recorded*, *missing* (no answer yet) or
*unavailable* (answered "not done" / "not evaluable" / "not assessable": the element exists
but gives nothing to compare). An incomplete assessment may still be saved; the list says
what it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lmdesk.i18n import N_
from lmdesk.models.response import sources
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.imaging import SCORECARD_ITEMS
from lmdesk.models.response.neuro import NEURO_ITEMS, NOT_ASSESSABLE

ItemState = Literal["recorded", "missing", "unavailable"]
Role = Literal["baseline", "follow_up"]

GROUP_LABELS: dict[str, str] = {
    "neuro": N_("Neurological examination"),
    "csf": N_("CSF"),
    "mri": N_("MRI"),
    "mri_change": N_("MRI: change against the baseline"),
    "performance": N_("Performance status"),
    "symptoms": N_("Symptoms"),
}


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    group: str
    label: str  # N_() marked
    state: ItemState
    citation: str


@dataclass(frozen=True)
class Completeness:
    items: tuple[CompletenessItem, ...]

    def _in(self, state: ItemState) -> tuple[CompletenessItem, ...]:
        return tuple(i for i in self.items if i.state == state)

    @property
    def missing(self) -> tuple[CompletenessItem, ...]:
        return self._in("missing")

    @property
    def unavailable(self) -> tuple[CompletenessItem, ...]:
        return self._in("unavailable")

    @property
    def recorded(self) -> tuple[CompletenessItem, ...]:
        return self._in("recorded")

    @property
    def complete(self) -> bool:
        return not self.missing

    def summary(self) -> tuple[int, int]:
        """(answered, total): answered counts recorded and unavailable items."""
        return len(self.items) - len(self.missing), len(self.items)


def _state(answered: bool, unavailable: bool = False) -> ItemState:
    if not answered:
        return "missing"
    return "unavailable" if unavailable else "recorded"


def check_completeness(a: Assessment, role: Role) -> Completeness:
    """Every element the sources ask for, in screen order, with its state."""
    items: list[CompletenessItem] = []

    def add(key: str, group: str, label: str, state: ItemState, citation: str) -> None:
        items.append(CompletenessItem(key, group, label, state, citation))

    for item in NEURO_ITEMS:
        code = a.neuro.get(item.key)
        add(
            f"neuro.{item.key}",
            "neuro",
            item.label,
            _state(code is not None, code == NOT_ASSESSABLE),
            item.citation,
        )
    if role == "follow_up":
        add(
            "neuro.rating",
            "neuro",
            N_("Neurological assessment against the baseline"),
            _state(a.neuro_rating is not None),
            sources.RANO_LM,
        )
    csf = a.csf
    add(
        "csf.cytology",
        "csf",
        N_("CSF cytology"),
        _state(csf.cytology is not None, csf.cytology == "not_done"),
        sources.EANO_ESMO_2023,
    )
    if csf.cytology in ("positive", "negative", "suspicious"):
        add(
            "csf.volume",
            "csf",
            N_("CSF volume sent for cytology"),
            _state(csf.volume_ml is not None),
            sources.EANO_ESMO_2023,
        )
    add(
        "csf.marker",
        "csf",
        N_("CSF tumour marker"),
        _state(bool(csf.markers) or csf.markers_not_measured, csf.markers_not_measured),
        sources.MARKER_RULE,
    )
    mri = a.mri
    add(
        "mri.done",
        "mri",
        N_("Contrast MRI of the neuraxis"),
        _state(mri.done is not None, mri.done is False),
        sources.RANO_LM,
    )
    if mri.done:
        for key, label in SCORECARD_ITEMS.items():
            presence = mri.items.get(key)
            add(
                f"mri.item.{key}",
                "mri",
                label,
                _state(presence is not None, presence == "ne"),
                sources.SCORECARD,
            )
        if role == "follow_up":
            for key, label in SCORECARD_ITEMS.items():
                if mri.items.get(key) == "ne":
                    continue
                add(
                    f"mri.change.{key}",
                    "mri_change",
                    label,
                    _state(key in mri.changes),
                    sources.SCORECARD,
                )
            add(
                "mri.lm_response",
                "mri",
                N_("Overall LM imaging response"),
                _state(mri.lm_response is not None, mri.lm_response == "NE"),
                sources.SCORECARD,
            )
            add(
                "mri.rano_grade",
                "mri",
                N_("Neuroimaging against the baseline (RANO-LM)"),
                _state(mri.rano_grade is not None),
                sources.RANO_LM,
            )
    add("kps", "performance", N_("Karnofsky (KPS)"), _state(a.kps is not None), sources.KPS)
    add("ecog", "performance", N_("ECOG"), _state(a.ecog is not None), sources.ECOG)
    add(
        "symptoms",
        "symptoms",
        N_("Symptoms"),
        _state(a.symptoms is not None),
        sources.SEED_REVIEW,
    )
    return Completeness(tuple(items))
