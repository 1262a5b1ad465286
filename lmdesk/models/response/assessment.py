"""One response assessment on a patient's IT course, at a date.

The three RANO-LM elements [R70] - neurological examination, CSF, neuraxis MRI - plus
KPS and ECOG (seed review 4.1; wording of §D.5 [R107][R108]), symptoms, and free text.
Whether the assessment is the course's baseline is decided by the store (one per course);
ratings "against the baseline" remember which baseline they were made against.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lmdesk.i18n import N_, _
from lmdesk.models.errors import BadInputError
from lmdesk.models.patient import KPS_WORDING
from lmdesk.models.response.csf import CsfFindings
from lmdesk.models.response.imaging import MriFindings
from lmdesk.models.response.neuro import NANO_DOMAINS, NANO_MEDICATIONS, NANO_SCORES, NEURO_BY_KEY

AssessmentStatus = Literal["active", "retracted"]
YesNo = Literal["yes", "no"]
NeuroRating = Literal["improved", "stable", "worse"]

#: Symptoms the seed review names as eased by IT therapy (section 4.1) [seed-0].
SYMPTOMS: dict[str, str] = {
    "headache": N_("Headache"),
    "nausea_vomiting": N_("Nausea / vomiting"),
    "visual_disturbance": N_("Visual disturbance"),
}

_CONTROL_EXCEPT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
MAX_TEXT = 2000


def _text(value: str) -> str:
    text = value.replace("\r\n", "\n").strip()
    if _CONTROL_EXCEPT_NEWLINE.search(text):
        raise ValueError("must not contain control characters")
    return text


class Assessment(BaseModel):
    """``None`` in a field = not recorded (completeness lists it as missing)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = None
    course_id: int = Field(gt=0)
    assessed_on: dt.date
    is_baseline: bool = False
    #: RANO item key -> level code (``neuro.NeuroItem.codes``); a missing key = not examined.
    neuro: dict[str, str] = {}
    neuro_other: str = Field(default="", max_length=MAX_TEXT)
    #: Clinician's rating against the baseline (follow-ups only).
    neuro_rating: NeuroRating | None = None
    nano: dict[str, int] = {}
    medications: dict[str, YesNo] = {}
    medication_note: str = Field(default="", max_length=MAX_TEXT)
    csf: CsfFindings = CsfFindings()
    mri: MriFindings = MriFindings()
    kps: int | None = None
    ecog: int | None = Field(default=None, ge=0, le=5)
    #: Listed symptoms present; None = symptoms not recorded, () = none of the listed.
    symptoms: tuple[str, ...] | None = None
    other_symptoms: str = Field(default="", max_length=MAX_TEXT)
    note: str = Field(default="", max_length=MAX_TEXT)
    clinician_conclusion: str = Field(default="", max_length=MAX_TEXT)
    #: The baseline assessment id the follow-up ratings were made against (set by the store).
    rated_against: int | None = None
    recorded_by: str = ""
    status: AssessmentStatus = "active"
    retract_reason: str = ""
    revision: int = 1

    @field_validator("neuro_other", "medication_note", "other_symptoms", "note")
    @classmethod
    def _free_text(cls, value: str) -> str:
        return _text(value)

    @field_validator("clinician_conclusion")
    @classmethod
    def _conclusion(cls, value: str) -> str:
        return _text(value)

    @field_validator("neuro")
    @classmethod
    def _neuro_codes(cls, value: dict[str, str]) -> dict[str, str]:
        for key, code in value.items():
            item = NEURO_BY_KEY.get(key)
            if item is None:
                raise ValueError(f"unknown neurological item {key!r}")
            if code not in item.codes:
                raise ValueError(f"{key}: level {code!r} is not one of {', '.join(item.codes)}")
        return value

    @field_validator("nano")
    @classmethod
    def _nano_scores(cls, value: dict[str, int]) -> dict[str, int]:
        for key, score in value.items():
            if key not in NANO_DOMAINS:
                raise ValueError(f"unknown NANO-LM domain {key!r}")
            if score not in NANO_SCORES:
                raise ValueError(f"NANO-LM {key}: score must be 0, 1 or 2")
        return value

    @field_validator("medications")
    @classmethod
    def _medications(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - set(NANO_MEDICATIONS)
        if unknown:
            raise ValueError(f"unknown medication group {sorted(unknown)[0]!r}")
        return value

    @field_validator("kps")
    @classmethod
    def _kps_step(cls, value: int | None) -> int | None:
        if value is not None and value not in KPS_WORDING:
            raise ValueError("KPS must be 0-100 in steps of 10")
        return value

    @field_validator("symptoms")
    @classmethod
    def _symptoms(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        unknown = [s for s in value if s not in SYMPTOMS]
        if unknown:
            raise ValueError(f"unknown symptom {unknown[0]!r} (use 'other symptoms')")
        return tuple(sorted(set(value)))

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def body_json(self) -> str:
        """What the store keeps (the id and the baseline flag live in columns)."""
        return self.model_dump_json(exclude={"id", "is_baseline"})


def parse_assessment(raw: dict[str, Any]) -> Assessment:
    """Build an assessment from loose input; a bad field is one clear BadInputError."""
    try:
        return Assessment.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or _("assessment")
        message = str(first["msg"]).removeprefix("Value error, ")
        raise BadInputError(
            _("Assessment not saved: {field}: {problem}").format(field=where, problem=message)
        ) from None
