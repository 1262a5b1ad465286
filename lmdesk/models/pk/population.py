"""Population band: Monte Carlo over CSF volumes, production, mixing and drug clearance.

Each subject gets log-normal multipliers on the reference values (CVs stated in
``Variability``; the mixing multiplier applies to all three mixing flows, the volume one
to a drug's tissue space too; depot release rates are not varied); all subjects are
solved at once with stacked eigen-decompositions and their curves reduced to percentiles
chunk by chunk, so memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from lmdesk.models.pk.compartments import network
from lmdesk.models.pk.simulation import PkModel, drug_system, grid_size
from lmdesk.models.pk.solver import (
    Doses,
    ModalSystem,
    decay_table,
    segment_starts,
)

FloatArray = npt.NDArray[np.floating[Any]]

#: Percentiles of the band: 5–95 % and 25–75 % around the median.
BAND_PERCENTILES: Final[tuple[float, ...]] = (5.0, 25.0, 50.0, 75.0, 95.0)
PARAMETERS: Final[tuple[str, ...]] = ("volume", "production", "exchange", "clearance")
_CHUNK = 1024

#: ``progress(chunks_done, chunks)`` after each time chunk of a band; whatever it raises (a
#: cancelled job) stops the band: chunks not started are dropped, the exception comes out.
BandProgress = Callable[[int, int], None]


class Variability(BaseModel):
    """Between-patient CVs (%) of the log-normal multipliers; stated with every band."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    volume_cv_pct: float = Field(ge=0, le=200)
    production_cv_pct: float = Field(ge=0, le=200)
    exchange_cv_pct: float = Field(ge=0, le=200)
    clearance_cv_pct: float = Field(ge=0, le=200)
    note: str = ""

    def omegas(self) -> FloatArray:
        """Standard deviations of the log multipliers, in PARAMETERS order."""
        cvs = np.array(
            [
                self.volume_cv_pct,
                self.production_cv_pct,
                self.exchange_cv_pct,
                self.clearance_cv_pct,
            ]
        )
        return np.sqrt(np.log1p((cvs / 100.0) ** 2))


@dataclass(frozen=True)
class Band:
    """Percentile curves (mg/L): ``values[p]`` has shape (compartments, points)."""

    times_h: FloatArray
    rows: tuple[int, ...]
    values: dict[float, FloatArray]
    subjects: int
    seed: int


def subject_systems(model: PkModel, log_multipliers: FloatArray) -> ModalSystem:
    """Stacked modal systems for multipliers exp(eta), eta shape (N, 4) in PARAMETERS order."""
    eta = np.atleast_2d(log_multipliers)
    m = np.exp(eta)
    phys, drug = model.physiology, model.drug
    volumes = np.asarray(phys.volumes())[None, :] * m[:, 0:1]
    tissue = None
    if drug.tissue is not None:  # the tissue space scales with the CSF spaces it lines
        tissue = (
            drug.tissue.volume_ml.value * m[:, 0],
            np.full(len(m), drug.tissue.exchange_ml_h.value),
        )
    net = network(
        volumes,
        phys.production_ml_h.value * m[:, 1],
        phys.exchange_ml_h.value * m[:, 2],
        phys.reflux_ml_h.value * m[:, 2],
        phys.sac_exchange_ml_h.value * m[:, 2],
        phys.sac_fraction.value,
        drug.clearance_ml_h.value * m[:, 3],
        model.obstruction,
        tissue,
        phys.spinal_absorption.value,
    )
    return drug_system(net, drug)


def sample_multipliers(variability: Variability, subjects: int, seed: int) -> FloatArray:
    """Reproducible normal draws of the log multipliers, shape (subjects, 4)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((subjects, len(PARAMETERS))) * variability.omegas()[None, :]


def _chunk_percentiles(
    systems: ModalSystem,
    doses: Doses,
    step_h: float,
    points: int,
    rows: list[int],
    k0: int,
    table: FloatArray,
) -> FloatArray:
    """Percentiles (len(BAND_PERCENTILES), rows, chunk) of one time chunk."""
    k1 = min(points, k0 + _CHUNK)
    out_m = systems.out[:, rows, :].astype(np.float32)
    # subjects last and contiguous: sorting along that axis is the costly step of the band
    conc = np.zeros((len(rows), k1 - k0, systems.lam.shape[0]), dtype=np.float32)
    for first, end, start in segment_starts(systems, doses, step_h, points, (k0, k1)):
        conc[:, first - k0 : end - k0, :] = np.einsum(
            "nrm,nm,nmt->rtn",
            out_m,
            start.astype(np.float32),
            table[:, :, : end - first],
            optimize=True,
        )
    ordered = np.sort(conc, axis=-1)
    n = ordered.shape[-1]
    pos = np.asarray(BAND_PERCENTILES) / 100.0 * (n - 1)
    below = np.floor(pos).astype(int)
    above = np.minimum(below + 1, n - 1)
    w = (pos - below)[:, None, None]
    low = np.moveaxis(ordered[..., below], -1, 0)
    high = np.moveaxis(ordered[..., above], -1, 0)
    result: FloatArray = np.maximum(low * (1 - w) + high * w, 0.0).astype(np.float64)
    return result


def band_from_systems(
    systems: ModalSystem,
    doses: Doses,
    hours: float,
    step_h: float,
    rows: tuple[int, ...],
    seed: int,
    progress: BandProgress | None = None,
) -> Band:
    """Percentile curves of a stack of subjects, in time chunks on two threads."""
    points = grid_size(hours, step_h)
    starts = range(0, points, _CHUNK)
    table = decay_table(systems, step_h, min(_CHUNK, points)).astype(np.float32)
    with ThreadPoolExecutor(max_workers=2) as pool:
        chunks = [
            pool.submit(_chunk_percentiles, systems, doses, step_h, points, list(rows), k0, table)
            for k0 in starts
        ]
        parts = []
        try:
            for done, chunk in enumerate(chunks, start=1):
                parts.append(chunk.result())
                if progress is not None:
                    progress(done, len(chunks))
        except BaseException:
            for chunk in chunks:
                chunk.cancel()  # the two running finish; the rest never start
            raise
    joined = np.concatenate(parts, axis=-1)
    values = {p: joined[i] for i, p in enumerate(BAND_PERCENTILES)}
    return Band(np.arange(points) * step_h, rows, values, int(systems.lam.shape[0]), seed)


def population_band(
    model: PkModel,
    doses: Doses,
    hours: float,
    variability: Variability,
    *,
    subjects: int = 1000,
    seed: int = 20251127,
    step_h: float = 10.0 / 60.0,
    rows: tuple[int, ...] = (0, 1, 2, 3, 4),
    progress: BandProgress | None = None,
) -> Band:
    """5–95 % and 25–75 % band of ``subjects`` simulated patients (reproducible by ``seed``).

    ``progress`` follows the time chunks; what it raises stops the band (a Cancel)."""
    eta = sample_multipliers(variability, subjects, seed)
    systems = subject_systems(model, eta)
    return band_from_systems(systems, doses, hours, step_h, rows, seed, progress)
