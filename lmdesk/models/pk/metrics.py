"""Exposure metrics per compartment: Cmax, Tmax, AUC, trough, time above threshold, accumulation.

AUC and troughs are exact (integrated modes); Cmax/Tmax and time above threshold use the
grid of the curves, with linear interpolation of threshold crossings between grid points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lmdesk.models.pk.compartments import COMPARTMENTS
from lmdesk.models.pk.simulation import Curves
from lmdesk.models.pk.solver import ModalSystem, dose_interval_exposure

FloatArray = npt.NDArray[np.floating[Any]]


@dataclass(frozen=True)
class IntervalMetrics:
    """One dose interval [start_h, end_h) in one compartment; concentrations in mg/L."""

    start_h: float
    end_h: float
    cmax: float
    tmax_h: float
    auc: float  # mg·h/L
    trough: float | None  # just before the next dose; None after the last dose
    time_above_h: float | None  # None when there is no threshold


@dataclass(frozen=True)
class CompartmentMetrics:
    """Whole-course metrics of one compartment (concentrations in mg/L, AUC in mg·h/L)."""

    cmax: float
    tmax_h: float
    auc: float
    time_above_threshold_h: float | None
    intervals: tuple[IntervalMetrics, ...]
    accumulation_cmax: float | None  # last interval Cmax / first interval Cmax
    accumulation_auc: float | None  # last interval AUC per hour / first interval AUC per hour


def step_fractions(values: FloatArray, threshold: float) -> FloatArray:
    """Fraction of each grid step (along the last axis) spent at or above the threshold.

    Whole steps are a boolean test; only the few steps that cross the threshold need the
    linear interpolation, so they are computed alone (this is the what-if hot path).
    """
    above = values >= threshold
    a_up, b_up = above[..., :-1], above[..., 1:]
    frac: FloatArray = (a_up & b_up).astype(np.float64)
    cross = np.nonzero(a_up != b_up)
    if cross[0].size:
        a = values[..., :-1][cross]
        b = values[..., 1:][cross]
        with np.errstate(divide="ignore", invalid="ignore"):
            part = np.where(a >= threshold, (a - threshold) / (a - b), (b - threshold) / (b - a))
        frac[cross] = np.clip(part, 0.0, 1.0)
    return frac


def time_above(values: FloatArray, step_h: float, threshold: float) -> float:
    """Hours with values >= threshold on a uniform grid, crossings interpolated linearly."""
    if values.size < 2:
        return 0.0
    return float(step_fractions(values, threshold).sum() * step_h)


def _peak(curves: Curves, row: int, k0: int, k1: int) -> tuple[float, float]:
    segment = curves.conc_mg_l[row, k0:k1]
    if segment.size == 0:
        return 0.0, float(curves.times_h[min(k0, len(curves.times_h) - 1)])
    i = int(np.argmax(segment))
    return float(segment[i]), float(curves.times_h[k0 + i])


def compute_metrics(
    system: ModalSystem, curves: Curves, threshold_mg_l: float | None
) -> dict[str, CompartmentMetrics]:
    """Metrics for every compartment over the span of ``curves``."""
    end = float(curves.times_h[-1])
    dose_times, interval_aucs, troughs = dose_interval_exposure(system, curves.doses, end)
    bounds = [*dose_times, end]
    index = [int(np.ceil(t / curves.step_h - 1e-9)) for t in bounds]
    index[-1] = len(curves.times_h)
    total_auc = np.sum(interval_aucs, axis=0) if interval_aucs else np.zeros(len(COMPARTMENTS))
    last_index = len(curves.times_h) - 1
    above_parts: list[FloatArray] = []
    above_total = np.zeros(len(COMPARTMENTS))
    if threshold_mg_l is not None and last_index > 0:
        # hours above the threshold per grid step, all compartments at once
        steps = step_fractions(curves.conc_mg_l, threshold_mg_l) * curves.step_h
        above_total = steps.sum(axis=1)
        for j in range(len(dose_times)):
            lo, hi = min(index[j], last_index), min(index[j + 1], last_index)
            above_parts.append(steps[:, lo:hi].sum(axis=1))
    result: dict[str, CompartmentMetrics] = {}
    for row, name in enumerate(COMPARTMENTS):
        intervals = []
        for j in range(len(dose_times)):
            cmax, tmax = _peak(curves, row, index[j], index[j + 1])
            above = None
            if threshold_mg_l is not None:
                above = float(above_parts[j][row]) if above_parts else 0.0
            intervals.append(
                IntervalMetrics(
                    start_h=bounds[j],
                    end_h=bounds[j + 1],
                    cmax=cmax,
                    tmax_h=tmax,
                    auc=float(interval_aucs[j][row]),
                    trough=float(troughs[j][row]) if j < len(troughs) else None,
                    time_above_h=above,
                )
            )
        cmax, tmax = _peak(curves, row, 0, len(curves.times_h))
        total_above = None
        if threshold_mg_l is not None:
            total_above = float(above_total[row])
        acc_c = acc_a = None
        if len(intervals) >= 2 and intervals[0].cmax > 0:
            first, last = intervals[0], intervals[-1]
            acc_c = last.cmax / first.cmax
            rate_first = first.auc / (first.end_h - first.start_h)
            width_last = last.end_h - last.start_h
            if rate_first > 0 and width_last > 0:
                acc_a = (last.auc / width_last) / rate_first
        result[name] = CompartmentMetrics(
            cmax=cmax,
            tmax_h=tmax,
            auc=float(total_auc[row]),
            time_above_threshold_h=total_above,
            intervals=tuple(intervals),
            accumulation_cmax=acc_c,
            accumulation_auc=acc_a,
        )
    return result
