"""Inputs of the CSF model: physiology, per-drug figures and obstruction, each with its source.

Every number carries the citation keys it comes from (``R<n>`` = regimens_pk.md §R,
``ref-B.2`` = derived in that section) and a ``derivation`` when it was computed or
calibrated rather than read, so the view and ``pk validate`` can say where it came from.
Unconfirmed figures (``confirmed=False``) are shown as "not confirmed", never silently used.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_FROZEN = ConfigDict(frozen=True, extra="forbid")

BlockSite = Literal["spinal", "skull_base"]
ThresholdUnit = Literal["µmol/L", "mg/L"]


class Cited(BaseModel):
    """A model parameter with unit, sources and how it was obtained."""

    model_config = _FROZEN
    value: float
    unit: str = Field(min_length=1)
    source: tuple[str, ...] = Field(min_length=1)
    confirmed: bool = True
    derivation: str = ""
    derivation_zh: str = ""

    def derivation_in(self, language: str) -> str:
        """How the value was obtained, in Chinese when asked and available (data, not gettext)."""
        if language.startswith("zh") and self.derivation_zh:
            return self.derivation_zh
        return self.derivation


def _positive(value: Cited) -> Cited:
    if not (value.value > 0 and math.isfinite(value.value)):
        raise ValueError("physiological volumes, flows and times must be positive")
    return value


class Physiology(BaseModel):
    """Adult CSF spaces and flows (regimens_pk.md §B.2), volumes in mL and flows in mL/h.

    ``exchange_ml_h`` is the mixing flow between neighbouring subarachnoid segments,
    ``reflux_ml_h`` the back-mixing from the cisterns into the ventricles and
    ``sac_exchange_ml_h`` the mixing between the lumbar canal and the dead-end lumbar sac
    (``sac_fraction`` of the lumbar CSF); ``spinal_absorption`` is the share of the CSF
    absorbed along the spinal canal rather than in the cranial space. The mixing flows and
    the spinal share are fitted jointly to the tracer data (transit times, spinal gradient).
    """

    model_config = _FROZEN
    ventricular_ml: Cited
    cranial_ml: Cited
    cervical_ml: Cited
    thoracic_ml: Cited
    lumbar_ml: Cited
    production_ml_h: Cited
    exchange_ml_h: Cited
    reflux_ml_h: Cited
    sac_exchange_ml_h: Cited
    sac_fraction: Cited
    spinal_absorption: Cited

    _check_positive = field_validator(
        "ventricular_ml",
        "cranial_ml",
        "cervical_ml",
        "thoracic_ml",
        "lumbar_ml",
        "production_ml_h",
        "exchange_ml_h",
        "reflux_ml_h",
        "sac_exchange_ml_h",
    )(_positive)

    @field_validator("sac_fraction")
    @classmethod
    def _fraction(cls, value: Cited) -> Cited:
        if not 0.0 < value.value < 1.0:
            raise ValueError("the lumbar sac fraction must lie strictly between 0 and 1")
        return value

    @field_validator("spinal_absorption")
    @classmethod
    def _spinal(cls, value: Cited) -> Cited:
        if not 0.0 <= value.value < 1.0:
            raise ValueError("the spinal share of absorption must lie in [0, 1)")
        return value

    def volumes(self) -> tuple[float, float, float, float, float]:
        """Compartment (region) volumes (mL) in model order."""
        return (
            self.ventricular_ml.value,
            self.cranial_ml.value,
            self.cervical_ml.value,
            self.thoracic_ml.value,
            self.lumbar_ml.value,
        )

    def total_ml(self) -> float:
        return sum(self.volumes())


class Threshold(BaseModel):
    """Cytotoxic CSF level of a drug as published (unit as the source states it)."""

    model_config = _FROZEN
    value: float = Field(gt=0)
    unit: ThresholdUnit
    source: tuple[str, ...] = Field(min_length=1)


class Tissue(BaseModel):
    """A slow exchange space beside the subarachnoid CSF (tissue uptake and binding).

    ``volume_ml`` is its capacity and ``exchange_ml_h`` the clearance between it and the
    CSF, spread over the subarachnoid spaces in proportion to volume. It gives a drug a
    slow terminal phase; CSF concentrations shown are those of the CSF, not the tissue.
    """

    model_config = _FROZEN
    volume_ml: Cited
    exchange_ml_h: Cited

    _check_positive = field_validator("volume_ml", "exchange_ml_h")(_positive)


class Depot(BaseModel):
    """Drug held in particles at the injection site that release it slowly (liposomes).

    Free drug is released at ``ln 2 / release_half_life_h`` from every particle. A
    ``suspended_fraction`` of the particles is also carried out of the CSF, with a
    half-life ``suspended_half_life_h``; the rest stays until it has released its drug.
    The curves are of the free drug (``released``, a drug id); encapsulated drug is not
    shown.
    """

    model_config = _FROZEN
    released: str = Field(min_length=1)
    release_half_life_h: Cited
    suspended_fraction: Cited
    suspended_half_life_h: Cited

    _check_positive = field_validator("release_half_life_h", "suspended_half_life_h")(_positive)

    @field_validator("suspended_fraction")
    @classmethod
    def _fraction(cls, value: Cited) -> Cited:
        if not 0.0 <= value.value <= 1.0:
            raise ValueError("the suspended fraction must lie between 0 and 1")
        return value

    def pools(self) -> tuple[tuple[float, float, float], ...]:
        """(fraction of the dose, decay rate 1/h, release rate 1/h) of each particle pool."""
        release = math.log(2.0) / self.release_half_life_h.value
        carried = math.log(2.0) / self.suspended_half_life_h.value
        f = self.suspended_fraction.value
        return ((f, release + carried, release), (1.0 - f, release, release))


class DrugPk(BaseModel):
    """What the CSF model needs to know about one drug.

    ``clearance_ml_h`` is drug loss from CSF other than bulk flow (into tissue and blood
    vessels), spread over the CSF in proportion to volume. Where no source gives it the
    value is 0 with ``confirmed=False``: the curve is then a bulk-flow-only upper bound.
    ``tissue`` adds a slow exchange space; ``depot`` makes the dose a slow-release depot
    (the curves then show the free drug). ``discontinued`` repeats the drug card's
    market status (one fact, checked against the card) so every run can say so.
    """

    model_config = _FROZEN
    drug_id: str = Field(min_length=1)
    molecular_weight: Cited
    clearance_ml_h: Cited
    threshold: Threshold | None = None
    tissue: Tissue | None = None
    depot: Depot | None = None
    discontinued: tuple[str, ...] = ()  # the sources of the market withdrawal, if withdrawn

    @field_validator("molecular_weight")
    @classmethod
    def _mw(cls, value: Cited) -> Cited:
        if value.unit != "g/mol" or value.value <= 0:
            raise ValueError("molecular weight must be a positive value in g/mol")
        return value

    @field_validator("clearance_ml_h")
    @classmethod
    def _cl(cls, value: Cited) -> Cited:
        if value.unit != "mL/h" or value.value < 0:
            raise ValueError("drug clearance must be a non-negative value in mL/h")
        return value

    def threshold_mg_l(self) -> float | None:
        """The threshold in mg/L (µmol/L converted with the molecular weight), or None."""
        if self.threshold is None:
            return None
        if self.threshold.unit == "mg/L":
            return self.threshold.value
        return self.threshold.value * self.molecular_weight.value / 1000.0


class Obstruction(BaseModel):
    """Reduced CSF flow (regimens_pk.md §B.2.2): ``flow_fraction`` 1 = normal, 0 = full block.

    The reference gives no mechanistic effect size (UNCONFIRMED), so the clinician sets it.
    ``spinal`` scales the mixing along the spinal canal and into the lumbar sac;
    ``skull_base`` scales the outflow from the ventricles (the rest of the production is
    then absorbed through the ventricle wall, a modelling assumption).
    """

    model_config = _FROZEN
    flow_fraction: float = Field(default=1.0, ge=0.0, le=1.0)
    site: BlockSite = "spinal"
