"""One PK question as the CLI and the view ask it: checks, simulation, metrics, report.

A simulation is a what-if, not an order: a never-intrathecal drug is refused under any
name, but a dose above the hard ceiling is simulated with a loud warning (``what_if``);
the planner keeps refusing it. A discontinued product and a depot drug say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.i18n import _
from lmdesk.models.drugs.never_it import NeverItLookup, refuse_never_it
from lmdesk.models.errors import BadInputError
from lmdesk.models.finding import Finding
from lmdesk.models.pk.compartments import COMPARTMENTS, ROUTE_TARGET
from lmdesk.models.pk.course_link import CourseDose, doses_of
from lmdesk.models.pk.metrics import CompartmentMetrics, compute_metrics
from lmdesk.models.pk.parameters import BlockSite, Cited, DrugPk, Obstruction
from lmdesk.models.pk.simulation import Curves, PkModel, make_doses, simulate
from lmdesk.models.pk.source_band import SourceBand, source_band
from lmdesk.models.pk.sources import PkReference
from lmdesk.models.pk.what_if import DANGER_CODES, dose_findings, product_findings
from lmdesk.models.scheduling.dose_safety import DoseLimits


class PkRequest(BaseModel):
    """Drug, dose(s), route, dose times (h from the first dose), span and CSF flow."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    drug_id: str = Field(min_length=1)
    dose_mg: float
    route: str
    times_h: tuple[float, ...] = (0.0,)
    hours: float = 48.0
    step_h: float = 1.0 / 60.0
    flow_fraction: float = 1.0
    block_site: BlockSite = "spinal"


@dataclass(frozen=True)
class PkRun:
    request: PkRequest
    drug: DrugPk
    model: PkModel
    curves: Curves
    metrics: dict[str, CompartmentMetrics]
    findings: list[Finding] = field(default_factory=list)
    band: SourceBand | None = None  # what the sources leave open (when asked for)

    @property
    def threshold_mg_l(self) -> float | None:
        return self.drug.threshold_mg_l()

    @property
    def what_if(self) -> bool:
        """A dose above the hard ceiling was simulated (never an order)."""
        return any(f.code in DANGER_CODES for f in self.findings)


def resolve_drug(name: str, reference: PkReference, catalog: NeverItLookup | None) -> DrugPk:
    """The PK parameters for a typed drug name; never-IT names are refused first."""
    refuse_never_it(name, catalog)
    drug = reference.drug(name.strip().casefold())
    if drug is None:
        known = ", ".join(sorted(reference.drugs))
        raise BadInputError(
            _("No CSF model parameters for {drug!r}; the model covers: {known}.").format(
                drug=name, known=known
            )
        )
    return drug


def run(
    request: PkRequest,
    reference: PkReference,
    catalog: NeverItLookup | None,
    limits: DoseLimits,
    course: list[CourseDose] | None = None,
    names: Mapping[str, str] | None = None,
    *,
    with_source_band: bool = False,
) -> PkRun:
    """Check, simulate and measure one request (BadInputError / SafetyRefusal on refusal).

    With ``course`` the doses, times and routes come from the patient's sessions instead
    of ``request.times_h`` / ``dose_mg`` / ``route``, and each course dose is checked.
    ``names`` (drug id -> name in the user's language) words the product findings.
    ``with_source_band`` also runs every leave-one-source-out refit (``SourceBand``).
    """
    drug = resolve_drug(request.drug_id, reference, catalog)
    if request.route not in ROUTE_TARGET:
        raise BadInputError(_("The route must be lp or ommaya."))
    findings = product_findings(drug, names)
    if not course:
        findings += dose_findings(drug.drug_id, request.route, request.dose_mg, limits)
    for dose in course or []:
        findings += dose_findings(drug.drug_id, dose.route, dose.dose_mg, limits)
    if not 0.0 <= request.flow_fraction <= 1.0:
        raise BadInputError(_("The flow fraction must be between 0 and 1."))
    times = [d.time_h for d in course] if course else list(request.times_h)
    if any(t > request.hours for t in times):
        raise BadInputError(_("Every dose time must lie within the simulated hours."))
    obstruction = Obstruction(flow_fraction=request.flow_fraction, site=request.block_site)
    model = PkModel(reference.physiology, drug, obstruction)
    if course:
        doses = doses_of(course)
    else:
        doses = make_doses(request.route, list(request.times_h), [request.dose_mg])
    system = model.system()
    curves = simulate(model, doses, request.hours, request.step_h, system)
    metrics = compute_metrics(system, curves, drug.threshold_mg_l())
    band = None
    if with_source_band:
        band = source_band(reference, drug, obstruction, doses, request.hours, request.step_h)
    return PkRun(request, drug, model, curves, metrics, findings, band)


def report(result: PkRun, points_per_hour: float | None = None) -> dict[str, Any]:
    """The JSON document of ``lmdesk pk --json`` (curves on the run's grid, or thinned)."""
    curves = result.curves
    stride = 1
    if points_per_hour is not None and points_per_hour > 0:
        stride = max(1, round(1.0 / (points_per_hour * curves.step_h)))
    drug = result.drug
    threshold: dict[str, Any] | None = None
    if drug.threshold is not None:
        threshold = {
            "value": drug.threshold.value,
            "unit": drug.threshold.unit,
            "value_mg_l": drug.threshold_mg_l(),
            "source": list(drug.threshold.source),
        }
    else:
        threshold = {"value": None, "unit": None, "source": [], "note": "no published threshold"}
    parameters: dict[str, Any] = {
        name: {
            "value": cited.value,
            "unit": cited.unit,
            "source": list(cited.source),
            "confirmed": cited.confirmed,
        }
        for name, cited in model_parameters(result.model)
    }
    parameters["flow_fraction"] = result.request.flow_fraction
    parameters["block_site"] = result.request.block_site
    doc: dict[str, Any] = {
        "drug": drug.drug_id,
        "dose_mg": result.request.dose_mg,
        "route": result.request.route,
        "unit": "mg/L",
        "dose_times_h": list(result.request.times_h),
        "times_h": [round(float(t), 6) for t in curves.times_h[::stride]],
        "compartments": {
            name: [float(v) for v in curves.conc_mg_l[i, ::stride]]
            for i, name in enumerate(COMPARTMENTS)
        },
        "metrics": {
            name: {
                "cmax": m.cmax,
                "tmax_h": m.tmax_h,
                "auc": m.auc,
                "auc_unit": "mg·h/L",
                "time_above_threshold_h": m.time_above_threshold_h,
                "troughs": [i.trough for i in m.intervals if i.trough is not None],
                "accumulation_cmax": m.accumulation_cmax,
            }
            for name, m in result.metrics.items()
        },
        "threshold": threshold,
        "parameters": parameters,
        "concentration_of": drug.depot.released if drug.depot is not None else drug.drug_id,
        "free_drug_only": drug.depot is not None,
        "discontinued": bool(drug.discontinued),
        "what_if": result.what_if,
        "warnings": [f.message for f in result.findings],
        "findings": [
            {"level": f.level, "code": f.code, "message": f.message} for f in result.findings
        ],
    }
    if result.band is not None:
        doc["source_band"] = band_report(result.band, stride)
    return doc


def band_report(band: SourceBand, stride: int) -> dict[str, Any]:
    """The source band in JSON: low/high curves and metric ranges per compartment."""
    return {
        "fits": band.fits,
        "note": "lowest and highest over the calibration fit and every refit leaving one "
        "source out: what the sources leave open",
        "compartments": {
            name: {
                "low": [float(v) for v in band.low[i, ::stride]],
                "high": [float(v) for v in band.high[i, ::stride]],
                "cmax": [float(band.cmax[0][i]), float(band.cmax[1][i])],
                "auc": [float(band.auc[0][i]), float(band.auc[1][i])],
                "at_end": [float(band.last[0][i]), float(band.last[1][i])],
            }
            for i, name in enumerate(COMPARTMENTS)
        },
    }


def model_parameters(model: PkModel) -> list[tuple[str, Cited]]:
    """Every cited input of ``model`` in a fixed order (JSON keys, parameters tab)."""
    phys, drug = model.physiology, model.drug
    found: list[tuple[str, Cited]] = [
        ("ventricular_ml", phys.ventricular_ml),
        ("cranial_ml", phys.cranial_ml),
        ("cervical_ml", phys.cervical_ml),
        ("thoracic_ml", phys.thoracic_ml),
        ("lumbar_ml", phys.lumbar_ml),
        ("sac_fraction", phys.sac_fraction),
        ("production_ml_h", phys.production_ml_h),
        ("exchange_ml_h", phys.exchange_ml_h),
        ("reflux_ml_h", phys.reflux_ml_h),
        ("sac_exchange_ml_h", phys.sac_exchange_ml_h),
        ("spinal_absorption", phys.spinal_absorption),
        ("drug_clearance_ml_h", drug.clearance_ml_h),
        ("molecular_weight", drug.molecular_weight),
    ]
    if drug.tissue is not None:
        found += [
            ("tissue_ml", drug.tissue.volume_ml),
            ("tissue_exchange_ml_h", drug.tissue.exchange_ml_h),
        ]
    if drug.depot is not None:
        found += [
            ("release_half_life_h", drug.depot.release_half_life_h),
            ("suspended_fraction", drug.depot.suspended_fraction),
            ("suspended_half_life_h", drug.depot.suspended_half_life_h),
        ]
    return found
