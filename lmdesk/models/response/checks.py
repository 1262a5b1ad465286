"""Notes on a single assessment, whatever it is compared with."""

from __future__ import annotations

import datetime as dt

from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.completeness import Role
from lmdesk.models.response.csf import CSF_MIN_ML
from lmdesk.models.response.notes import Note, note


def assessment_notes(a: Assessment, role: Role, start: dt.date | None) -> tuple[Note, ...]:
    found: list[Note] = []
    csf = a.csf
    if csf.volume_ml is not None and csf.volume_ml < CSF_MIN_ML:
        found.append(note("warning", "csf_volume_low", volume=f"{csf.volume_ml:f}"))
    if role == "baseline" and csf.cytology == "negative":
        found.append(note("info", "cytology_negative_repeat"))
    if a.kps is not None and a.ecog is not None and (a.kps == 0) != (a.ecog == 5):
        found.append(note("warning", "kps_ecog_dead"))
    if role == "baseline" and start is not None and a.assessed_on > start:
        found.append(
            note(
                "info",
                "baseline_after_start",
                day=a.assessed_on.isoformat(),
                start=start.isoformat(),
            )
        )
    return tuple(found)
