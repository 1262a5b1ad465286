"""The patient record the scheduler needs (issue 4), with KPS/ECOG wording from §D.5."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lmdesk.i18n import N_, _

Sex = Literal["F", "M"]
DriverGene = Literal[
    "egfr_19del",
    "egfr_l858r",
    "egfr_ex20ins",
    "egfr_other",
    "alk",
    "ros1",
    "kras",
    "met",
    "none",
    "unknown",
]
ItAccess = Literal["lp", "ommaya", "unknown"]
CsfFlow = Literal["normal", "obstructed", "unknown"]

#: Unicode category Cc exactly: C0 controls, DEL and C1 controls.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

DRIVER_GENE_LABELS: dict[str, str] = {
    "egfr_19del": N_("EGFR exon 19 deletion"),
    "egfr_l858r": N_("EGFR L858R"),
    "egfr_ex20ins": N_("EGFR exon 20 insertion"),
    "egfr_other": N_("EGFR, other mutation"),
    "alk": N_("ALK"),
    "ros1": N_("ROS1"),
    "kras": N_("KRAS"),
    "met": N_("MET"),
    "none": N_("No driver gene"),
    "unknown": N_("Unknown"),
}
CSF_FLOW_LABELS: dict[str, str] = {
    "normal": N_("Normal"),
    "obstructed": N_("Obstructed"),
    "unknown": N_("Unknown"),
}
IT_ACCESS_LABELS: dict[str, str] = {
    "lp": N_("Lumbar puncture"),
    "ommaya": N_("Ommaya reservoir"),
    "unknown": N_("Unknown"),
}

#: ECOG/WHO/Zubrod grades (Oken 1982, via SEER training page [R107]), paraphrased.
ECOG_WORDING: dict[int, str] = {
    0: N_("Fully active; no restriction of pre-disease activity"),
    1: N_("Restricted in strenuous activity; ambulatory, can do light or desk work"),
    2: N_("Ambulatory and fully self-caring but cannot work; up more than half the waking day"),
    3: N_("Limited self-care; in bed or chair more than half the waking day"),
    4: N_("Completely disabled; no self-care; confined to bed or chair"),
    5: N_("Dead"),
}
#: Karnofsky performance status (Karnofsky 1948, via Radiopaedia [R108]), paraphrased.
KPS_WORDING: dict[int, str] = {
    100: N_("Normal; no complaints; no evidence of disease"),
    90: N_("Normal activity possible; minor signs or symptoms"),
    80: N_("Normal activity with effort; some signs or symptoms"),
    70: N_("Cares for self; cannot do normal activity or active work"),
    60: N_("Needs occasional help; cares for most personal needs"),
    50: N_("Needs considerable help and frequent medical care"),
    40: N_("Disabled; needs special care and help"),
    30: N_("Severely disabled; hospital admission indicated, death not imminent"),
    20: N_("Very sick; hospital admission and active supportive care needed"),
    10: N_("Moribund; fatal processes progressing rapidly"),
    0: N_("Dead"),
}


def kps_text(score: int) -> str:
    return _(KPS_WORDING[score])


def ecog_text(grade: int) -> str:
    return _(ECOG_WORDING[grade])


class SystemicTherapy(BaseModel):
    """Concurrent systemic therapy, e.g. osimertinib 160 mg/d (``drug`` = a card id when known)."""

    model_config = ConfigDict(frozen=True)

    drug: str = Field(min_length=1)
    dose: str = ""
    chemotherapy: bool = False


class Patient(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    id: int | None = None
    mrn: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    sex: Sex | None = None
    birth_date: date | None = None
    weight_kg: float | None = Field(default=None, gt=0, le=400)
    height_cm: float | None = Field(default=None, gt=0, le=260)
    histology: str = ""
    driver_gene: DriverGene = "unknown"
    lm_diagnosis_date: date | None = None
    #: How IT doses reach the patient; "unknown" until recorded (stored rows keep theirs).
    it_access: ItAccess = "unknown"
    ommaya_implant_date: date | None = None
    kps: int | None = None
    ecog: int | None = Field(default=None, ge=0, le=5)
    csf_flow: CsfFlow = "unknown"
    systemic_therapy: tuple[SystemicTherapy, ...] = ()
    allergies: str = ""
    notes: str = ""
    row_version: int = 0

    @field_validator("mrn", "name")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        # e.g. a barcode scanner's group separator (\x1d): the record could not be found again
        if _CONTROL.search(value):
            raise ValueError("must not contain control characters")
        return value

    @field_validator("kps")
    @classmethod
    def _kps_step(cls, value: int | None) -> int | None:
        if value is not None and value not in KPS_WORDING:
            raise ValueError("KPS must be 0-100 in steps of 10")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Patient:
        if self.ommaya_implant_date is not None and self.it_access != "ommaya":
            raise ValueError("an Ommaya implant date needs IT access 'ommaya'")
        if self.birth_date and self.lm_diagnosis_date and self.lm_diagnosis_date < self.birth_date:
            raise ValueError("LM diagnosis date is before the birth date")
        return self

    @property
    def has_ommaya(self) -> bool:
        return self.it_access == "ommaya"
