"""Drug card: what a clinician needs to know about one agent, every number with its source.

A card is built from a human-readable TOML file (lmdesk/resources/reference/drugs/<id>.toml)
by the reference-DB builder, which also attaches the resolved ``references``. Validation
refuses a card whose numbers cite a key that is not among its references, so an unsourced
number cannot reach a screen.

Source keys (``source``) are bibliography keys: ``R<n>`` (regimens_pk.md §R), ``seed-<n>``
(the seed review's reference list) or ``ref-<section>`` (value computed in the domain
reference, e.g. a molecular weight from the formula).

``confirmed = False`` marks a figure the domain reference calls UNCONFIRMED (or only a weak
source states): the app shows it as "not confirmed" and never uses it as a default.

CSF pharmacokinetics (``DrugCard.csf_pk``, a :class:`CsfPk`), read by the PK module:

- ``molecular_weight``: :class:`SourcedValue`, unit ``g/mol`` (free acid / base form).
- ``half_lives``: list of :class:`CsfHalfLife` — ``hours`` (and ``hours_high`` for a range),
  ``phase`` (single/initial/terminal), ``sampling_site`` (lumbar/ventricular/unspecified),
  ``species``, ``dose_route`` describing the dose studied.
- ``cytotoxic_threshold``: :class:`SourcedValue` with unit ``µM`` or ``µg/mL``;
  :meth:`CsfPk.threshold_micromolar` converts it to µM with the card's molecular weight.
- ``clearance_ml_min``: :class:`SourcedValue`, unit ``mL/min`` (CSF clearance).
- ``csf_plasma_ratio_pct``: list of :class:`SourcedValue`, unit ``%`` (systemic comparators).
- ``csf_concentrations``: list of :class:`SourcedValue` (measured CSF levels, any unit).
- ``notes``: list of :class:`SourcedText` for qualitative observations.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lmdesk.models.bibliography import KEY_PATTERN, Reference
from lmdesk.models.drugs.listing import IT_STATUSES as IT_STATUSES
from lmdesk.models.drugs.listing import ItStatus as ItStatus
from lmdesk.models.drugs.listing import unique_names

#: "intrathecal" = LP or Ommaya, the source does not say which; "unspecified" = the source
#: gives no route at all (e.g. vitamin supplementation in a trial protocol).
Route = Literal["lp", "ommaya", "intrathecal", "iv", "oral", "im", "unspecified"]
IT_ROUTES: frozenset[str] = frozenset({"lp", "ommaya", "intrathecal"})
ContentStatus = Literal["draft", "reviewed", "needs-review"]
Species = Literal["human", "monkey", "rat"]
SamplingSite = Literal["lumbar", "ventricular", "unspecified"]
HalfLifePhase = Literal["single", "initial", "terminal"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _check_sources(keys: tuple[str, ...]) -> tuple[str, ...]:
    if not keys:
        raise ValueError("a sourced value needs at least one source key")
    for key in keys:
        if not KEY_PATTERN.match(key):
            raise ValueError(f"source key {key!r} is not R<n>, seed-<n> or ref-<section>")
    return keys


class Text(BaseModel):
    """A domain text in both languages (data, not gettext): both must be present."""

    model_config = _FROZEN
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text for ``lang`` ("zh_CN", "zh", "en"); English for anything else."""
        return self.zh if lang.startswith("zh") else self.en


class SourcedText(BaseModel):
    """A statement with its sources (formulation rule, monitoring item, note)."""

    model_config = _FROZEN
    text: Text
    source: tuple[str, ...]
    confirmed: bool = True

    _sources = field_validator("source")(_check_sources)


class SourcedValue(BaseModel):
    """A number (or range ``value``–``high``) with unit and sources."""

    model_config = _FROZEN
    value: float
    high: float | None = None
    unit: str = Field(min_length=1)
    source: tuple[str, ...]
    confirmed: bool = True
    computed: bool = False
    note: Text | None = None

    _sources = field_validator("source")(_check_sources)

    @model_validator(mode="after")
    def _range_order(self) -> SourcedValue:
        if self.high is not None and self.high < self.value:
            raise ValueError(f"range {self.value}–{self.high} is reversed")
        return self

    def display(self) -> str:
        """Compact number with unit, e.g. ``4.5–14 h``; units always printed."""
        low = f"{self.value:g}"
        if self.high is not None:
            return f"{low}–{self.high:g} {self.unit}"
        return f"{low} {self.unit}"


class DoseOption(BaseModel):
    """One sourced dose for one route: ``mg`` per administration (``mg_high`` for a range)."""

    model_config = _FROZEN
    mg: float = Field(gt=0)
    mg_high: float | None = None
    route: Route
    schedule: Text
    study: Text
    source: tuple[str, ...]
    recommended: bool = False
    confirmed: bool = True
    note: Text | None = None

    _sources = field_validator("source")(_check_sources)

    @model_validator(mode="after")
    def _range_order(self) -> DoseOption:
        if self.mg_high is not None and self.mg_high < self.mg:
            raise ValueError(f"dose range {self.mg}–{self.mg_high} mg is reversed")
        return self

    def dose_text(self) -> str:
        """``12 mg``, ``10–15 mg``, ``0.4 mg (400 µg)``: units always shown."""
        text = f"{self.mg:g}" + (f"–{self.mg_high:g}" if self.mg_high is not None else "")
        text += " mg"
        if self.mg_high is None and self.mg < 1:
            text += f" ({self.mg * 1000:g} µg)"
        return text


class Schedule(BaseModel):
    """A named schedule (e.g. MOIT induction) with its sources."""

    model_config = _FROZEN
    name: Text
    description: Text
    source: tuple[str, ...]
    confirmed: bool = True

    _sources = field_validator("source")(_check_sources)


class CsfHalfLife(BaseModel):
    """One CSF half-life observation, with the sampling site that shapes its meaning."""

    model_config = _FROZEN
    hours: float = Field(gt=0)
    hours_high: float | None = None
    phase: HalfLifePhase = "single"
    sampling_site: SamplingSite
    species: Species = "human"
    dose_route: Text
    source: tuple[str, ...]
    confirmed: bool = True

    _sources = field_validator("source")(_check_sources)

    def display(self) -> str:
        high = f"–{self.hours_high:g}" if self.hours_high is not None else ""
        return f"{self.hours:g}{high} h"


class CsfPk(BaseModel):
    """CSF pharmacokinetic figures of a card (field meanings in the module docstring)."""

    model_config = _FROZEN
    molecular_weight: SourcedValue | None = None
    half_lives: tuple[CsfHalfLife, ...] = ()
    cytotoxic_threshold: SourcedValue | None = None
    clearance_ml_min: SourcedValue | None = None
    csf_plasma_ratio_pct: tuple[SourcedValue, ...] = ()
    csf_concentrations: tuple[SourcedValue, ...] = ()
    notes: tuple[SourcedText, ...] = ()

    @field_validator("molecular_weight")
    @classmethod
    def _mw_unit(cls, mw: SourcedValue | None) -> SourcedValue | None:
        if mw is not None and mw.unit != "g/mol":
            raise ValueError("molecular_weight must be in g/mol")
        return mw

    @field_validator("cytotoxic_threshold")
    @classmethod
    def _threshold_unit(cls, thr: SourcedValue | None) -> SourcedValue | None:
        if thr is not None and thr.unit not in ("µM", "µg/mL"):
            raise ValueError("cytotoxic_threshold must be in µM or µg/mL")
        return thr

    def threshold_micromolar(self) -> float | None:
        """Threshold in µM (µg/mL -> µM needs the molecular weight; None if unknown)."""
        thr = self.cytotoxic_threshold
        if thr is None:
            return None
        if thr.unit == "µM":
            return thr.value
        if self.molecular_weight is None:
            return None
        return thr.value * 1000.0 / self.molecular_weight.value

    def values(self) -> list[SourcedValue]:
        """Every sourced number in this block."""
        out = [v for v in (self.molecular_weight, self.cytotoxic_threshold) if v is not None]
        if self.clearance_ml_min is not None:
            out.append(self.clearance_ml_min)
        return out + list(self.csf_plasma_ratio_pct) + list(self.csf_concentrations)


class EvidenceRow(BaseModel):
    """One study in the evidence table; the row's ``source`` covers all its numbers."""

    model_config = _FROZEN
    study: Text
    design: Text
    n: int | None = Field(default=None, gt=0)
    population: Text
    dose_schedule: Text
    orr_pct: float | None = Field(default=None, ge=0, le=100)
    dcr_pct: float | None = Field(default=None, ge=0, le=100)
    mpfs_months: float | None = Field(default=None, ge=0)
    mos_months: float | None = Field(default=None, ge=0)
    grade3_ae_pct: float | None = Field(default=None, ge=0, le=100)
    note: Text | None = None
    source: tuple[str, ...]
    confirmed: bool = True

    _sources = field_validator("source")(_check_sources)


class AdverseEvent(BaseModel):
    """An adverse event with its observed rate (``rate_pct``) where the source gives one."""

    model_config = _FROZEN
    term: Text
    rate_pct: float | None = Field(default=None, ge=0, le=100)
    rate_pct_high: float | None = Field(default=None, ge=0, le=100)
    grade: Text | None = None
    context: Text | None = None
    source: tuple[str, ...]
    confirmed: bool = True

    _sources = field_validator("source")(_check_sources)

    def rate_text(self) -> str:
        if self.rate_pct is None:
            return "—"
        high = f"–{self.rate_pct_high:g}" if self.rate_pct_high is not None else ""
        return f"{self.rate_pct:g}{high}%"


class DrugCard(BaseModel):
    """One agent's card. Frozen: the reference DB is read-only at run time."""

    model_config = _FROZEN
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name_en: str = Field(min_length=1)
    name_zh: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    drug_class: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    class_label: Text
    it_status: ItStatus
    status_note: SourcedText | None = None
    mechanism: Text | None = None
    formulation: tuple[SourcedText, ...] = ()
    doses: tuple[DoseOption, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    co_medications: tuple[SourcedText, ...] = ()
    csf_pk: CsfPk = CsfPk()
    evidence: tuple[EvidenceRow, ...] = ()
    adverse_events: tuple[AdverseEvent, ...] = ()
    monitoring: tuple[SourcedText, ...] = ()
    contraindications: tuple[SourcedText, ...] = ()
    warnings: tuple[SourcedText, ...] = ()
    not_confirmed: tuple[Text, ...] = ()
    references: tuple[Reference, ...] = ()
    reviewed_on: date
    content_status: ContentStatus = "draft"

    @model_validator(mode="after")
    def _consistent(self) -> DrugCard:
        if self.it_status == "never":
            if any(d.route in IT_ROUTES for d in self.doses):
                raise ValueError(f"{self.id}: a never-IT card cannot list an intrathecal dose")
            if not self.warnings:
                raise ValueError(f"{self.id}: a never-IT card must say why (warnings)")
        if self.references:
            known = {r.key for r in self.references}
            missing = sorted(set(self.cited_keys()) - known)
            if missing:
                raise ValueError(f"{self.id}: cited keys without reference: {missing}")
        return self

    def all_names(self) -> list[str]:
        """name_en, name_zh and every alias, in that order, without duplicates."""
        return unique_names(self.name_en, self.name_zh, self.aliases)

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def cited_keys(self) -> list[str]:
        """Every source key the card cites, in reading order, without duplicates."""
        keys: list[str] = []
        items: list[
            SourcedText
            | SourcedValue
            | DoseOption
            | Schedule
            | CsfHalfLife
            | EvidenceRow
            | AdverseEvent
        ] = []
        if self.status_note is not None:
            items.append(self.status_note)
        items += [*self.warnings, *self.formulation, *self.doses, *self.schedules]
        items += [*self.co_medications, *self.csf_pk.values(), *self.csf_pk.half_lives]
        items += [*self.csf_pk.notes, *self.evidence, *self.adverse_events]
        items += [*self.monitoring, *self.contraindications]
        for item in items:
            keys.extend(item.source)
        return list(dict.fromkeys(keys))

    def doses_for(self, route: Route) -> list[DoseOption]:
        """Dose options for one route; an "intrathecal" (route unspecified) dose counts for both
        LP and Ommaya."""
        routes = {route, "intrathecal"} if route in ("lp", "ommaya") else {route}
        return [d for d in self.doses if d.route in routes]

    def reference(self, key: str) -> Reference | None:
        return next((r for r in self.references if r.key == key), None)
