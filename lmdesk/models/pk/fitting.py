"""Individual fit: maximum a posteriori estimate of a patient's multipliers from measured levels.

The parameters are log multipliers (eta) on CSF volume, production, mixing and drug
clearance, with the population CVs as the prior. Measured levels carry a proportional
(log-normal) error. Levenberg–Marquardt on the log residuals finds the MAP estimate; the
Laplace approximation (inverse Hessian) gives the uncertainty, drawn as a band.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, field_validator

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.compartments import COMPARTMENTS, compartment_index
from lmdesk.models.pk.population import (
    PARAMETERS,
    Band,
    Variability,
    band_from_systems,
    subject_systems,
)
from lmdesk.models.pk.simulation import Curves, PkModel, grid_size
from lmdesk.models.pk.solver import Doses, concentrations_at, grid_concentrations
from lmdesk.models.pk.units import to_mg_l

FloatArray = npt.NDArray[np.floating[Any]]

#: Proportional error of a measured CSF level (assay + sampling), log-scale SD. Assumption.
DEFAULT_RESIDUAL_CV_PCT: Final = 20.0
_LOWEST = 1e-12


class Measurement(BaseModel):
    """One measured CSF level: hours after the first dose, site, value and unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    time_h: float = Field(ge=0)
    site: str
    value: float = Field(gt=0)
    unit: str = "mg/L"

    @field_validator("site")
    @classmethod
    def _site(cls, site: str) -> str:
        if site not in COMPARTMENTS:
            raise ValueError(f"site must be one of {', '.join(COMPARTMENTS)}")
        return site


@dataclass(frozen=True)
class FitResult:
    """Prior and fitted multipliers (1 = reference value) with their uncertainty."""

    fitted_parameters: tuple[str, ...]
    eta: FloatArray  # all PARAMETERS, 0 for the ones not fitted
    covariance: FloatArray  # over fitted_parameters
    iterations: int
    converged: bool
    objective: float

    def multipliers(self) -> dict[str, float]:
        return {name: float(np.exp(self.eta[i])) for i, name in enumerate(PARAMETERS)}

    def ci95(self) -> dict[str, tuple[float, float]]:
        """Approximate 95 % interval of each fitted multiplier."""
        out: dict[str, tuple[float, float]] = {}
        for j, name in enumerate(self.fitted_parameters):
            i = PARAMETERS.index(name)
            sd = float(np.sqrt(max(self.covariance[j, j], 0.0)))
            out[name] = (
                float(np.exp(self.eta[i] - 1.96 * sd)),
                float(np.exp(self.eta[i] + 1.96 * sd)),
            )
        return out


def fitted_parameters(model: PkModel) -> tuple[str, ...]:
    """Parameters the data can move: drug clearance only where the drug has one."""
    if model.drug.clearance_ml_h.value > 0:
        return PARAMETERS
    return tuple(p for p in PARAMETERS if p != "clearance")


def _predict(
    model: PkModel, doses: Doses, eta: FloatArray, times: FloatArray, rows: npt.NDArray[np.int64]
) -> FloatArray:
    conc = concentrations_at(subject_systems(model, eta[None, :]).subject(0), doses, times)
    return conc[rows, np.arange(len(times))]


def fit_map(
    model: PkModel,
    doses: Doses,
    measurements: list[Measurement],
    variability: Variability,
    residual_cv_pct: float = DEFAULT_RESIDUAL_CV_PCT,
    max_iterations: int = 60,
) -> FitResult:
    """MAP estimate of the patient's multipliers (BadInputError without usable levels)."""
    if not measurements:
        raise BadInputError("enter at least one measured CSF level to fit")
    if residual_cv_pct <= 0:
        raise BadInputError("the measurement error must be positive")
    mw = model.drug.molecular_weight.value
    times = np.array([m.time_h for m in measurements])
    if np.all(times < doses.times_h[0]):
        raise BadInputError("every measured level is before the first dose")
    rows = np.array([compartment_index(m.site) for m in measurements], dtype=np.int64)
    observed = np.log([to_mg_l(m.value, m.unit, mw) for m in measurements])
    sigma = np.sqrt(np.log1p((residual_cv_pct / 100.0) ** 2))
    names = fitted_parameters(model)
    idx = [PARAMETERS.index(n) for n in names]
    omega = variability.omegas()[idx]
    omega = np.where(omega > 0, omega, 1e-6)

    def residuals(theta: FloatArray) -> FloatArray:
        eta = np.zeros(len(PARAMETERS))
        eta[idx] = theta
        pred = np.log(np.maximum(_predict(model, doses, eta, times, rows), _LOWEST))
        return np.concatenate([(observed - pred) / sigma, theta / omega])

    def jacobian(theta: FloatArray, base: FloatArray) -> FloatArray:
        jac = np.empty((base.size, theta.size))
        for j in range(theta.size):
            step = np.zeros_like(theta)
            step[j] = 1e-6
            jac[:, j] = (residuals(theta + step) - base) / 1e-6
        return jac

    theta = np.zeros(len(idx))
    res = residuals(theta)
    cost = float(res @ res)
    damping = 1e-3
    converged = False
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007
        jac = jacobian(theta, res)
        hess = jac.T @ jac
        grad = jac.T @ res
        step = np.linalg.solve(hess + damping * np.diag(np.diag(hess) + 1e-12), -grad)
        trial = theta + step
        trial_res = residuals(trial)
        trial_cost = float(trial_res @ trial_res)
        if trial_cost < cost:
            theta, res = trial, trial_res
            converged = abs(cost - trial_cost) < 1e-10 * max(1.0, cost) or bool(
                np.max(np.abs(step)) < 1e-7
            )
            cost = trial_cost
            damping = max(damping / 3.0, 1e-9)
            if converged:
                break
        else:
            damping *= 4.0
            if damping > 1e9:
                converged = True
                break
    jac = jacobian(theta, res)
    covariance = np.linalg.pinv(jac.T @ jac)
    eta = np.zeros(len(PARAMETERS))
    eta[idx] = theta
    return FitResult(names, eta, covariance, iterations, converged, cost)


def fitted_band(
    model: PkModel,
    doses: Doses,
    fit: FitResult,
    hours: float,
    *,
    subjects: int = 500,
    seed: int = 20251127,
    step_h: float = 10.0 / 60.0,
    rows: tuple[int, ...] = (0, 4),
) -> Band:
    """Band of the individual curve: draws from the Laplace posterior of the fitted eta."""
    rng = np.random.default_rng(seed)
    idx = [PARAMETERS.index(n) for n in fit.fitted_parameters]
    draws = np.tile(fit.eta, (subjects, 1))
    draws[:, idx] = rng.multivariate_normal(fit.eta[idx], fit.covariance, size=subjects)
    return band_from_systems(subject_systems(model, draws), doses, hours, step_h, rows, seed)


def individual_curves(
    model: PkModel, doses: Doses, fit: FitResult, hours: float, step_h: float = 1.0 / 60.0
) -> Curves:
    """The patient's curves with the fitted multipliers."""
    system = subject_systems(model, fit.eta[None, :]).subject(0)
    points = grid_size(hours, step_h)
    conc = grid_concentrations(system, doses, step_h, points)
    return Curves(np.arange(points) * step_h, conc, doses, step_h)
