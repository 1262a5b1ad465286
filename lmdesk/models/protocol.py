"""Protocol templates: the shape of an intrathecal course before it meets a patient.

A protocol is a list of phases (induction, consolidation, maintenance, or numbered
cycles). Each phase repeats a period (days or calendar months) with sessions on given
offsets inside it. Anything the sources leave UNCONFIRMED is named in ``unconfirmed`` /
left ``None`` so that the planner asks the clinician instead of guessing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lmdesk.i18n import N_
from lmdesk.models.routes import IT_ROUTE_LABELS

Route = Literal["lp", "ommaya"]
PhaseKind = Literal["induction", "consolidation", "maintenance", "cycle"]
CheckKind = Literal["blood_count", "liver_function", "csf_sample"]
ProtocolStatus = Literal["standard", "investigational", "discontinued", "custom"]

ROUTES: tuple[Route, ...] = ("lp", "ommaya")

ROUTE_LABELS: dict[str, str] = IT_ROUTE_LABELS
#: Routes of co-medications (the IT drug's own route is one of ``ROUTE_LABELS``).
CO_MED_ROUTE_LABELS: dict[str, str] = {
    "it": N_("intrathecal"),
    "oral": N_("oral"),
    "iv": N_("intravenous"),
    "im": N_("intramuscular"),
    "unspecified": N_("Route not stated in the source"),
}
PHASE_LABELS: dict[str, str] = {
    "induction": N_("Induction"),
    "consolidation": N_("Consolidation"),
    "maintenance": N_("Maintenance"),
    "cycle": N_("Cycle"),
}
CHECK_LABELS: dict[str, str] = {
    "blood_count": N_("Blood count with differential"),
    "liver_function": N_("Liver function tests"),
    "csf_sample": N_("CSF sample for cytology and markers"),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DoseRange(_Frozen):
    """Dose per injection in mg allowed by the protocol (its own range, not the drug ceiling)."""

    min_mg: float = Field(gt=0)
    max_mg: float = Field(gt=0)
    default_mg: float = Field(gt=0)
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> DoseRange:
        if not self.min_mg <= self.default_mg <= self.max_mg:
            raise ValueError("dose range must satisfy min <= default <= max")
        return self


class CoMedication(_Frozen):
    """A drug given with the IT dose: a co-injection (``route='it'``) or a systemic support drug."""

    drug: str
    dose: str
    route: Literal["it", "oral", "iv", "im", "unspecified"]
    timing: str = ""
    source: str = ""
    confirmed: bool = True


class ScheduleDefault(_Frozen):
    """What the planner lays out where the sources leave a phase's schedule open.

    A course is never planned empty: the default fills the open numbers (the interval
    when the phase has no period, and the number of periods) and stays "not confirmed"
    until the clinician confirms it or enters their own. ``basis`` says where the numbers
    come from (an analogous sourced schedule), with its citation, in both languages.
    """

    period_days: int | None = Field(default=None, ge=1)
    repeats: int = Field(ge=1)
    basis_en: str = Field(min_length=1)
    basis_zh: str = Field(min_length=1)

    def basis(self, language: str) -> str:
        return self.basis_zh if language == "zh_CN" else self.basis_en


class Phase(_Frozen):
    """One phase: ``offsets_days`` inside each period, repeated ``repeats`` times.

    ``repeats=None`` means "until stopped" (maintenance) or, with ``confirmed=False``,
    that the source did not say: the clinician enters it, and until then the planner
    lays out ``default`` marked "not confirmed".
    """

    kind: PhaseKind
    period_days: int | None = Field(default=None, ge=1)
    period_months: int | None = Field(default=None, ge=1)
    offsets_days: tuple[int, ...] = (0,)
    repeats: int | None = Field(default=None, ge=1)
    min_interval_days: int = Field(default=3, ge=1)
    confirmed: bool = True
    default: ScheduleDefault | None = None
    note: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _one_period(self) -> Phase:
        if self.confirmed and (self.period_days is None) == (self.period_months is None):
            raise ValueError("a confirmed phase needs exactly one of period_days / period_months")
        if self.default is not None:
            if self.confirmed:
                raise ValueError("only an unconfirmed phase takes a schedule default")
            no_period = self.period_days is None and self.period_months is None
            if no_period and self.default.period_days is None:
                raise ValueError("the default of a phase without a period needs period_days")
            if not no_period and self.default.period_days is not None:
                raise ValueError("a default may not replace the phase's sourced period")
            period = self.period_days or self.default.period_days
            if period is not None and self.offsets_days[-1] >= period:
                raise ValueError("offsets_days must fall inside the default period")
        if not self.offsets_days or any(o < 0 for o in self.offsets_days):
            raise ValueError("offsets_days must be non-empty and non-negative")
        if list(self.offsets_days) != sorted(set(self.offsets_days)):
            raise ValueError("offsets_days must be strictly increasing")
        if self.period_days is not None and self.offsets_days[-1] >= self.period_days:
            raise ValueError("offsets_days must fall inside the period")
        return self

    @property
    def open_ended(self) -> bool:
        return self.repeats is None


class MriPlan(_Frozen):
    """When reassessment MRI is due; ``every_weeks=None`` means not confirmed by the sources."""

    every_weeks: int | None = Field(default=None, ge=1)
    source: str = ""
    note: str = ""


class Protocol(_Frozen):
    """A protocol template; a course keeps a frozen copy (snapshot) of it."""

    id: str = Field(min_length=1)
    name_en: str
    name_zh: str = ""
    drug: str = Field(min_length=1)
    routes: tuple[Route, ...] = ROUTES
    dose: DoseRange
    phases: tuple[Phase, ...] = Field(min_length=1)
    co_medications: tuple[CoMedication, ...] = ()
    checks: tuple[CheckKind, ...] = ("blood_count",)
    mri: MriPlan = MriPlan()
    status: ProtocolStatus = "standard"
    sources: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    notes: str = ""

    @model_validator(mode="after")
    def _sane(self) -> Protocol:
        if not self.routes:
            raise ValueError("a protocol needs at least one route")
        open_phases = [i for i, p in enumerate(self.phases) if p.repeats is None and p.confirmed]
        if open_phases and open_phases[0] != len(self.phases) - 1:
            raise ValueError("only the last phase may run until stopped")
        return self

    def display_name(self, language: str) -> str:
        return self.name_zh if language == "zh_CN" and self.name_zh else self.name_en

    def source_text(self) -> str:
        return ", ".join(self.sources)

    def needs_clinician_input(self) -> bool:
        return any(not p.confirmed for p in self.phases)
