"""What the sources leave open: the curves of every fit that leaves one source out.

Where the sources cannot pin a parameter, one curve would claim more than they say. The
band runs the model with the calibration fit and with each leave-one-source-out refit
and keeps, per compartment and time, the lowest and the highest concentration, plus the
range of Cmax, AUC and the level at the end of the span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lmdesk.models.pk.loso import apply, current
from lmdesk.models.pk.parameters import DrugPk, Obstruction
from lmdesk.models.pk.simulation import PkModel, simulate
from lmdesk.models.pk.solver import Doses, auc_between
from lmdesk.models.pk.sources import PkReference

FloatArray = npt.NDArray[np.floating[Any]]


@dataclass(frozen=True)
class SourceBand:
    """Lowest and highest curves (mg/L, compartments x points) over ``fits`` parameter sets."""

    times_h: FloatArray
    low: FloatArray
    high: FloatArray
    cmax: tuple[FloatArray, FloatArray]  # (low, high) per compartment, mg/L
    auc: tuple[FloatArray, FloatArray]  # (low, high) per compartment, mg·h/L
    last: tuple[FloatArray, FloatArray]  # level at the end of the span, mg/L
    fits: int


def source_band(
    reference: PkReference,
    drug: DrugPk,
    obstruction: Obstruction,
    doses: Doses,
    hours: float,
    step_h: float,
) -> SourceBand | None:
    """The band over the calibration fit and every stored refit (None without refits)."""
    if not reference.refits:
        return None
    sets = [current(reference.physiology, reference.drugs, reference.transit)]
    sets += list(reference.refits.values())
    curves, cmaxes, aucs = [], [], []
    times: FloatArray = np.zeros(0)
    for values in sets:
        phys, drugs, _rule = apply(reference.physiology, reference.drugs, reference.transit, values)
        model = PkModel(phys, drugs.get(drug.drug_id, drug), obstruction)
        system = model.system()
        run = simulate(model, doses, hours, step_h, system)
        times = run.times_h
        curves.append(run.conc_mg_l)
        cmaxes.append(run.conc_mg_l.max(axis=1))
        aucs.append(auc_between(system, doses, 0.0, float(run.times_h[-1])))
    stack = np.stack(curves)
    cmax, auc = np.stack(cmaxes), np.stack(aucs)
    return SourceBand(
        times_h=times,
        low=stack.min(axis=0),
        high=stack.max(axis=0),
        cmax=(cmax.min(axis=0), cmax.max(axis=0)),
        auc=(auc.min(axis=0), auc.max(axis=0)),
        last=(stack[:, :, -1].min(axis=0), stack[:, :, -1].max(axis=0)),
        fits=len(sets),
    )
