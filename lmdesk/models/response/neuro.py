"""Neurological examination: the RANO items [R99] and the optional NANO-LM domains [R98].

Only the levels the reference lists are offered, in its wording (paraphrased). Where it
lists only abnormal levels (vision, eye movements, facial strength), "no listed deficit"
is offered as exactly that, with no invented score 0. Every item also takes "not
assessable". Items beyond these six are not confirmed: they go into free text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lmdesk.i18n import N_
from lmdesk.models.response import sources

#: Code for "the examiner found none of the listed deficits" (items without a level 0).
NO_LISTED_DEFICIT = "none"
#: Code for "could not be examined" (not a level; the item is not comparable).
NOT_ASSESSABLE = "ne"


@dataclass(frozen=True)
class NeuroLevel:
    code: str
    score: int | None  # the source's score; None where the source lists no score
    label: str  # N_() marked


@dataclass(frozen=True)
class NeuroItem:
    """One RANO item; ``levels`` run from no deficit to the worst listed deficit."""

    key: str
    label: str
    levels: tuple[NeuroLevel, ...]
    citation: str = sources.RANO_NEURO

    @property
    def codes(self) -> tuple[str, ...]:
        return (*(lv.code for lv in self.levels), NOT_ASSESSABLE)

    def level(self, code: str) -> NeuroLevel | None:
        """The level of ``code``; None for "not assessable"."""
        return next((lv for lv in self.levels if lv.code == code), None)

    def rank(self, code: str) -> int | None:
        """Position from no deficit (0) upwards; None if not assessable or unknown."""
        for index, lv in enumerate(self.levels):
            if lv.code == code:
                return index
        return None


def _none_level() -> NeuroLevel:
    return NeuroLevel(NO_LISTED_DEFICIT, None, N_("No listed deficit"))


def _zero_unworded() -> NeuroLevel:
    return NeuroLevel("0", 0, N_("0 - no listed deficit"))


NEURO_ITEMS: tuple[NeuroItem, ...] = (
    NeuroItem(
        "gait",
        N_("Gait"),
        (
            NeuroLevel("0", 0, N_("0 - normal")),
            NeuroLevel("1", 1, N_("1 - abnormal, walks without help")),
            NeuroLevel("2", 2, N_("2 - needs help to walk")),
            NeuroLevel("3", 3, N_("3 - cannot walk")),
        ),
    ),
    NeuroItem(
        "strength",
        N_("Strength"),
        (
            _zero_unworded(),
            NeuroLevel("1", 1, N_("1 - weaker against resistance")),
            NeuroLevel("2", 2, N_("2 - no strength against resistance")),
            NeuroLevel("3", 3, N_("3 - no movement")),
        ),
    ),
    NeuroItem(
        "sensation",
        N_("Sensation"),
        (
            _zero_unworded(),
            NeuroLevel("1", 1, N_("1 - reduced, but the patient is aware")),
            NeuroLevel("2", 2, N_("2 - the patient is unaware")),
        ),
    ),
    NeuroItem(
        "vision",
        N_("Vision"),
        (
            _none_level(),
            NeuroLevel("1", 1, N_("1 - partial loss in one eye")),
            NeuroLevel("2", 2, N_("2 - complete loss in one eye")),
            NeuroLevel("3", 3, N_("3 - loss in both eyes")),
        ),
    ),
    NeuroItem(
        "eye_movements",
        N_("Eye movements"),
        (
            _none_level(),
            NeuroLevel("1", 1, N_("1 - impaired in one direction")),
            NeuroLevel("2", 2, N_("2 - impaired in more than one direction, not all")),
            NeuroLevel("3", 3, N_("3 - no eye movement")),
        ),
    ),
    NeuroItem(
        "facial_strength",
        N_("Facial strength"),
        (
            _none_level(),
            NeuroLevel("1", 1, N_("1 - mild weakness")),
            NeuroLevel("2", 2, N_("2 - severe weakness")),
        ),
    ),
)
NEURO_BY_KEY: dict[str, NeuroItem] = {item.key: item for item in NEURO_ITEMS}
NOT_ASSESSABLE_LABEL = N_("Not assessable")
#: Why "no listed deficit" looks as it does (shown next to the items).
LEVELS_NOTE = N_(
    "Vision, eye movements and facial strength: the source lists only the abnormal levels, "
    "so 'no listed deficit' carries no score. Strength and sensation: the source gives "
    "level 0 without wording."
)

#: The clinician's rating of the neurological assessment against the baseline (RANO-LM
#: asks whether it is stable [R70]; the items alone cannot say so, others are unconfirmed).
NEURO_RATINGS: dict[str, str] = {
    "improved": N_("Improved"),
    "stable": N_("Stable"),
    "worse": N_("Worse"),
}

#: NANO-LM domains as the reference names them [R98]; scores 0-2, descriptors unconfirmed.
NANO_DOMAINS: dict[str, str] = {
    "consciousness": N_("Level of consciousness"),
    "cognition": N_("Cognition"),
    "nausea_vomiting": N_("Nausea/vomiting"),
    "vision": N_("Vision"),
    "eye_movement": N_("Eye movement"),
    "facial_strength": N_("Facial strength"),
    "hearing": N_("Hearing"),
    "swallowing": N_("Swallowing"),
    "speech": N_("Speech"),
    "limb_strength": N_("Limb strength"),
    "limb_ataxia": N_("Limb ataxia"),
    "walking": N_("Walking"),
    "bladder_bowel": N_("Bladder/bowel"),
}
NANO_SCORES: tuple[int, ...] = (0, 1, 2)
#: Medications NANO-LM records alongside the scores [R98].
NANO_MEDICATIONS: dict[str, str] = {
    "steroids": N_("Steroids"),
    "analgesics": N_("Analgesics"),
    "antiemetics": N_("Antiemetics"),
}
