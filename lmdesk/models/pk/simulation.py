"""One subject's curves: drug + physiology + route + doses -> concentrations on a time grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.compartments import COMPARTMENTS, ROUTE_TARGET, CsfNetwork, network_of
from lmdesk.models.pk.parameters import DrugPk, Obstruction, Physiology
from lmdesk.models.pk.solver import (
    Doses,
    ModalSystem,
    concentrations_at,
    decompose,
    grid_concentrations,
    with_depot,
)

FloatArray = npt.NDArray[np.floating[Any]]

#: Longest simulated span (2 years) and finest step (1 s): beyond these the grid is nonsense.
MAX_HOURS = 2 * 366 * 24.0
MIN_STEP_H = 1.0 / 3600.0
MAX_POINTS = 2_000_000
#: Regions where a depot dose can be put: the injection sites of the routes.
DEPOT_SITES = tuple(sorted(set(ROUTE_TARGET.values())))


def drug_system(net: CsfNetwork, drug: DrugPk) -> ModalSystem:
    """Modes of the free drug in ``net``, plus the particle pools for a depot drug."""
    system = decompose(net)
    if drug.depot is not None:
        system = with_depot(system, drug.depot.pools(), DEPOT_SITES)
    return system


@dataclass(frozen=True)
class PkModel:
    """Everything fixed about a patient's CSF system for one drug."""

    physiology: Physiology
    drug: DrugPk
    obstruction: Obstruction = field(default_factory=Obstruction)

    def network(self) -> CsfNetwork:
        return network_of(self.physiology, self.drug, self.obstruction)

    def system(self) -> ModalSystem:
        return drug_system(self.network(), self.drug)


@dataclass(frozen=True)
class Curves:
    """Concentrations (mg/L) per compartment on a uniform grid starting at 0 h."""

    times_h: FloatArray
    conc_mg_l: FloatArray  # (compartments, points)
    doses: Doses
    step_h: float

    def by_name(self) -> dict[str, FloatArray]:
        return {name: self.conc_mg_l[i] for i, name in enumerate(COMPARTMENTS)}


def make_doses(route: str, times_h: list[float], doses_mg: list[float]) -> Doses:
    """Doses of one route; BadInputError for an unknown route, negative time or dose."""
    if route not in ROUTE_TARGET:
        raise BadInputError(f"route must be lp or ommaya, not {route!r}")
    if not times_h:
        raise BadInputError("at least one dose time is needed")
    if len(doses_mg) == 1 and len(times_h) > 1:
        doses_mg = doses_mg * len(times_h)
    if len(doses_mg) != len(times_h):
        raise BadInputError("give one dose for all times or one dose per time")
    if any(not np.isfinite(t) or t < 0 for t in times_h):
        raise BadInputError("dose times must be 0 h or later")
    if any(not np.isfinite(d) or d <= 0 for d in doses_mg):
        raise BadInputError("doses must be positive (mg)")
    target = ROUTE_TARGET[route]
    return Doses.of(list(times_h), list(doses_mg), [target] * len(times_h))


def grid_size(hours: float, step_h: float) -> int:
    """Points on [0, hours] at step_h; BadInputError for spans the app does not draw."""
    if not (0 < hours <= MAX_HOURS):
        raise BadInputError(f"the time span must be between 0 and {MAX_HOURS:g} h")
    if step_h < MIN_STEP_H:
        raise BadInputError("the time step is too small")
    points = int(np.floor(hours / step_h + 1e-9)) + 1
    if points > MAX_POINTS:
        raise BadInputError("too many time points; choose a coarser step or a shorter span")
    return points


def simulate(
    model: PkModel,
    doses: Doses,
    hours: float,
    step_h: float = 1.0 / 60.0,
    system: ModalSystem | None = None,
) -> Curves:
    """Curves on [0, hours] at ``step_h`` (default 1 minute); ``system`` if already built."""
    points = grid_size(hours, step_h)
    system = model.system() if system is None else system
    conc = grid_concentrations(system, doses, step_h, points)
    return Curves(np.arange(points) * step_h, conc, doses, step_h)


def sample(model: PkModel, doses: Doses, times_h: FloatArray) -> FloatArray:
    """Concentrations (mg/L) at arbitrary times, shape (compartments, times)."""
    return concentrations_at(model.system(), doses, times_h)
