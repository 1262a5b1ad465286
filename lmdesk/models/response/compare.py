"""Each component of a follow-up compared with the course's baseline assessment.

Directions are stated only where the scale's own wording orders it: higher KPS is better
[R108], higher ECOG worse [R107], a higher RANO item level a worse deficit [R99]. NANO-LM
scores are shown side by side with no direction (their level descriptors are not
confirmed [R98]). MRI item changes are the rater's; lmdesk only flags a rating that
contradicts the item's presence at the two dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lmdesk.models.response import sources
from lmdesk.models.response.assessment import SYMPTOMS, Assessment, NeuroRating
from lmdesk.models.response.csf import Cytology
from lmdesk.models.response.imaging import (
    CHANGE_LABELS,
    PRESENCE_LABELS,
    SCORECARD_ITEMS,
    ItemChange,
    LmImagingResponse,
    ParenchymalResponse,
    Presence,
    RanoImagingGrade,
    ScorecardItem,
)
from lmdesk.models.response.marker_change import MarkerCall, compare_marker
from lmdesk.models.response.neuro import NANO_DOMAINS, NEURO_ITEMS, NEURO_RATINGS, NeuroItem
from lmdesk.models.response.notes import Note, note
from lmdesk.models.response.overall import OverallCall, overall_call

Direction = Literal["better", "same", "worse", "not_comparable"]
CytologyChangeKind = Literal[
    "unchanged", "converted_negative", "converted_positive", "equivocal", "not_comparable"
]
SymptomChangeKind = Literal["new", "resolved", "persisting", "absent", "not_comparable"]


@dataclass(frozen=True)
class ScaleChange:
    scale: Literal["kps", "ecog"]
    baseline: int | None
    current: int | None

    @property
    def delta(self) -> int | None:
        if self.baseline is None or self.current is None:
            return None
        return self.current - self.baseline

    @property
    def direction(self) -> Direction:
        delta = self.delta
        if delta is None:
            return "not_comparable"
        if delta == 0:
            return "same"
        better = delta > 0 if self.scale == "kps" else delta < 0
        return "better" if better else "worse"

    @property
    def citation(self) -> str:
        return sources.KPS if self.scale == "kps" else sources.ECOG


@dataclass(frozen=True)
class NeuroChange:
    item: NeuroItem
    baseline: str | None
    current: str | None

    @property
    def direction(self) -> Direction:
        b = self.item.rank(self.baseline) if self.baseline is not None else None
        c = self.item.rank(self.current) if self.current is not None else None
        if b is None or c is None:
            return "not_comparable"
        return "same" if b == c else ("better" if c < b else "worse")


@dataclass(frozen=True)
class CytologyChange:
    baseline: Cytology | None
    current: Cytology | None

    @property
    def kind(self) -> CytologyChangeKind:
        done = ("positive", "negative", "suspicious")
        if self.baseline not in done or self.current not in done:
            return "not_comparable"
        if "suspicious" in (self.baseline, self.current):
            return "unchanged" if self.baseline == self.current else "equivocal"
        if self.baseline == self.current:
            return "unchanged"
        return "converted_negative" if self.current == "negative" else "converted_positive"


#: The presence pair that fixes what an honest change rating can be.
_EXPECTED: dict[tuple[str, str], ItemChange] = {
    ("absent", "present"): "worse",
    ("present", "absent"): "improved",
    ("absent", "absent"): "no_change",
}


@dataclass(frozen=True)
class ImagingItemChange:
    key: ScorecardItem
    baseline: Presence | None
    current: Presence | None
    rated: ItemChange | None

    @property
    def conflict(self) -> bool:
        if self.rated is None or self.baseline is None or self.current is None:
            return False
        expected = _EXPECTED.get((self.baseline, self.current))
        return expected is not None and expected != self.rated


@dataclass(frozen=True)
class SymptomChange:
    key: str
    baseline: bool | None
    current: bool | None

    @property
    def kind(self) -> SymptomChangeKind:
        if self.baseline is None or self.current is None:
            return "not_comparable"
        if self.baseline and self.current:
            return "persisting"
        if self.current:
            return "new"
        return "resolved" if self.baseline else "absent"


@dataclass(frozen=True)
class NanoPair:
    domain: str
    baseline: int | None
    current: int | None


@dataclass(frozen=True)
class Comparison:
    baseline: Assessment
    current: Assessment
    ratings_valid: bool
    kps: ScaleChange
    ecog: ScaleChange
    neuro: tuple[NeuroChange, ...]
    neuro_rating: NeuroRating | None
    cytology: CytologyChange
    markers: tuple[MarkerCall, ...]
    imaging: tuple[ImagingItemChange, ...]
    lm_response: LmImagingResponse | None
    parenchymal: ParenchymalResponse | None
    rano_grade: RanoImagingGrade | None
    symptoms: tuple[SymptomChange, ...]
    nano: tuple[NanoPair, ...]
    notes: tuple[Note, ...]
    overall: OverallCall

    @property
    def days(self) -> int:
        return (self.current.assessed_on - self.baseline.assessed_on).days


def _has(symptoms: tuple[str, ...] | None, key: str) -> bool | None:
    return None if symptoms is None else key in symptoms


def _neuro_conflicts(rating: NeuroRating | None, changes: tuple[NeuroChange, ...]) -> list[Note]:
    """A rating that none of the item changes supports (mixed changes are the rater's call)."""
    if rating is None:
        return []
    better = [c for c in changes if c.direction == "better"]
    worse = [c for c in changes if c.direction == "worse"]
    against = {
        "stable": better + worse,
        "improved": worse if not better else [],
        "worse": better if not worse else [],
    }[rating]
    return [
        note(
            "warning",
            "neuro_rating_conflict",
            {"rating": NEURO_RATINGS[rating], "item": c.item.label},
        )
        for c in against
    ]


def compare(baseline: Assessment, current: Assessment) -> Comparison:
    """``current`` against ``baseline`` (the course's baseline assessment)."""
    valid = baseline.id is not None and current.rated_against == baseline.id
    notes: list[Note] = []
    if not valid:
        notes.append(
            note("warning", "ratings_other_baseline", baseline=baseline.assessed_on.isoformat())
        )
    neuro = tuple(
        NeuroChange(item, baseline.neuro.get(item.key), current.neuro.get(item.key))
        for item in NEURO_ITEMS
    )
    rating = current.neuro_rating if valid else None
    notes += _neuro_conflicts(rating, neuro)
    markers = tuple(compare_marker(m, baseline.csf.marker(m.name)) for m in current.csf.markers)
    if markers:
        notes.append(note("info", "marker_unconfirmed"))
    mri_b, mri_c = baseline.mri, current.mri
    imaging = tuple(
        ImagingItemChange(
            key,
            mri_b.items.get(key),
            mri_c.items.get(key),
            mri_c.changes.get(key) if valid else None,
        )
        for key in SCORECARD_ITEMS
    )
    for change in imaging:
        if change.conflict and change.rated and change.baseline and change.current:
            notes.append(
                note(
                    "warning",
                    "mri_change_conflict",
                    {
                        "item": SCORECARD_ITEMS[change.key],
                        "change": CHANGE_LABELS[change.rated],
                        "before": PRESENCE_LABELS[change.baseline],
                        "after": PRESENCE_LABELS[change.current],
                    },
                )
            )
    cytology = CytologyChange(baseline.csf.cytology, current.csf.cytology)
    rano = mri_c.rano_grade if valid else None
    conflicted = any(n.code == "neuro_rating_conflict" for n in notes)
    return Comparison(
        baseline=baseline,
        current=current,
        ratings_valid=valid,
        kps=ScaleChange("kps", baseline.kps, current.kps),
        ecog=ScaleChange("ecog", baseline.ecog, current.ecog),
        neuro=neuro,
        neuro_rating=rating,
        cytology=cytology,
        markers=markers,
        imaging=imaging,
        lm_response=mri_c.lm_response if valid else None,
        parenchymal=mri_c.parenchymal,
        rano_grade=rano,
        symptoms=tuple(
            SymptomChange(k, _has(baseline.symptoms, k), _has(current.symptoms, k))
            for k in SYMPTOMS
        ),
        nano=tuple(
            NanoPair(d, baseline.nano.get(d), current.nano.get(d))
            for d in NANO_DOMAINS
            if d in baseline.nano or d in current.nano
        ),
        notes=tuple(notes),
        overall=overall_call(
            rano_grade=rano,
            cytology=current.csf.cytology,
            neuro_rating=rating,
            neuro_conflict=conflicted,
        ),
    )
