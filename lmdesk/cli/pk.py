"""``lmdesk pk`` (CSF curves and metrics for a dose or a schedule) and ``lmdesk pk validate``."""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict
from typing import Any

import numpy as np

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.cli.parser import positive_float
from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.never_it import refuse_never_it
from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.compartments import COMPARTMENT_LABELS, COMPARTMENTS
from lmdesk.models.pk.loso import (
    OutOfSample,
    apply,
    calibration_set,
    fit,
    out_of_sample,
    primary_source,
    refit_all,
)
from lmdesk.models.pk.request import PkRequest, report, run
from lmdesk.models.pk.source_band import SourceBand
from lmdesk.models.pk.validation import (
    STATUS_LABELS,
    TOLERANCE,
    WORST,
    Tally,
    ValidationCase,
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
    p.add_argument(
        "action",
        nargs="?",
        choices=["validate", "refit"],
        help=_("validate: compare with published data; refit: rerun the fits (minutes)"),
    )
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
    if args.action == "refit":
        return cmd_refit(ctx)
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
    limits = ProtocolRepository(ctx.reference).limits()
    result = run(request, pk, catalog, limits, None, names, with_source_band=True)
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
    if result.band is not None:
        emit(_band_text(result.band, hours))
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


def _plain(value: float) -> str:
    """Three significant digits without an exponent (1180, 0.4, 0.000012)."""
    if value >= 999.5:
        return f"{value:.0f}"
    if value == 0 or value >= 0.001:
        return f"{value:.3g}"
    return str(np.format_float_positional(value, precision=2, fractional=False))


def _band_text(band: SourceBand, hours: float) -> str:
    """The ranges the sources leave open, as a second table under the curves' metrics."""
    rows = [
        [
            _(COMPARTMENT_LABELS[name]),
            f"{_plain(band.cmax[0][i])}–{_plain(band.cmax[1][i])}",
            f"{_plain(band.auc[0][i])}–{_plain(band.auc[1][i])}",
            f"{_plain(band.last[0][i])}–{_plain(band.last[1][i])}",
        ]
        for i, name in enumerate(COMPARTMENTS)
    ]
    title = _(
        "What the sources leave open: lowest–highest over {n} fits (the calibration fit and "
        "each refit leaving one source out)"
    ).format(n=band.fits)
    at_end = _("at {hours:g} h (mg/L)").format(hours=hours)
    return title + "\n" + table(rows, [_("compartment"), "Cmax (mg/L)", "AUC (mg·h/L)", at_end])


def _route_text(route: str) -> str:
    return it_route_label(route)


def cmd_validate(args: argparse.Namespace, ctx: AppContext) -> int:
    pk = PkRepository(ctx.reference).load()
    results = evaluate_all(list(pk.cases), pk.physiology, pk.drugs, pk.transit)
    held = out_of_sample(list(pk.cases), pk.physiology, pk.drugs, pk.transit, pk.refits)
    calib = calibration_set(pk.cases, pk.drugs)
    calib_sources = sorted({primary_source(c) for c in calib})
    groups = _groups(results, held, pk.drugs)
    if args.json:
        emit_json(
            {
                "calibration_set": {
                    "cases": [c.id for c in calib],
                    "sources": calib_sources,
                },
                "cases": [_json_case(r, o, pk.drugs) for r, o in zip(results, held, strict=True)],
                "summary": {
                    name: {**asdict(counts), "independent": counts.independent}
                    for name, counts in groups.items()
                },
            }
        )
        return 0
    emit(
        _("Calibration set: {n} cases from {k} sources ({sources}), fitted jointly.").format(
            n=len(calib), k=len(calib_sources), sources=", ".join(calib_sources)
        )
    )
    headers = [
        _("case"),
        _("source"),
        _("observed"),
        _("calibration fit"),
        _("ratio"),
        _("source left out"),
        _("ratio"),
        _("status (left out)"),
    ]
    rows = [_row(r, o, is_depot_case(r.case, pk.drugs)) for r, o in zip(results, held, strict=True)]
    if args.markdown:  # the table of docs/pk-model.md
        emit("| " + " | ".join(headers) + " |")
        emit("|" + " --- |" * len(headers))
        for row in rows:
            emit("| " + " | ".join(row) + " |")
    else:
        emit(table(rows, headers))
    emit(_summary(_("Calibration fit (in sample), free drugs and tracer"), groups["fit_free"]))
    emit(_summary(_("Leave-one-source-out (out of sample), free drugs and tracer"), groups["free"]))
    emit(_summary(_("Liposomal cytarabine (depot parameters not refitted)"), groups["depot"]))
    emit(_summary(_("All modelled cases, out of sample"), groups["all"]))
    emit(
        _(
            "Only the leave-one-source-out figures are validation: each is predicted by the "
            "model refitted without its own source. See docs/pk-model.md."
        )
    )
    return 0


def cmd_refit(ctx: AppContext) -> int:
    """Rerun the joint fit and the leave-one-source-out refits; print them as TOML.

    The fitted values go into physiology.toml / drugs.toml / validation.toml by hand (the
    sources stay reviewed text); tests check that the shipped values are the optimum.
    """
    pk = PkRepository(ctx.reference).load()
    calib = calibration_set(pk.cases, pk.drugs)
    best, value = fit(pk.physiology, pk.drugs, pk.transit, calib)
    emit(f"# calibration fit, objective {value:.4f}")
    emit(_toml_values(best))
    phys, drugs, rule = apply(pk.physiology, pk.drugs, pk.transit, best)
    for source, values in refit_all(phys, drugs, rule, pk.cases).items():
        emit(f'\n[[refit]]\nleft_out = "{source}"')
        emit("values = " + _toml_values(values).replace("\n", ", ").join("{}"))
    return 0


def _toml_values(values: dict[str, float]) -> str:
    """Full precision: the objective is not smooth, so a rounded optimum may not be one."""
    return "\n".join(f'"{name}" = {float(value)!r}' for name, value in values.items())


def _json_case(r: ValidationResult, o: OutOfSample, drugs: dict[str, Any]) -> dict[str, Any]:
    return {
        "case": r.case.id,
        "label": r.case.label,
        "source": list(r.case.source),
        "observed": r.case.observed,
        "observed_high": r.case.observed_high,
        "unit": r.case.unit,
        "calibration": r.case.calibration,
        "depot": is_depot_case(r.case, drugs),
        "predicted": r.predicted,
        "ratio": r.ratio,
        "status": r.status,
        "left_out": {
            "source": o.left_out,
            "refit": o.refit,
            "predicted": o.result.predicted,
            "ratio": o.result.ratio,
            "status": o.result.status,
        },
    }


def _groups(
    results: list[ValidationResult], held: list[OutOfSample], drugs: dict[str, Any]
) -> dict[str, Tally]:
    outside = [o.result for o in held]
    depot = [r for r in outside if is_depot_case(r.case, drugs)]
    free = [r for r in outside if not is_depot_case(r.case, drugs)]
    fit_free = [r for r in results if not is_depot_case(r.case, drugs)]
    return {
        "fit_free": tally(fit_free),
        "free": tally(free),
        "depot": tally(depot),
        "all": tally(outside),
    }


def _summary(title: str, counts: Tally) -> str:
    return _(
        "{title}: {ok} of {n} within a factor of {tol:g}, {within3} within {worst:g}, "
        "{beyond} beyond a factor of {worst:g}."
    ).format(
        title=title,
        ok=counts.within,
        n=counts.cases,
        tol=TOLERANCE,
        within3=counts.cases - counts.beyond_worst,
        beyond=counts.beyond_worst,
        worst=WORST,
    )


def _value(case: ValidationCase, predicted: float | None) -> str:
    if predicted is None:
        return "—"
    if not math.isfinite(predicted):
        return _("not reached")
    shown = f"{predicted:.0f}" if predicted >= 1000 else f"{predicted:.3g}"
    return _with_unit(shown, case.unit)


def _with_unit(number: str, unit: str) -> str:
    """A number and its unit; a ratio (unit "1") stands alone."""
    return number if unit in ("", "1") else f"{number} {unit}"


def _ratio_text(ratio: float | None) -> str:
    return "—" if ratio is None else (f"{ratio:.2f}" if math.isfinite(ratio) else "∞")


def _row(r: ValidationResult, o: OutOfSample, depot: bool) -> list[str]:
    case = r.case
    if case.observed is None:
        observed = "—"
    elif case.observed_high is not None:
        observed = _with_unit(f"{case.observed:g}–{case.observed_high:g}", case.unit)
    else:
        prefix = {"peak_at_least": "> ", "level_at_least": "≥ ", "tmax_at_most": "≤ "}
        observed = _with_unit(f"{prefix.get(case.kind, '')}{case.observed:g}", case.unit)
    left = o.result
    status = _(STATUS_LABELS[left.status])
    if left.within is not None and depot:
        status += " " + _("(depot parameters not refitted)")
    elif left.within is not None and not o.refit:
        status += " " + _("(no parameter from this source)")
    return [
        case.id,
        ", ".join(case.source),
        observed,
        _value(case, r.predicted),
        _ratio_text(r.ratio),
        _value(case, left.predicted),
        _ratio_text(left.ratio),
        status,
    ]
