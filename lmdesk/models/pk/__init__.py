"""CSF pharmacokinetics: a five-compartment physiological model solved exactly.

Pure numpy + pydantic. Inputs come from ``lmdesk/resources/reference/pk`` through the
store; every parameter carries its citation (regimens_pk.md §B.2, §B.3, Part C).
"""

from lmdesk.models.pk.compartments import COMPARTMENT_LABELS, COMPARTMENTS, ROUTE_TARGET, ROUTES
from lmdesk.models.pk.metrics import CompartmentMetrics, IntervalMetrics, compute_metrics
from lmdesk.models.pk.parameters import Cited, DrugPk, Obstruction, Physiology, Threshold
from lmdesk.models.pk.population import Band, Variability, population_band
from lmdesk.models.pk.simulation import Curves, PkModel, make_doses, simulate
from lmdesk.models.pk.sources import PkReference, reference_from

__all__ = [
    "COMPARTMENTS",
    "COMPARTMENT_LABELS",
    "ROUTES",
    "ROUTE_TARGET",
    "Band",
    "Cited",
    "CompartmentMetrics",
    "Curves",
    "DrugPk",
    "IntervalMetrics",
    "Obstruction",
    "Physiology",
    "PkModel",
    "PkReference",
    "Threshold",
    "Variability",
    "compute_metrics",
    "make_doses",
    "population_band",
    "reference_from",
    "simulate",
]
