"""The compartment structure: five CSF spaces in a chain, and their rate matrix.

Ventricles -> cranial subarachnoid space/cisterns -> cervical -> thoracic -> lumbar sac.
CSF is produced in the ventricles, flows into the cranial space and is absorbed there;
neighbouring subarachnoid segments mix both ways; some CSF mixes back into the
ventricles. Because the graph is a chain with flow both ways on every open edge, the
matrix is similar to a symmetric one, which keeps the eigen-decomposition real and stable.
"""

from __future__ import annotations

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

FloatArray = npt.NDArray[np.floating[Any]]


def compartment_index(name: str) -> int:
    """Index of a compartment by name (ValueError for an unknown name)."""
    return COMPARTMENTS.index(name)


def rate_matrices(
    volumes_ml: FloatArray,
    production_ml_h: FloatArray,
    exchange_ml_h: FloatArray,
    reflux_ml_h: FloatArray,
    drug_clearance_ml_h: FloatArray,
    obstruction: Obstruction,
) -> FloatArray:
    """Rate matrices K (1/h) for a stack of subjects: volumes (N, 5), flows (N,) -> (N, 5, 5).

    d(amount)/dt = K @ amount (mg); concentration = amount / volume.
    """
    vol = np.asarray(volumes_ml, dtype=float)
    q = np.asarray(production_ml_h, dtype=float)
    r = np.asarray(reflux_ml_h, dtype=float)
    x = np.asarray(exchange_ml_h, dtype=float)
    skull = obstruction.flow_fraction if obstruction.site == "skull_base" else 1.0
    spine = obstruction.flow_fraction if obstruction.site == "spinal" else 1.0
    n = len(COMPARTMENTS)
    down = np.stack([(q + r) * skull, x * spine, x * spine, x * spine], axis=-1)
    up = np.stack([r * skull, x * spine, x * spine, x * spine], axis=-1)
    # an edge carrying next to nothing (< 1e-9 mL/h) is closed both ways, so that round-off
    # can never leave flow in one direction only
    open_edge = np.minimum(down, up) > 1e-9
    down, up = np.where(open_edge, down, 0.0), np.where(open_edge, up, 0.0)
    loss = np.zeros(vol.shape)
    loss[..., VENTRICULAR] = (1.0 - skull) * q  # through the ventricle wall when blocked
    loss[..., 1] = q * skull  # arachnoid absorption of what reached the cranial space
    k_drug = np.asarray(drug_clearance_ml_h, dtype=float) / vol.sum(axis=-1)
    k = np.zeros((*vol.shape[:-1], n, n))
    idx = np.arange(n - 1)
    k[..., idx + 1, idx] += down / vol[..., :-1]
    k[..., idx, idx] -= down / vol[..., :-1]
    k[..., idx, idx + 1] += up / vol[..., 1:]
    k[..., idx + 1, idx + 1] -= up / vol[..., 1:]
    diag = np.arange(n)
    k[..., diag, diag] -= loss / vol + k_drug[..., None]
    return k


def rate_matrix(physiology: Physiology, drug: DrugPk, obstruction: Obstruction) -> FloatArray:
    """K (1/h) of one subject with the reference physiology."""
    k: FloatArray = rate_matrices(
        np.asarray(physiology.volumes()),
        np.asarray(physiology.production_ml_h.value),
        np.asarray(physiology.exchange_ml_h.value),
        np.asarray(physiology.reflux_ml_h.value),
        np.asarray(drug.clearance_ml_h.value),
        obstruction,
    )
    return k
