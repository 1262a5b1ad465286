"""Exact solution of the linear CSF model by eigen-decomposition, with dose superposition.

Between two doses every eigen-mode decays as exp(lambda * t); a dose adds its modal
amplitudes. On a uniform grid the decay factors of one interval are one precomputed
table, so a year at 1-minute resolution costs one small matrix product per interval
and no ODE stepping. Works for one subject or a stack of subjects (Monte Carlo).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lmdesk.models.pk.compartments import INJECTION_TANK, CsfNetwork

FloatArray = npt.NDArray[np.floating[Any]]


@dataclass(frozen=True)
class Doses:
    """Doses sorted by time: ``times_h``, ``amounts_mg`` and target compartment indices."""

    times_h: FloatArray
    amounts_mg: FloatArray
    targets: npt.NDArray[np.int64]

    @staticmethod
    def of(times_h: list[float], amounts_mg: list[float], targets: list[int]) -> Doses:
        if not (len(times_h) == len(amounts_mg) == len(targets)) or not times_h:
            raise ValueError("doses need equal, non-empty lists of times, amounts and targets")
        order = np.argsort(np.asarray(times_h, dtype=float), kind="stable")
        return Doses(
            np.asarray(times_h, dtype=float)[order],
            np.asarray(amounts_mg, dtype=float)[order],
            np.asarray(targets, dtype=np.int64)[order],
        )


@dataclass(frozen=True)
class ModalSystem:
    """K = P diag(lam) P^-1 for one subject (shapes (n,)) or a stack (shapes (N, n))."""

    lam: FloatArray  # eigenvalues, 1/h
    out: FloatArray  # modal amplitudes -> concentrations (mg/L): c = out @ m
    inj: FloatArray  # column j: modal amplitudes of 1 mg put into compartment j

    def subject(self, i: int) -> ModalSystem:
        """One subject of a stacked system."""
        return ModalSystem(lam=self.lam[i], out=self.out[i], inj=self.inj[i])


def decompose(net: CsfNetwork) -> ModalSystem:
    """Modes of the network's rate matrices (one subject or a stack).

    d K d^-1 is symmetric for the network's diagonal ``sym``; ``eigh`` of it gives real
    modes. Modal amplitudes map to the region concentrations (mg/L) through ``out`` and
    a dose into region g starts them at column g of ``inj`` (at that region's injection
    tank).
    """
    d = net.sym
    s = d[..., :, None] * net.k / d[..., None, :]
    if not np.allclose(s, np.swapaxes(s, -1, -2), rtol=1e-9, atol=1e-12):
        raise ValueError("the rate matrix is not symmetrisable: flow must go both ways")
    s = 0.5 * (s + np.swapaxes(s, -1, -2))
    lam, u = np.linalg.eigh(s)
    per_tank = u / (d * net.tank_ml)[..., :, None] * 1000.0  # mg/mL -> mg/L
    out = net.regions @ per_tank
    tanks = list(INJECTION_TANK)
    inj = np.swapaxes(u[..., tanks, :], -1, -2) * d[..., None, tanks]
    return ModalSystem(lam=lam, out=out, inj=inj)


def with_depot(
    system: ModalSystem,
    pools: tuple[tuple[float, float, float], ...],
    targets: tuple[int, ...],
) -> ModalSystem:
    """Add slow-release particle pools at the injection sites ``targets`` (region indices).

    A dose into one of those regions goes into the pools (fraction, decay rate 1/h,
    release rate 1/h each) instead of the free drug. A pool decays as exp(-kappa t) and
    feeds the free drug, so each (pool, site) adds one mode of rate -kappa; shifting the
    free modes by that mode's contribution keeps the whole system diagonal (exact):
    free amplitude = shifted amplitude + c * pool, c = release * inj / -(lam + kappa).
    """
    lam, out, inj = system.lam, system.out, system.inj
    lams, outs, injs = [lam], [out], []
    shift = np.zeros_like(inj)
    extra: list[tuple[int, float]] = []
    for target in targets:
        for fraction, kappa, release in pools:
            denom = lam + kappa
            tiny = 1e-7 * kappa  # a free mode at the pool's rate: keep the shift finite
            denom = np.where(np.abs(denom) < tiny, np.where(denom < 0, -tiny, tiny), denom)
            c = -release * inj[..., :, target] / denom  # free modal amplitudes per mg in pool
            shift[..., :, target] -= fraction * c
            lams.append(np.full((*lam.shape[:-1], 1), -kappa))
            outs.append(out @ c[..., :, None])
            extra.append((target, fraction))
    free = inj.copy()
    for target in targets:
        free[..., :, target] = 0.0  # the dose is in the particles, not free
    injs.append(free + shift)
    pool_inj = np.zeros((*lam.shape[:-1], len(extra), inj.shape[-1]))
    for row, (target, fraction) in enumerate(extra):
        pool_inj[..., row, target] = fraction
    injs.append(pool_inj)
    return ModalSystem(
        lam=np.concatenate(lams, axis=-1),
        out=np.concatenate(outs, axis=-1),
        inj=np.concatenate(injs, axis=-2),
    )


def _segments(doses: Doses, dt_h: float, n_steps: int) -> list[tuple[int, int, int]]:
    """(first dose index of the group, first grid index, end grid index) per dose interval."""
    starts = np.ceil(doses.times_h / dt_h - 1e-9).astype(np.int64)
    bounds: list[tuple[int, int, int]] = []
    for j in range(len(doses.times_h)):
        k0 = int(min(max(starts[j], 0), n_steps))
        k1 = int(min(starts[j + 1], n_steps)) if j + 1 < len(starts) else n_steps
        bounds.append((j, k0, max(k0, k1)))
    return bounds


def _amplitude_after(system: ModalSystem, doses: Doses, j: int, prev: FloatArray) -> FloatArray:
    """Modal state just after dose j, given ``prev`` just after dose j-1."""
    if j > 0:
        gap = doses.times_h[j] - doses.times_h[j - 1]
        prev = prev * np.exp(system.lam * gap)
    after: FloatArray = prev + system.inj[..., :, doses.targets[j]] * doses.amounts_mg[j]
    return after


def segment_starts(
    system: ModalSystem, doses: Doses, dt_h: float, n_steps: int, window: tuple[int, int]
) -> Iterator[tuple[int, int, FloatArray]]:
    """(first, end, modal amplitudes at grid index ``first``) per dose interval in ``window``."""
    lo, hi = window
    modal = np.zeros_like(system.lam)
    for j, k0, k1 in _segments(doses, dt_h, n_steps):
        modal = _amplitude_after(system, doses, j, modal)
        first, end = max(k0, lo), min(k1, hi)
        if end > first:
            yield first, end, modal * np.exp(system.lam * (first * dt_h - doses.times_h[j]))


def grid_concentrations(
    system: ModalSystem,
    doses: Doses,
    dt_h: float,
    n_steps: int,
    rows: list[int] | None = None,
    window: tuple[int, int] | None = None,
    table: FloatArray | None = None,
) -> FloatArray:
    """Concentrations (mg/L) at t = k * dt_h for k in ``window`` (default 0..n_steps-1).

    Shape (..., compartments, points); ``rows`` picks compartments; ``table`` (from
    ``decay_table``, at least as long as the window) can be shared between calls.
    """
    if dt_h <= 0 or n_steps <= 0:
        raise ValueError("the time grid needs a positive step and at least one point")
    lo, hi = window if window is not None else (0, n_steps)
    out_m = system.out if rows is None else system.out[..., rows, :]
    result = np.zeros((*system.lam.shape[:-1], out_m.shape[-2], hi - lo))
    parts = list(segment_starts(system, doses, dt_h, n_steps, (lo, hi)))
    longest = max((k1 - k0 for k0, k1, _ in parts), default=0)
    if table is None or table.shape[-1] < longest:
        table = decay_table(system, dt_h, longest)
    for k0, k1, start in parts:
        # weigh the few output rows by the modal start, then one product with the decay table
        result[..., k0 - lo : k1 - lo] = (out_m * start[..., None, :]) @ table[..., : k1 - k0]
    np.maximum(result, 0.0, out=result)  # round-off below zero is not a concentration
    return result


def decay_table(system: ModalSystem, dt_h: float, length: int) -> FloatArray:
    """exp(lam * k * dt_h) for k < length, shape (..., modes, length).

    Built as exp(lam * (b * B + i) * dt) = exp(lam * b * B * dt) * exp(lam * i * dt) with
    blocks of B ~ sqrt(length): about 2 * sqrt(length) exponentials and one product per
    entry (the exponentials were most of the cost of a 1000-subject band).
    """
    block = max(1, int(np.ceil(np.sqrt(length))))
    blocks = -(-length // block)
    lam = system.lam[..., :, None]
    fine = np.exp(lam * (np.arange(block) * dt_h))
    coarse = np.exp(lam * (np.arange(blocks) * (block * dt_h)))
    table = coarse[..., :, None] * fine[..., None, :]
    flat: FloatArray = table.reshape(*table.shape[:-2], blocks * block)[..., :length]
    return flat


def modal_state(
    system: ModalSystem, doses: Doses, t_h: float, *, before: bool = False
) -> FloatArray:
    """Modal amplitudes at ``t_h`` (just before a dose at t_h when ``before``)."""
    modal = np.zeros_like(system.lam)
    last = None
    for j, tj in enumerate(doses.times_h):
        if tj > t_h or (before and tj == t_h):
            break
        modal = _amplitude_after(system, doses, j, modal)
        last = tj
    if last is None:
        return modal
    decayed: FloatArray = modal * np.exp(system.lam * (t_h - last))
    return decayed


def concentrations_at(system: ModalSystem, doses: Doses, times_h: FloatArray) -> FloatArray:
    """Concentrations (mg/L) at arbitrary times (one subject); shape (compartments, len(times))."""
    tau = np.asarray(times_h, dtype=float)[None, :] - doses.times_h[:, None]
    given = tau >= 0
    decay = np.exp(system.lam[:, None, None] * np.where(given, tau, 0.0)[None]) * given[None]
    per_dose = system.inj[:, doses.targets] * doses.amounts_mg[None, :]
    modal = np.einsum("nd,ndt->nt", per_dose, decay)
    result: FloatArray = system.out @ modal
    return result


def auc_between(system: ModalSystem, doses: Doses, a_h: float, b_h: float) -> FloatArray:
    """Exact area under the concentration curves (mg·h/L) from a_h to b_h, per compartment."""
    if b_h <= a_h:
        return np.zeros(system.out.shape[-2])
    edges = [a_h] + [float(t) for t in doses.times_h if a_h < t < b_h] + [b_h]
    total = np.zeros_like(system.lam)
    for lo, hi in itertools.pairwise(edges):
        state = modal_state(system, doses, lo)
        width = hi - lo
        lam = system.lam
        small = np.abs(lam * width) < 1e-12
        factor = np.where(small, width, np.expm1(lam * width) / np.where(small, 1.0, lam))
        total = total + state * factor
    result: FloatArray = system.out @ total
    return result


def dose_interval_exposure(
    system: ModalSystem, doses: Doses, end_h: float
) -> tuple[list[float], list[FloatArray], list[FloatArray]]:
    """One pass over the doses: for each dose time t_j <= end_h, the exact AUC (mg·h/L) from
    t_j to the next dose (or end_h) and the concentration just before the next dose.

    Returns (dose times, AUCs per interval, troughs before each later dose).
    """
    times = sorted({float(t) for t in doses.times_h if t <= end_h})
    modal = np.zeros_like(system.lam)
    aucs: list[FloatArray] = []
    troughs: list[FloatArray] = []
    j = 0
    for k, t in enumerate(times):
        if k > 0:
            modal = modal * np.exp(system.lam * (t - times[k - 1]))
            troughs.append(system.out @ modal)
        while j < len(doses.times_h) and doses.times_h[j] <= t:
            modal = modal + system.inj[:, doses.targets[j]] * doses.amounts_mg[j]
            j += 1
        width = (times[k + 1] if k + 1 < len(times) else end_h) - t
        small = np.abs(system.lam * width) < 1e-12
        factor = np.where(
            small, width, np.expm1(system.lam * width) / np.where(small, 1.0, system.lam)
        )
        aucs.append(system.out @ (modal * factor))
    return times, aucs, troughs
