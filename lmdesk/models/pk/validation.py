"""Comparison of the model with published CSF observations (regimens_pk.md validation cases).

Each case names its source; ``pk validate`` prints observed, predicted and their ratio.
Tolerance: a factor of 2 (and none may be off by more than 3). Cases used to calibrate a
parameter are marked, since agreeing with them is by construction and says little.

How each kind of observation is read from the model (the same rule for every case):

- peaks are the highest concentration from ``start_h`` on (the first sample of a study
  is not drawn at the instant of injection);
- an apparent (first-phase) half-life is the time from max(``start_h``, Tmax) until the
  curve has halved;
- a terminal half-life is that of the slowest exponential phase carrying at least 1 % of
  the exposure (AUC) at the site, as a phase too small to see would not be reported;
- a tracer "appears" in a region when its concentration reaches a fixed fraction of the
  hottest region's at that moment (a scintigram is read against its own brightest
  spot); the fraction is calibrated with the other transit parameters [R27];
- a level is the concentration at the times ``at_h`` after doses at ``times_h`` (the
  median when several, as a study reports the median of its troughs);
- a gradient is the steady-state ratio ``site`` / ``site2`` during a constant infusion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, model_validator

from lmdesk.i18n import N_
from lmdesk.models.pk.compartments import ROUTE_TARGET, compartment_index
from lmdesk.models.pk.parameters import Cited, DrugPk, Physiology
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
from lmdesk.models.pk.solver import ModalSystem, auc_between, concentrations_at
from lmdesk.models.pk.units import mg_l_to_umol_l

FloatArray = npt.NDArray[np.floating[Any]]
CaseKind = Literal[
    "apparent_half_life",
    "terminal_half_life",
    "peak",
    "peak_at_least",
    "tmax_at_most",
    "clearance",
    "transit",
    "level",
    "level_at_least",
    "gradient",
    "not_modelled",
]
TOLERANCE: Final = 2.0
#: No case may be further off than this factor.
WORST: Final = 3.0
#: Share of the exposure (AUC) at the site a phase must carry to count as "seen".
PHASE_SHARE: Final = 0.01
STATUS_LABELS: Final[dict[str, str]] = {
    "ok": N_("within"),
    "outside": N_("outside"),
    "not modelled": N_("not modelled"),
}
#: Appearance-time grid: 15 s steps for the first 3 h, then 5 min to 48 h.
_TRANSIT_TIMES_H: Final = np.concatenate(
    [np.arange(0.0, 3.0, 0.25 / 60), np.arange(3.0, 48.0, 5 / 60)]
)


class ValidationCase(BaseModel):
    """One published observation (fields as in resources/reference/pk/validation.toml).

    ``observed_high`` makes the observation a range (a prediction inside it agrees
    exactly; outside, it is compared with the nearer end).
    """

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
    observed_high: float | None = None
    unit: str = ""
    calibration: bool = False
    start_h: float = 0.0
    hours: float = 72.0
    note: str = ""
    times_h: tuple[float, ...] = (0.0,)  # dose times (repeated doses, for levels)
    at_h: tuple[float, ...] = ()  # sampling times of a level
    site2: str | None = None  # the reference site of a gradient

    @model_validator(mode="after")
    def _range(self) -> ValidationCase:
        if self.observed_high is not None and (
            self.observed is None or self.observed_high < self.observed
        ):
            raise ValueError(f"{self.id}: a range needs observed <= observed_high")
        return self


class TransitRule(BaseModel):
    """How a scintigram is read in the model: the appearance level (fraction of the hottest)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    appearance_fraction: Cited


@dataclass(frozen=True)
class ValidationResult:
    case: ValidationCase
    predicted: float | None
    ratio: float | None  # predicted / observed (or / the nearer end of a range)
    within: bool | None  # None when not modelled

    @property
    def status(self) -> str:
        if self.within is None:
            return "not modelled"
        return "ok" if self.within else "outside"

    @property
    def fold(self) -> float | None:
        """How many times off the observation (1 = agrees), one-sided for bounds."""
        if self.ratio is None:
            return None
        if not np.isfinite(self.ratio) or self.ratio <= 0:
            return float("inf")
        if self.case.kind in ("peak_at_least", "level_at_least"):
            return max(1.0, 1.0 / self.ratio)
        if self.case.kind == "tmax_at_most":
            return max(1.0, self.ratio)
        return max(self.ratio, 1.0 / self.ratio)


def tracer() -> DrugPk:
    """A solute leaving CSF by bulk flow only, like 111In-DTPA."""
    cited = Cited(value=1.0, unit="g/mol", source=("R27",))
    return DrugPk(
        drug_id="tracer",
        molecular_weight=cited,
        clearance_ml_h=Cited(value=0.0, unit="mL/h", source=("R27",)),
    )


def _halving_time(times: FloatArray, values: FloatArray, start_h: float) -> float:
    """Hours from max(start_h, Tmax) until the curve falls to half its value there."""
    i0 = max(int(np.searchsorted(times, start_h)), int(np.argmax(values)))
    below = np.nonzero(values[i0:] <= values[i0] / 2.0)[0]
    if below.size == 0:
        return float("inf")
    return float(times[i0 + below[0]] - times[i0])


def terminal_half_life(system: ModalSystem, route: str, site: int) -> float:
    """Half-life of the slowest mode carrying >= PHASE_SHARE of the AUC at ``site``."""
    weights = system.out[site, :] * system.inj[:, ROUTE_TARGET[route]]
    with np.errstate(divide="ignore", invalid="ignore"):
        area = np.abs(weights / system.lam)
    seen = area >= PHASE_SHARE * area.sum()
    slowest = float(np.max(system.lam[seen]))
    return float(np.log(2.0) / -slowest) if slowest < 0 else float("inf")


def steady_state_ratio(system: ModalSystem, route: str, site: int, reference: int) -> float:
    """Concentration at ``site`` over ``reference`` at steady state of a constant infusion.

    With inflow e into the route's tank, the steady state is -K^-1 e; in modes that is
    out @ (inj / -lam), exact (every mode decays).
    """
    steady = system.out @ (system.inj[:, ROUTE_TARGET[route]] / -system.lam)
    return float(steady[site] / steady[reference])


def appearance_time(
    system: ModalSystem, route: str, site: int, fraction: float, times_h: FloatArray | None = None
) -> float:
    """Minutes until ``site`` reaches ``fraction`` of the hottest region (interpolated)."""
    times = _TRANSIT_TIMES_H if times_h is None else times_h
    doses = make_doses(route, [0.0], [1.0])
    conc = concentrations_at(system, doses, times)
    gap = conc[site] - fraction * conc.max(axis=0)
    reached = np.nonzero(gap >= 0.0)[0]
    if reached.size == 0:
        return float("inf")
    i = int(reached[0])
    if i == 0:
        return 0.0
    t0, t1, g0, g1 = times[i - 1], times[i], gap[i - 1], gap[i]
    return float((t0 + (t1 - t0) * (-g0) / (g1 - g0)) * 60.0)


def predict(
    case: ValidationCase,
    physiology: Physiology,
    drugs: dict[str, DrugPk],
    transit: TransitRule,
) -> float | None:
    """The model's value for the case's observation, in the case's unit."""
    if case.kind == "not_modelled" or case.route is None or case.site is None:
        return None
    drug = tracer() if case.drug is None else drugs[case.drug]
    model = PkModel(physiology, drug)
    site = compartment_index(case.site)
    if case.kind == "transit":
        return appearance_time(model.system(), case.route, site, transit.appearance_fraction.value)
    if case.kind == "terminal_half_life":
        return terminal_half_life(model.system(), case.route, site)
    if case.kind == "gradient":
        reference = compartment_index(str(case.site2))
        return steady_state_ratio(model.system(), case.route, site, reference)
    dose = case.dose_mg if case.dose_mg is not None else 1.0
    if case.kind in ("level", "level_at_least"):
        doses = make_doses(case.route, list(case.times_h), [dose])
        # just before a dose given at the sampling time: a trough, not the new peak
        at = np.asarray(case.at_h, dtype=float) - 1e-9
        levels = concentrations_at(model.system(), doses, at)[site]
        level = float(np.median(levels))
        if case.unit == "µmol/L":
            return float(mg_l_to_umol_l(level, drug.molecular_weight.value))
        return level
    doses = make_doses(case.route, [0.0], [dose])
    curves = simulate(model, doses, case.hours, 1.0 / 60.0)
    values = curves.conc_mg_l[site]
    if case.kind == "apparent_half_life":
        return _halving_time(curves.times_h, values, case.start_h)
    if case.kind == "tmax_at_most":
        return float(curves.times_h[int(np.argmax(values))])
    if case.kind in ("peak", "peak_at_least"):
        first = int(np.searchsorted(curves.times_h, case.start_h - 1e-9))
        peak = float(values[first:].max())
        if case.unit == "µmol/L":
            return float(mg_l_to_umol_l(peak, drug.molecular_weight.value))
        return peak  # mg/L = µg/mL
    auc = float(auc_between(model.system(), doses, 0.0, 24.0 * 60)[site])  # mg·h/L
    return dose / auc * 1000.0 / 60.0  # clearance: L/h -> mL/min


def _ratio(case: ValidationCase, predicted: float) -> float:
    observed = float(case.observed or 0.0)
    high = case.observed_high
    if high is not None and observed <= predicted <= high:
        return 1.0
    if high is not None and predicted > high:
        return predicted / high
    return predicted / observed


def evaluate(
    case: ValidationCase,
    physiology: Physiology,
    drugs: dict[str, DrugPk],
    transit: TransitRule,
) -> ValidationResult:
    """Predicted value, ratio to the observation and whether it is within the tolerance."""
    predicted = predict(case, physiology, drugs, transit)
    if predicted is None or case.observed is None:
        return ValidationResult(case, None, None, None)
    ratio = _ratio(case, predicted)
    result = ValidationResult(case, predicted, ratio, None)
    fold = result.fold
    return ValidationResult(case, predicted, ratio, fold is not None and fold <= TOLERANCE)


def evaluate_all(
    cases: list[ValidationCase],
    physiology: Physiology,
    drugs: dict[str, DrugPk],
    transit: TransitRule,
) -> list[ValidationResult]:
    return [evaluate(c, physiology, drugs, transit) for c in cases]


@dataclass(frozen=True)
class Tally:
    """Counts over a group of modelled cases."""

    cases: int
    within: int
    beyond_worst: int
    calibration: int
    independent_within: int

    @property
    def independent(self) -> int:
        return self.cases - self.calibration


def tally(results: list[ValidationResult]) -> Tally:
    modelled = [r for r in results if r.within is not None]
    return Tally(
        cases=len(modelled),
        within=sum(1 for r in modelled if r.within),
        beyond_worst=sum(1 for r in modelled if (r.fold or 0.0) > WORST),
        calibration=sum(1 for r in modelled if r.case.calibration),
        independent_within=sum(1 for r in modelled if r.within and not r.case.calibration),
    )


def is_depot_case(case: ValidationCase, drugs: Mapping[str, DrugPk]) -> bool:
    """Cases of a slow-release (depot) drug, counted apart from the free drugs and tracer."""
    drug = drugs.get(str(case.drug)) if case.drug is not None else None
    return drug is not None and drug.depot is not None
