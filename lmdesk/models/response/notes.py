"""Findings about a comparison, kept as codes and values and worded when shown.

The screen words them in the screen language, the printed summary in its own; so a note
holds its template key, plain values (dates, numbers) and labels to translate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from lmdesk.i18n import N_
from lmdesk.models.response import sources
from lmdesk.models.response.texts import Translate

NoteLevel = Literal["info", "warning"]

NOTE_TEXTS: dict[str, str] = {
    "ratings_other_baseline": N_(
        "The ratings against the baseline (neurological assessment, MRI changes, imaging "
        "grade, LM response) were made against another assessment than the current baseline "
        "({baseline}): rate them again."
    ),
    "neuro_rating_conflict": N_(
        "The neurological assessment is rated '{rating}', but {item} changed from the "
        "baseline: check the rating."
    ),
    "mri_change_conflict": N_(
        "{item}: rated '{change}', but it was {before} at the baseline and is {after} now."
    ),
    "csf_volume_low": N_(
        "CSF volume {volume} mL is below the 5 mL minimum (ideally more than 10 mL); a "
        "negative cytology from a small sample is less reliable."
    ),
    "cytology_negative_repeat": N_(
        "Cytology negative: EANO-ESMO 2023 advises repeating the sample when the first is negative."
    ),
    "kps_ecog_dead": N_("KPS 0 and ECOG 5 both mean dead; here only one of them says so."),
    "baseline_after_start": N_(
        "The baseline is dated {day}, after the course's first IT session ({start}): changes "
        "are measured from the baseline, not from the start of treatment."
    ),
    "marker_unconfirmed": N_(
        "Which CSF tumour marker the +/-35 % rule was derived from is not confirmed."
    ),
}
NOTE_SOURCES: dict[str, str] = {
    "ratings_other_baseline": sources.RANO_LM,
    "neuro_rating_conflict": sources.RANO_NEURO,
    "mri_change_conflict": sources.SCORECARD,
    "csf_volume_low": sources.EANO_ESMO_2023,
    "cytology_negative_repeat": sources.EANO_ESMO_2023,
    "kps_ecog_dead": sources.KPS,
    "baseline_after_start": sources.MOIT_MONITORING,
    "marker_unconfirmed": sources.MARKER_RULE,
}


@dataclass(frozen=True)
class Note:
    level: NoteLevel
    code: str
    values: tuple[tuple[str, str], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # values that are N_() msgids

    @property
    def citation(self) -> str:
        return NOTE_SOURCES[self.code]

    def text(self, tr: Translate) -> str:
        fields = dict(self.values)
        fields.update({k: tr(v) for k, v in self.labels})
        return tr(NOTE_TEXTS[self.code]).format(**fields)


def note(level: NoteLevel, code: str, labels: dict[str, str] | None = None, **values: str) -> Note:
    return Note(level, code, tuple(values.items()), tuple((labels or {}).items()))
