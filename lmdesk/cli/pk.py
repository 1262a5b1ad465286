"""``lmdesk pk`` (CSF curves and metrics for a dose or a schedule) and ``lmdesk pk validate``."""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.cli.parser import positive_float
from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.never_it import refuse_never_it
from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.compartments import COMPARTMENT_LABELS, COMPARTMENTS
from lmdesk.models.pk.request import PkRequest, report, run
from lmdesk.models.pk.validation import (
    STATUS_LABELS,
    TOLERANCE,
    WORST,
    Tally,
    ValidationResult,
    evaluate_all,
    is_depot_case,
    tally,
)
from lmdesk.models.pk.what_if import DANGER_CODES, DISCONTINUED
from lmdesk.models.scheduling.routes import it_route_label
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.pk_repo import PkRepository
from lmdesk.store.protocol_repo import ProtocolRepository


def hour_list(text: str) -> list[float]:
    """``0,72,168`` -> hours; argparse type (bad input exits 2 with one line)."""
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("dose times must be hours like 0,72,168")) from exc
    if not values or any(not math.isfinite(v) or v < 0 for v in values):
        raise argparse.ArgumentTypeError(_("dose times must be hours like 0,72,168"))
    return values


def fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("the flow fraction must be between 0 and 1")) from exc
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(_("the flow fraction must be between 0 and 1"))
    return value


def register(sub: Any) -> None:
    p = sub.add_parser("pk", help=_("CSF concentration curves of an intrathecal dose"))
    p.add_argument("action", nargs="?", choices=["validate"], help=_("compare with published data"))
    p.add_argument("--drug", help=_("drug id or name"))
    p.add_argument("--dose", type=positive_float, help=_("dose per injection, mg"))
    p.add_argument("--route", choices=["lp", "ommaya"], help=_("lp (lumbar) or ommaya"))
    p.add_argument("--times", type=hour_list, default=[0.0], help=_("dose times in hours: 0,72"))
    p.add_argument("--hours", type=positive_float, help=_("hours to simulate (default 48)"))
    p.add_argument(
        "--flow-fraction", type=fraction, default=1.0, help=_("CSF flow, 1 normal to 0 blocked")
    )
    p.add_argument(
        "--block-site", choices=["spinal", "skull_base"], default="spinal", help=_("block site")
    )
    p.add_argument(
        "--step-min",
        type=positive_float,
        help=_("grid step in minutes (default 1, 10 beyond a week)"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument(
        "--markdown", action="store_true", help=_("validate: print the table as Markdown")
    )
    p.set_defaults(handler=cmd_pk)


def cmd_pk(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.action == "validate":
        return cmd_validate(args, ctx)
    needed = (("--drug", args.drug), ("--dose", args.dose), ("--route", args.route))
    missing = [flag for flag, value in needed if value is None]
    if missing:
        raise BadInputError(_("lmdesk pk needs {flags}.").format(flags=", ".join(missing)))
    catalog = DrugRepository(ctx.reference).catalog()
    card = catalog.get(args.drug) or catalog.resolve(args.drug)
    drug_id = card.id if card is not None else args.drug
    hours = args.hours if args.hours is not None else max(48.0, max(args.times) + 48.0)
    step_min = args.step_min if args.step_min is not None else (1.0 if hours <= 168 else 10.0)
    request = PkRequest(
        step_h=step_min / 60.0,
        drug_id=drug_id,
        dose_mg=args.dose,
        route=args.route,
        times_h=tuple(sorted(args.times)),
        hours=hours,
        flow_fraction=args.flow_fraction,
        block_site=args.block_site,
    )
    refuse_never_it(args.drug, catalog)  # the typed name too, before anything else
    pk = PkRepository(ctx.reference).load()
    names = {}  # drug names in the user's language, for the product warnings
    for drug_id in pk.drugs:
        found = catalog.get(drug_id)
        if found is not None:
            names[drug_id] = found.name(current_language())
    result = run(request, pk, catalog, ProtocolRepository(ctx.reference).limits(), None, names)
    if args.json:
        emit_json(report(result))
        return 0
    name = card.name(current_language()) if card is not None else result.drug.drug_id
    if result.drug.depot is not None:
        heading = _("{drug} {dose:g} mg by {route}; free {released} concentrations in mg/L")
    else:
        heading = _("{drug} {dose:g} mg by {route}; concentrations in mg/L")
    emit(
        heading.format(
            drug=name,
            dose=request.dose_mg,
            route=_route_text(request.route),
            released=names.get(result.drug.depot.released, result.drug.depot.released)
            if result.drug.depot is not None
            else "",
        )
    )
    danger = [f for f in result.findings if f.code in DANGER_CODES | {DISCONTINUED}]
    for finding in danger:  # before the numbers, so nobody reads them as an order
        emit(_("WARNING: {message}").format(message=finding.message))
    rows = []
    for name in COMPARTMENTS:
        m = result.metrics[name]
        above = "—" if m.time_above_threshold_h is None else f"{m.time_above_threshold_h:.1f} h"
        rows.append(
            [
                _(COMPARTMENT_LABELS[name]),
                f"{m.cmax:.4g}",
                f"{m.tmax_h:.2f} h",
                f"{m.auc:.4g}",
                above,
            ]
        )
    emit(
        table(
            rows,
            [_("compartment"), "Cmax (mg/L)", "Tmax", "AUC (mg·h/L)", _("time above threshold")],
        )
    )
    if result.drug.threshold is None:
        emit(_("Threshold: no published threshold."))
    else:
        thr = result.drug.threshold
        emit(
            _("Threshold: {value:g} {unit} [{source}]").format(
                value=thr.value, unit=thr.unit, source=", ".join(thr.source)
            )
        )
    for finding in result.findings:
        if finding not in danger:
            emit(finding.message)
    emit(_("Model estimate; it supports, not replaces, clinical judgement and your protocol."))
    return 0


def _route_text(route: str) -> str:
    return it_route_label(route)


def cmd_validate(args: argparse.Namespace, ctx: AppContext) -> int:
    pk = PkRepository(ctx.reference).load()
    results = evaluate_all(list(pk.cases), pk.physiology, pk.drugs, pk.transit)
    if args.json:
        emit_json(
            {
                "cases": [
                    {
                        "case": r.case.id,
                        "label": r.case.label,
                        "source": list(r.case.source),
                        "observed": r.case.observed,
                        "observed_high": r.case.observed_high,
                        "predicted": r.predicted,
                        "ratio": r.ratio,
                        "unit": r.case.unit,
                        "status": r.status,
                        "calibration": r.case.calibration,
                        "depot": is_depot_case(r.case, pk.drugs),
                    }
                    for r in results
                ],
                "summary": {
                    name: {**asdict(counts), "independent": counts.independent}
                    for name, counts in _groups(results, pk.drugs).items()
                },
            }
        )
        return 0
    headers = [_("case"), _("source"), _("observed"), _("predicted"), _("ratio"), _("status")]
    rows = [_row(r) for r in results]
    if args.markdown:  # the table of docs/pk-model.md
        emit("| " + " | ".join(headers) + " |")
        emit("|" + " --- |" * len(headers))
        for row in rows:
            emit("| " + " | ".join(row) + " |")
    else:
        emit(table(rows, headers))
    groups = _groups(results, pk.drugs)
    emit(_summary(_("Free drugs and tracer"), groups["free"]))
    emit(_summary(_("Liposomal cytarabine (slow-release depot)"), groups["depot"]))
    emit(_summary(_("All modelled cases"), groups["all"]))
    emit(
        _(
            "Calibration cases agree by construction; only the independent ones test the model. "
            "See docs/pk-model.md."
        )
    )
    return 0


def _groups(results: list[ValidationResult], drugs: dict[str, Any]) -> dict[str, Tally]:
    depot = [r for r in results if is_depot_case(r.case, drugs)]
    free = [r for r in results if not is_depot_case(r.case, drugs)]
    return {"free": tally(free), "depot": tally(depot), "all": tally(results)}


def _summary(title: str, counts: Tally) -> str:
    return _(
        "{title}: {ok} of {n} within a factor of {tol:g}, {beyond} beyond a factor of "
        "{worst:g}; independent (not calibration): {ind_ok} of {ind} within."
    ).format(
        title=title,
        ok=counts.within,
        n=counts.cases,
        tol=TOLERANCE,
        beyond=counts.beyond_worst,
        worst=WORST,
        ind_ok=counts.independent_within,
        ind=counts.independent,
    )


def _row(r: ValidationResult) -> list[str]:
    case = r.case
    if case.observed is None:
        observed = "—"
    elif case.observed_high is not None:
        observed = f"{case.observed:g}–{case.observed_high:g} {case.unit}"
    else:
        prefix = {"peak_at_least": "> ", "tmax_at_most": "≤ "}.get(case.kind, "")
        observed = f"{prefix}{case.observed:g} {case.unit}"
    if r.predicted is None:
        predicted = "—"
    elif math.isfinite(r.predicted):
        shown = f"{r.predicted:.0f}" if r.predicted >= 1000 else f"{r.predicted:.3g}"
        predicted = f"{shown} {case.unit}"
    else:
        predicted = _("not reached")
    ratio = "—" if r.ratio is None else (f"{r.ratio:.2f}" if math.isfinite(r.ratio) else "∞")
    status = _(STATUS_LABELS[r.status]) + (" " + _("(calibration)") if case.calibration else "")
    return [case.id, ", ".join(case.source), observed, predicted, ratio, status]
