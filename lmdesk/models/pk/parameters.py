"""Inputs of the CSF model: physiology, per-drug figures and obstruction, each with its source.

Every number carries the citation keys it comes from (``R<n>`` = regimens_pk.md §R,
``ref-B.2`` = derived in that section) and a ``derivation`` when it was computed or
calibrated rather than read, so the view and ``pk validate`` can say where it came from.
Unconfirmed figures (``confirmed=False``) are shown as "not confirmed", never silently used.
"""

from __future__ import annotations

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


class Physiology(BaseModel):
    """Adult CSF spaces and flows (regimens_pk.md §B.2), volumes in mL and flows in mL/h.

    ``exchange_ml_h`` is the mixing flow between neighbouring subarachnoid segments and
    ``reflux_ml_h`` the back-mixing from the cisterns into the ventricles; both are
    calibrated to the radionuclide transit times of §B.2.1 [R27].
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

    @field_validator(
        "ventricular_ml",
        "cranial_ml",
        "cervical_ml",
        "thoracic_ml",
        "lumbar_ml",
        "production_ml_h",
        "exchange_ml_h",
        "reflux_ml_h",
    )
    @classmethod
    def _positive(cls, value: Cited) -> Cited:
        if value.value <= 0:
            raise ValueError("physiological volumes and flows must be positive")
        return value

    def volumes(self) -> tuple[float, float, float, float, float]:
        """Compartment volumes (mL) in model order."""
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


class DrugPk(BaseModel):
    """What the CSF model needs to know about one drug.

    ``clearance_ml_h`` is drug loss from CSF other than bulk flow (into tissue and blood
    vessels), spread over the CSF in proportion to volume. Where no source gives it the
    value is 0 with ``confirmed=False``: the curve is then a bulk-flow-only upper bound.
    """

    model_config = _FROZEN
    drug_id: str = Field(min_length=1)
    molecular_weight: Cited
    clearance_ml_h: Cited
    threshold: Threshold | None = None

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
    ``spinal`` scales the mixing along the spinal canal; ``skull_base`` scales the outflow
    from the ventricles (the rest of the production is then absorbed through the ventricle
    wall, a modelling assumption).
    """

    model_config = _FROZEN
    flow_fraction: float = Field(default=1.0, ge=0.0, le=1.0)
    site: BlockSite = "spinal"
