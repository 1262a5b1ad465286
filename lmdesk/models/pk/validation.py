"""Comparison of the model with published CSF observations (regimens_pk.md validation cases).

Each case names its source; ``pk validate`` prints observed, predicted and their ratio.
Tolerance: a factor of 2. Cases used to calibrate a parameter are marked, since agreeing
with them is by construction and says little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from lmdesk.i18n import N_
from lmdesk.models.pk.compartments import ROUTE_TARGET, compartment_index
from lmdesk.models.pk.parameters import Cited, DrugPk, Physiology
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
from lmdesk.models.pk.solver import auc_between
from lmdesk.models.pk.units import mg_l_to_umol_l

CaseKind = Literal[
    "apparent_half_life",
    "terminal_half_life",
    "peak",
    "peak_at_least",
    "clearance",
    "transit",
    "not_modelled",
]
TOLERANCE: Final = 2.0
#: A tracer "appears" when it reaches this fraction of the dose mixed in the whole CSF.
TRANSIT_FRACTION: Final = 0.2
_MODE_WEIGHT: Final = 0.01
STATUS_LABELS: Final[dict[str, str]] = {
    "ok": N_("within"),
    "outside": N_("outside"),
    "not modelled": N_("not modelled"),
}


class ValidationCase(BaseModel):
    """One published observation (fields as in resources/reference/pk/validation.toml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    kind: CaseKind
    label: str
    source: tuple[str, ...] = Field(min_length=1)
    drug: str | None = None
    route: str | None = None
    dose_mg: float | None = None
    site: str | None = None
    observed: float | None = None
    unit: str = ""
    calibration: bool = False
    start_h: float = 0.0


@dataclass(frozen=True)
class ValidationResult:
    case: ValidationCase
    predicted: float | None
    ratio: float | None  # predicted / observed
    within: bool | None  # None when not modelled

    @property
    def status(self) -> str:
        if self.within is None:
            return "not modelled"
        return "ok" if self.within else "outside"


def _tracer() -> DrugPk:
    """A solute leaving CSF by bulk flow only, like 111In-DTPA."""
    cited = Cited(value=1.0, unit="g/mol", source=("R27",))
    return DrugPk(
        drug_id="tracer",
        molecular_weight=cited,
        clearance_ml_h=Cited(value=0.0, unit="mL/h", source=("R27",)),
    )


def _halving_time(times: np.ndarray, values: np.ndarray, start_h: float) -> float:
    """Hours from max(start_h, Tmax) until the curve falls to half its value there."""
    i0 = max(int(np.searchsorted(times, start_h)), int(np.argmax(values)))
    below = np.nonzero(values[i0:] <= values[i0] / 2.0)[0]
    if below.size == 0:
        return float("inf")
    return float(times[i0 + below[0]] - times[i0])


def _terminal_half_life(model: PkModel, route: str, site: int) -> float:
    """Half-life of the slowest mode that carries weight at ``site`` after a dose by ``route``."""
    system = model.system()
    weights = np.abs(system.out[site, :] * system.inj[:, ROUTE_TARGET[route]])
    seen = weights > _MODE_WEIGHT * weights.max()
    slowest = float(np.max(system.lam[seen]))
    return float(np.log(2.0) / -slowest) if slowest < 0 else float("inf")


def predict(case: ValidationCase, physiology: Physiology, drugs: dict[str, DrugPk]) -> float | None:
    """The model's value for the case's observation, in the case's unit."""
    if case.kind == "not_modelled" or case.route is None or case.site is None:
        return None
    drug = _tracer() if case.kind == "transit" else drugs[str(case.drug)]
    model = PkModel(physiology, drug)
    site = compartment_index(case.site)
    if case.kind == "terminal_half_life":
        return _terminal_half_life(model, case.route, site)
    dose = case.dose_mg if case.dose_mg is not None else 1.0
    hours = 72.0 if case.kind != "transit" else 48.0
    step = 1.0 / 60.0 if case.kind != "transit" else 0.25 / 60.0
    doses = make_doses(case.route, [0.0], [dose])
    curves = simulate(model, doses, hours, step)
    values = curves.conc_mg_l[site]
    if case.kind == "apparent_half_life":
        return _halving_time(curves.times_h, values, case.start_h)
    if case.kind in ("peak", "peak_at_least"):
        peak = float(values.max())
        if case.unit == "µmol/L":
            return float(mg_l_to_umol_l(peak, drug.molecular_weight.value))
        return peak
    if case.kind == "clearance":
        auc = float(auc_between(model.system(), doses, 0.0, 24.0 * 60)[site])  # mg·h/L
        return dose / auc * 1000.0 / 60.0  # L/h -> mL/min
    level = TRANSIT_FRACTION * dose / physiology.total_ml() * 1000.0
    reached = np.nonzero(values >= level)[0]
    return float(curves.times_h[reached[0]] * 60.0) if reached.size else float("inf")


def evaluate(
    case: ValidationCase, physiology: Physiology, drugs: dict[str, DrugPk]
) -> ValidationResult:
    """Predicted value, ratio to the observation and whether it is within the tolerance."""
    predicted = predict(case, physiology, drugs)
    if predicted is None or case.observed is None:
        return ValidationResult(case, None, None, None)
    ratio = predicted / case.observed
    if case.kind == "peak_at_least":
        within = ratio >= 1.0 / TOLERANCE
    else:
        within = bool(np.isfinite(ratio) and 1.0 / TOLERANCE <= ratio <= TOLERANCE)
    return ValidationResult(case, predicted, ratio, within)


def evaluate_all(
    cases: list[ValidationCase], physiology: Physiology, drugs: dict[str, DrugPk]
) -> list[ValidationResult]:
    return [evaluate(c, physiology, drugs) for c in cases]
