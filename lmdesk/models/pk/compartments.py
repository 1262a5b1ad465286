"""The compartment structure: CSF spaces in a chain, their rate matrix and its symmetriser.

Ventricles -> cranial subarachnoid space/cisterns -> cervical -> thoracic -> lumbar canal
-> lumbar sac (a dead end). CSF is produced in the ventricles and flows into the cranial
space; it is absorbed along the whole neuraxis: a share in the spinal spaces (in proportion
to their volume, carried down the canal by a net flow), the rest in the cranial space.
Neighbouring subarachnoid segments mix both ways; some CSF mixes back into the ventricles;
the sac exchanges with the canal above it through a narrower mixing flow. A drug may also
have a slow tissue space beside each subarachnoid space.

The five *regions* shown and sampled are the ventricles, the cranial space, the cervical
and thoracic canal and the lumbar region (canal + sac, volume-weighted). The tanks form a
tree (chain plus tissue leaves) and every open edge carries flow both ways, so the matrix
is similar to a symmetric one by a diagonal built edge by edge along the tree
(Kolmogorov's criterion holds trivially: a tree has no cycle); the eigen-decomposition
stays real and stable whatever net flow an edge carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt

from lmdesk.i18n import N_
from lmdesk.models.pk.parameters import DrugPk, Obstruction, Physiology

Route = Literal["lp", "ommaya"]
ROUTES: Final[tuple[Route, ...]] = ("lp", "ommaya")

COMPARTMENTS: Final[tuple[str, ...]] = ("ventricular", "cranial", "cervical", "thoracic", "lumbar")
COMPARTMENT_LABELS: Final[dict[str, str]] = {
    "ventricular": N_("Ventricular"),
    "cranial": N_("Cranial subarachnoid / cisterns"),
    "cervical": N_("Cervical spinal"),
    "thoracic": N_("Thoracic spinal"),
    "lumbar": N_("Lumbar sac"),
}
#: Short names for the compartment toggles above the plot.
COMPARTMENT_SHORT: Final[dict[str, str]] = {
    "ventricular": N_("Ventricles"),
    "cranial": N_("Cranial SAS"),
    "cervical": N_("Cervical"),
    "thoracic": N_("Thoracic"),
    "lumbar": N_("Lumbar"),
}
VENTRICULAR: Final = 0
LUMBAR: Final = 4

#: Where each route puts the dose: LP into the lumbar sac, Ommaya into the ventricles.
ROUTE_TARGET: Final[dict[str, int]] = {"lp": LUMBAR, "ommaya": VENTRICULAR}

#: Internal tanks (mixing compartments) and the region each belongs to.
TANKS: Final[tuple[str, ...]] = (
    "ventricles",
    "cranial",
    "cervical",
    "thoracic",
    "lumbar_canal",
    "lumbar_sac",
)
TANK_REGION: Final[tuple[int, ...]] = (0, 1, 2, 3, 4, 4)
SAC: Final = 5
#: The subarachnoid tanks a drug's tissue space lines (one tissue leaf beside each).
SAS_TANKS: Final[tuple[int, ...]] = (1, 2, 3, 4, 5)
#: The tank a dose "into region g" lands in: an LP needle sits in the lumbar sac.
INJECTION_TANK: Final[tuple[int, ...]] = (0, 1, 2, 3, SAC)
_CLOSED: Final = 1e-9  # an edge carrying less than this (mL/h) is closed both ways

FloatArray = npt.NDArray[np.floating[Any]]


def compartment_index(name: str) -> int:
    """Index of a compartment by name (ValueError for an unknown name)."""
    return COMPARTMENTS.index(name)


@dataclass(frozen=True)
class CsfNetwork:
    """Rate matrices of one subject or a stack: amounts (mg) evolve as d(a)/dt = k @ a.

    ``sym`` is the diagonal d with d K d^-1 symmetric; ``regions`` maps tank
    concentrations to the five region concentrations (volume-weighted means).
    """

    k: FloatArray  # (..., n, n), 1/h
    tank_ml: FloatArray  # (..., n)
    sym: FloatArray  # (..., n)
    regions: FloatArray  # (..., 5, n)


def _region_matrix(tank_ml: FloatArray) -> FloatArray:
    n = tank_ml.shape[-1]
    member = np.zeros((len(COMPARTMENTS), n))
    for i, g in enumerate(TANK_REGION):
        member[g, i] = 1.0
    weighted = member * tank_ml[..., None, :]
    result: FloatArray = weighted / weighted.sum(axis=-1, keepdims=True)
    return result


def _symmetriser(tank_ml: FloatArray, edges: Sequence[tuple[int, int, Any, Any]]) -> FloatArray:
    """Diagonal d with d K d^-1 symmetric, built along the tree from each component's root.

    For an edge i -> j carrying ``down`` (i to j) and ``up`` (j to i), mL/h:
    d_j = d_i * sqrt(up * V_i / (down * V_j)); a closed edge starts a new component.
    """
    d = 1.0 / np.sqrt(tank_ml)
    for i, j, down, up in edges:  # parents are listed before their children
        open_edge = (down > _CLOSED) & (up > _CLOSED)
        ratio = np.where(open_edge, up, 1.0) * tank_ml[..., i]
        ratio = ratio / (np.where(open_edge, down, 1.0) * tank_ml[..., j])
        d[..., j] = np.where(open_edge, d[..., i] * np.sqrt(ratio), d[..., j])
    return d


def network(
    volumes_ml: FloatArray,
    production_ml_h: FloatArray,
    exchange_ml_h: FloatArray,
    reflux_ml_h: FloatArray,
    sac_exchange_ml_h: FloatArray,
    sac_fraction: float,
    drug_clearance_ml_h: FloatArray,
    obstruction: Obstruction,
    tissue: tuple[FloatArray, FloatArray] | None = None,
    spinal_absorption: FloatArray | float = 0.0,
) -> CsfNetwork:
    """The network of a stack of subjects: region volumes (N, 5), flows (N,) -> (N, n, n).

    ``tissue`` is (volume mL, exchange mL/h), each (N,) or scalar, for a drug that has one;
    it is split over the subarachnoid spaces in proportion to their volume.
    ``spinal_absorption`` is the share of the CSF reaching the subarachnoid space that is
    absorbed along the spinal canal (by volume) rather than in the cranial space.
    """
    vol = np.asarray(volumes_ml, dtype=float)
    lead = vol.shape[:-1]
    q = np.broadcast_to(np.asarray(production_ml_h, dtype=float), lead)
    r = np.broadcast_to(np.asarray(reflux_ml_h, dtype=float), lead)
    x = np.broadcast_to(np.asarray(exchange_ml_h, dtype=float), lead)
    xs = np.broadcast_to(np.asarray(sac_exchange_ml_h, dtype=float), lead)
    cl = np.broadcast_to(np.asarray(drug_clearance_ml_h, dtype=float), lead)
    phi = np.broadcast_to(np.asarray(spinal_absorption, dtype=float), lead)
    skull = obstruction.flow_fraction if obstruction.site == "skull_base" else 1.0
    spine = obstruction.flow_fraction if obstruction.site == "spinal" else 1.0
    lumbar = vol[..., 4]
    tanks = [vol[..., 0], vol[..., 1], vol[..., 2], vol[..., 3]]
    tanks += [lumbar * (1.0 - sac_fraction), lumbar * sac_fraction]
    # absorption per tank: the spinal share by volume (none below a spinal block), the rest
    # in the cranial space; the net flow down the canal feeds the spinal absorption
    reach = q * skull
    spinal = reach * phi * spine
    spinal_ml = tanks[2] + tanks[3] + tanks[4] + tanks[5]
    absorb = [spinal * tanks[i] / spinal_ml for i in range(2, 6)]
    net_down = [spinal, spinal - absorb[0], absorb[2] + absorb[3], absorb[3]]
    edges = [
        (0, 1, (q + r) * skull, r * skull),
        (1, 2, x * spine + net_down[0], x * spine),
        (2, 3, x * spine + net_down[1], x * spine),
        (3, 4, x * spine + net_down[2], x * spine),
        (4, SAC, xs * spine + net_down[3], xs * spine),
    ]
    if tissue is not None:
        t_ml = np.broadcast_to(np.asarray(tissue[0], dtype=float), lead)
        t_cl = np.broadcast_to(np.asarray(tissue[1], dtype=float), lead)
        sas = sum(tanks[i] for i in SAS_TANKS)
        for i in SAS_TANKS:  # a tissue leaf beside each subarachnoid space, by volume
            share = tanks[i] / sas
            edges.append((i, len(tanks), t_cl * share, t_cl * share))
            tanks.append(t_ml * share)
    tank_ml = np.stack(tanks, axis=-1)
    n = tank_ml.shape[-1]
    k = np.zeros((*lead, n, n))
    for i, j, down, up in edges:
        # an edge carrying next to nothing is closed both ways, so that round-off can never
        # leave flow in one direction only
        open_edge = np.minimum(down, up) > _CLOSED
        down, up = np.where(open_edge, down, 0.0), np.where(open_edge, up, 0.0)
        k[..., j, i] += down / tank_ml[..., i]
        k[..., i, i] -= down / tank_ml[..., i]
        k[..., i, j] += up / tank_ml[..., j]
        k[..., j, j] -= up / tank_ml[..., j]
    loss = np.zeros(tank_ml.shape)
    loss[..., 0] = (1.0 - skull) * q  # through the ventricle wall when blocked
    loss[..., 1] = reach - spinal  # arachnoid absorption in the cranial space
    for offset, amount in enumerate(absorb):
        loss[..., 2 + offset] = amount
    csf = np.arange(n) <= SAC
    k_drug = cl / tank_ml[..., : SAC + 1].sum(axis=-1)
    diag = np.arange(n)
    k[..., diag, diag] -= loss / tank_ml + np.where(csf, k_drug[..., None], 0.0)
    sym = _symmetriser(tank_ml, edges)
    return CsfNetwork(k=k, tank_ml=tank_ml, sym=sym, regions=_region_matrix(tank_ml))


def network_of(physiology: Physiology, drug: DrugPk, obstruction: Obstruction) -> CsfNetwork:
    """The network of one subject with the reference physiology."""
    tissue = None
    if drug.tissue is not None:
        tissue = (
            np.asarray(drug.tissue.volume_ml.value),
            np.asarray(drug.tissue.exchange_ml_h.value),
        )
    return network(
        np.asarray(physiology.volumes()),
        np.asarray(physiology.production_ml_h.value),
        np.asarray(physiology.exchange_ml_h.value),
        np.asarray(physiology.reflux_ml_h.value),
        np.asarray(physiology.sac_exchange_ml_h.value),
        physiology.sac_fraction.value,
        np.asarray(drug.clearance_ml_h.value),
        obstruction,
        tissue,
        physiology.spinal_absorption.value,
    )
