"""How the calibrated parameters were obtained, so the fit can be rerun and checked.

Calibrated (each marked "fit to ..." in the sources, and its cases marked calibration):

- the three mixing flows (spinal segments, back into the ventricles, into the lumbar sac)
  and the appearance level, by least squares on the log ratios of the eight median
  111In-DTPA appearance times [R27];
- the methotrexate tissue exchange, to the terminal half-life 14 h of V2 [R21];
- the topotecan clearance, to the terminal half-life 2.8 h of V10 [R37].

Nelder–Mead on log parameters (numpy has no optimiser and these fits are tiny).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lmdesk.models.pk.compartments import compartment_index
from lmdesk.models.pk.parameters import Cited, DrugPk, Physiology, Tissue
from lmdesk.models.pk.simulation import PkModel
from lmdesk.models.pk.validation import (
    TransitRule,
    ValidationCase,
    appearance_time,
    terminal_half_life,
    tracer,
)

FloatArray = npt.NDArray[np.floating[Any]]
TRANSIT_PARAMETERS = ("exchange_ml_h", "reflux_ml_h", "sac_exchange_ml_h", "appearance_fraction")


def nelder_mead(
    fn: Callable[[FloatArray], float],
    start: Sequence[float] | FloatArray,
    step: float = 0.3,
    iterations: int = 600,
    tolerance: float = 1e-10,
) -> tuple[FloatArray, float]:
    """Minimise ``fn`` from ``start`` (standard reflection/expansion/contraction/shrink)."""
    n = len(start)
    points = [np.asarray(start, dtype=float)]
    for i in range(n):
        p = points[0].copy()
        p[i] += step
        points.append(p)
    values = [fn(p) for p in points]
    for _ in range(iterations):
        order = np.argsort(values)
        points = [points[i] for i in order]
        values = [values[i] for i in order]
        if abs(values[-1] - values[0]) < tolerance:
            break
        centre = np.mean(points[:-1], axis=0)
        reflected = centre + (centre - points[-1])
        f_r = fn(reflected)
        if f_r < values[0]:
            expanded = centre + 2.0 * (centre - points[-1])
            f_e = fn(expanded)
            points[-1], values[-1] = (expanded, f_e) if f_e < f_r else (reflected, f_r)
        elif f_r < values[-2]:
            points[-1], values[-1] = reflected, f_r
        else:
            contracted = centre + 0.5 * (points[-1] - centre)
            f_c = fn(contracted)
            if f_c < values[-1]:
                points[-1], values[-1] = contracted, f_c
            else:
                for i in range(1, len(points)):
                    points[i] = points[0] + 0.5 * (points[i] - points[0])
                    values[i] = fn(points[i])
    best = int(np.argmin(values))
    return points[best], float(values[best])


def _with(cited: Cited, value: float) -> Cited:
    return cited.model_copy(update={"value": float(value)})


def with_transit(physiology: Physiology, values: Sequence[float]) -> Physiology:
    """The physiology with the three calibrated mixing flows replaced."""
    x, r, xs = values[:3]
    return physiology.model_copy(
        update={
            "exchange_ml_h": _with(physiology.exchange_ml_h, x),
            "reflux_ml_h": _with(physiology.reflux_ml_h, r),
            "sac_exchange_ml_h": _with(physiology.sac_exchange_ml_h, xs),
        }
    )


def transit_log_errors(
    physiology: Physiology, fraction: float, cases: Sequence[ValidationCase]
) -> FloatArray:
    """log(predicted / observed) of every transit case (inf where never reached)."""
    system = PkModel(physiology, tracer()).system()
    errors = []
    for case in cases:
        predicted = appearance_time(
            system, str(case.route), compartment_index(str(case.site)), fraction
        )
        errors.append(np.log(predicted / float(case.observed or 1.0)))
    return np.asarray(errors)


def transit_objective(
    physiology: Physiology, fraction: float, cases: Sequence[ValidationCase]
) -> float:
    errors = transit_log_errors(physiology, fraction, cases)
    errors = np.where(np.isfinite(errors), errors, 10.0)
    return float(errors @ errors)


@dataclass(frozen=True)
class TransitFit:
    exchange_ml_h: float
    reflux_ml_h: float
    sac_exchange_ml_h: float
    appearance_fraction: float
    objective: float


def fit_transit(
    physiology: Physiology, rule: TransitRule, cases: Sequence[ValidationCase]
) -> TransitFit:
    """Least-squares fit of the mixing flows and appearance level to the transit cases."""
    transit = [c for c in cases if c.kind == "transit"]
    start = np.log(
        [
            physiology.exchange_ml_h.value,
            physiology.reflux_ml_h.value,
            physiology.sac_exchange_ml_h.value,
            rule.appearance_fraction.value,
        ]
    )

    def objective(theta: FloatArray) -> float:
        x, r, xs, f = np.exp(theta)
        if f >= 1.0:
            return 1e9
        return transit_objective(with_transit(physiology, (x, r, xs)), f, transit)

    theta, _ = nelder_mead(objective, start, 0.3)
    theta, value = nelder_mead(objective, theta, 0.05)
    x, r, xs, f = (float(v) for v in np.exp(theta))
    return TransitFit(x, r, xs, f, value)


def fit_terminal_half_life(
    physiology: Physiology,
    make_drug: Callable[[float], DrugPk],
    case: ValidationCase,
    start: float,
) -> float:
    """The value v for which ``make_drug(v)`` has the case's terminal half-life."""
    site = compartment_index(str(case.site))

    def objective(theta: FloatArray) -> float:
        drug = make_drug(float(np.exp(theta[0])))
        t_half = terminal_half_life(PkModel(physiology, drug).system(), str(case.route), site)
        return float(np.log(t_half / float(case.observed or 1.0)) ** 2)

    theta, _ = nelder_mead(objective, [np.log(start)], 0.2, 200, 1e-14)
    return float(np.exp(theta[0]))


def tissue_exchange_for(drug: DrugPk) -> Callable[[float], DrugPk]:
    """Drug variants differing only in their tissue exchange (the tissue must exist)."""
    if drug.tissue is None:
        raise ValueError(f"{drug.drug_id} has no tissue space to calibrate")
    tissue: Tissue = drug.tissue

    def make(value: float) -> DrugPk:
        changed = tissue.model_copy(update={"exchange_ml_h": _with(tissue.exchange_ml_h, value)})
        return drug.model_copy(update={"tissue": changed})

    return make


def clearance_for(drug: DrugPk) -> Callable[[float], DrugPk]:
    """Drug variants differing only in their own CSF clearance."""

    def make(value: float) -> DrugPk:
        return drug.model_copy(update={"clearance_ml_h": _with(drug.clearance_ml_h, value)})

    return make
