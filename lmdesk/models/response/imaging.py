"""Contrast MRI of the neuraxis in the categories of the simplified LANO scorecard [R95][R96].

Each item is present / absent / not evaluable; at a follow-up the rater also says whether it
improved, did not change or got worse, and rates the overall LM imaging response (CR/PR/SD/
PD/NE) - the sources give no rule deriving it, so lmdesk never does. Parenchymal brain and
intramedullary metastases are rated separately. RANO-LM grades neuroimaging improved /
stable / progressive [R70]; that grade feeds the one sourced overall rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lmdesk.i18n import N_

ScorecardItem = Literal[
    "brain_nodules", "brain_linear", "hydrocephalus", "spinal_nodules", "spinal_linear"
]
Presence = Literal["present", "absent", "ne"]
ItemChange = Literal["improved", "no_change", "worse"]
LmImagingResponse = Literal["CR", "PR", "SD", "PD", "NE"]
ParenchymalResponse = Literal["CR", "PR", "SD", "PD"]
RanoImagingGrade = Literal["improved", "stable", "progressive"]
MriType = Literal["A", "B", "C", "D"]
NoduleSite = Literal["brain", "spine"]

SCORECARD_ITEMS: dict[ScorecardItem, str] = {
    "brain_nodules": N_("Brain nodules (subarachnoid / ventricular)"),
    "brain_linear": N_("Brain leptomeningeal linear enhancement"),
    "hydrocephalus": N_("Hydrocephalus"),
    "spinal_nodules": N_("Spinal nodules"),
    "spinal_linear": N_("Spinal linear enhancement"),
}
PRESENCE_LABELS: dict[str, str] = {
    "present": N_("Present (1)"),
    "absent": N_("Absent (0)"),
    "ne": N_("Not evaluable"),
}
CHANGE_LABELS: dict[str, str] = {
    "improved": N_("Improved"),
    "no_change": N_("No change"),
    "worse": N_("Worse"),
}
LM_RESPONSE_LABELS: dict[str, str] = {
    "CR": N_("CR - complete response"),
    "PR": N_("PR - partial response"),
    "SD": N_("SD - stable disease"),
    "PD": N_("PD - progressive disease"),
    "NE": N_("NE - not evaluable"),
}
RANO_GRADE_LABELS: dict[str, str] = {
    "improved": N_("Improved"),
    "stable": N_("Stable"),
    "progressive": N_("Progressive"),
}
#: EANO-ESMO 2023 MRI types [R74].
MRI_TYPE_LABELS: dict[str, str] = {
    "A": N_("A - linear"),
    "B": N_("B - nodular"),
    "C": N_("C - linear and nodular"),
    "D": N_("D - hydrocephalus only, or normal"),
}
SITE_LABELS: dict[str, str] = {"brain": N_("Brain"), "spine": N_("Spine")}

#: Inter-rater agreement in the EORTC/RANO validation [R97]; other items: not given.
KAPPA: dict[str, str] = {"hydrocephalus": "0.63", "spinal_linear": "0.46"}
KAPPA_OVERALL = "0.44"

#: A nodule is measurable above 5 x 5 mm (both orthogonal diameters) [R96].
MEASURABLE_ABOVE_MM = Decimal(5)
#: At most the three largest nodules are recorded [R96].
MAX_NODULES = 3
#: Largest diameter accepted as input (a plausibility bound, not a clinical threshold).
MAX_DIAMETER_MM = Decimal(300)


class Nodule(BaseModel):
    """One of the (up to 3) largest nodules: two orthogonal diameters in mm."""

    model_config = ConfigDict(frozen=True)

    site: NoduleSite
    d1_mm: Decimal = Field(gt=0, le=MAX_DIAMETER_MM, allow_inf_nan=False)
    d2_mm: Decimal = Field(gt=0, le=MAX_DIAMETER_MM, allow_inf_nan=False)
    #: Within < 2 mm of the leptomeninges (then it counts as LM [R96]); None = not recorded.
    near_leptomeninges: bool | None = None

    @property
    def measurable(self) -> bool:
        return self.d1_mm > MEASURABLE_ABOVE_MM and self.d2_mm > MEASURABLE_ABOVE_MM

    @property
    def counts_as_lm(self) -> bool | None:
        return self.near_leptomeninges


class MriFindings(BaseModel):
    """``done`` None = not recorded; False = no MRI at this assessment."""

    model_config = ConfigDict(frozen=True)

    done: bool | None = None
    mri_type: MriType | None = None
    items: dict[ScorecardItem, Presence] = {}
    changes: dict[ScorecardItem, ItemChange] = {}
    lm_response: LmImagingResponse | None = None
    parenchymal: ParenchymalResponse | None = None
    rano_grade: RanoImagingGrade | None = None
    nodules: tuple[Nodule, ...] = Field(default=(), max_length=MAX_NODULES)

    @model_validator(mode="after")
    def _no_findings_without_mri(self) -> MriFindings:
        if self.done is not True and (
            self.items
            or self.changes
            or self.lm_response
            or self.parenchymal
            or self.rano_grade
            or self.mri_type
            or self.nodules
        ):
            raise ValueError("MRI findings need an MRI (done = yes)")
        return self
