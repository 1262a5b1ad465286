"""``lmdesk assess add|list|show|baseline|retract|report`` (issue 13): response assessment.

Flags are read into a plain dict and handed to ``models.response`` (validation, completeness,
comparison) and ``store.assessment_repo`` (saving); the summary PDF is rendered by
``lmdesk.printing`` (Qt), imported only when a report is made.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.cli.parser import iso_date, positive_int
from lmdesk.cli.signin import user_option
from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.finding import level_label
from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.response.completeness import GROUP_LABELS, check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.csf import CYTOLOGY_LABELS
from lmdesk.models.response.dates import course_start
from lmdesk.models.response.describe import comparison_rows, markers_text, overall_lines
from lmdesk.models.response.export import assessment_json
from lmdesk.models.response.imaging import SCORECARD_ITEMS
from lmdesk.models.response.neuro import NANO_MEDICATIONS, NEURO_ITEMS
from lmdesk.models.response.texts import day_text
from lmdesk.models.sheet.text import SHEET_LANGUAGES
from lmdesk.models.users.rights import Action
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.course_repo import CourseRepository

_MARKER = re.compile(
    r"^\s*(?P<name>[^=]+?)\s*=\s*(?P<value>[0-9]+(?:\.[0-9]+)?)(?![0-9.])\s*(?P<unit>\S.*)$"
)
_NODULE = re.compile(
    r"^(?P<site>brain|spine):(?P<d1>[0-9]+(?:\.[0-9]+)?)x(?P<d2>[0-9]+(?:\.[0-9]+)?)"
    r"(?::(?P<near>near|far))?$"
)


def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


def _add_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--course", type=positive_int, required=True, metavar="ID")
    p.add_argument("--date", type=iso_date, required=True, help=_("assessment date (YYYY-MM-DD)"))
    p.add_argument("--baseline", action="store_true", help=_("make this the course's baseline"))
    p.add_argument("--kps", type=int, help=_("Karnofsky 0-100 in steps of 10"))
    p.add_argument("--ecog", type=int, help=_("ECOG 0-5"))
    for item in NEURO_ITEMS:
        p.add_argument(_flag(item.key), dest=f"neuro_{item.key}", choices=item.codes)
    p.add_argument("--neuro-other", default="", help=_("other neurological findings"))
    p.add_argument("--neuro-vs-baseline", choices=("improved", "stable", "worse"))
    p.add_argument("--nano", action="append", default=[], metavar="DOMAIN=0|1|2")
    for med in NANO_MEDICATIONS:
        p.add_argument(_flag(med), dest=f"med_{med}", choices=("yes", "no"))
    p.add_argument("--medication-note", default="")
    p.add_argument("--cytology", choices=("positive", "negative", "suspicious", "not-done"))
    p.add_argument("--csf-volume", metavar="ML", help=_("CSF volume sent for cytology, mL"))
    p.add_argument(
        "--marker", action="append", default=[], metavar="NAME=VALUE UNIT", help="CEA=12.5 ng/mL"
    )
    p.add_argument("--no-marker", action="store_true", help=_("no CSF tumour marker measured"))
    p.add_argument("--mri", choices=("yes", "no"), help=_("contrast MRI of the neuraxis done"))
    p.add_argument("--mri-type", choices=("A", "B", "C", "D"))
    for key in SCORECARD_ITEMS:
        p.add_argument(_flag(key), dest=f"mri_{key}", choices=("present", "absent", "ne"))
        p.add_argument(
            _flag(key) + "-change",
            dest=f"change_{key}",
            choices=("improved", "no-change", "worse"),
        )
    p.add_argument("--lm-response", choices=("CR", "PR", "SD", "PD", "NE"))
    p.add_argument("--parenchymal", choices=("CR", "PR", "SD", "PD"))
    p.add_argument("--imaging", choices=("improved", "stable", "progressive"))
    p.add_argument("--nodule", action="append", default=[], metavar="SITE:D1xD2[:near|far]")
    p.add_argument("--symptoms", metavar="LIST", help=_("comma-separated, or 'none'"))
    p.add_argument("--other-symptoms", default="")
    p.add_argument("--note", default="")
    p.add_argument("--conclusion", default="", help=_("the clinician's conclusion"))
    p.add_argument("--json", action="store_true")


def register(sub: Any) -> None:
    p = sub.add_parser("assess", help=_("response assessments of IT courses"))
    inner = p.add_subparsers(dest="assess_command", metavar="ACTION", required=True)
    a = inner.add_parser("add", help=_("record an assessment on a course"))
    _add_flags(a)
    user_option(a, Action.RECORD)
    a.set_defaults(handler=cmd_add)
    a = inner.add_parser("list", help=_("a course's assessments"))
    a.add_argument("--course", type=positive_int, required=True, metavar="ID")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_list)
    a = inner.add_parser("show", help=_("one assessment and its change from the baseline"))
    a.add_argument("id", type=positive_int)
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_show)
    a = inner.add_parser("baseline", help=_("make an assessment its course's baseline"))
    a.add_argument("id", type=positive_int)
    user_option(a, Action.RECORD)
    a.set_defaults(handler=cmd_baseline)
    a = inner.add_parser("retract", help=_("retract an assessment entered by mistake"))
    a.add_argument("id", type=positive_int)
    a.add_argument("--reason", required=True)
    user_option(a, Action.RECORD)
    a.set_defaults(handler=cmd_retract)
    a = inner.add_parser("report", help=_("one-page response summary of a course (PDF)"))
    a.add_argument("--course", type=positive_int, required=True, metavar="ID")
    a.add_argument("--pdf", required=True, metavar="OUT.pdf")
    a.add_argument("--lang", dest="report_lang", choices=SHEET_LANGUAGES)
    a.add_argument("--json", action="store_true")
    user_option(a, Action.RECORD)
    a.set_defaults(handler=cmd_report)


# -- flags -> raw assessment ------------------------------------------------------------


def _pairs(values: list[str], what: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for text in values:
        key, sep, value = text.partition("=")
        if not sep:
            raise BadInputError(
                _("{what}: expected KEY=VALUE, got {text!r}").format(what=what, text=text)
            )
        found[key.strip()] = value.strip()
    return found


def _markers(values: list[str]) -> list[dict[str, str]]:
    markers = []
    for text in values:
        match = _MARKER.match(text)
        if match is None:
            raise BadInputError(
                _(
                    "--marker: expected NAME=VALUE UNIT (e.g. 'CEA=12.5 ng/mL'), got {text!r}"
                ).format(text=text)
            )
        markers.append(match.groupdict())
    return markers


def _nodules(values: list[str]) -> list[dict[str, Any]]:
    nodules = []
    for text in values:
        match = _NODULE.match(text.strip())
        if match is None:
            raise BadInputError(
                _(
                    "--nodule: expected SITE:D1xD2[:near|far] in mm (e.g. brain:6x7:near), "
                    "got {text!r}"
                ).format(text=text)
            )
        near = match["near"]
        nodules.append(
            {
                "site": match["site"],
                "d1_mm": match["d1"],
                "d2_mm": match["d2"],
                "near_leptomeninges": None if near is None else near == "near",
            }
        )
    return nodules


def _symptoms(text: str | None) -> list[str] | None:
    if text is None:
        return None
    if text.strip().lower() == "none":
        return []
    return [s.strip().replace("-", "_") for s in text.split(",") if s.strip()]


def raw_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The assessment exactly as the flags give it (validated by the model, not here)."""
    mri_done = None if args.mri is None else args.mri == "yes"
    nano = _pairs(args.nano, "--nano")
    try:
        nano_scores = {k: int(v) for k, v in nano.items()}
    except ValueError:
        raise BadInputError(_("--nano: scores are 0, 1 or 2.")) from None
    return {
        "course_id": args.course,
        "assessed_on": args.date,
        "kps": args.kps,
        "ecog": args.ecog,
        "neuro": {
            i.key: getattr(args, f"neuro_{i.key}")
            for i in NEURO_ITEMS
            if getattr(args, f"neuro_{i.key}") is not None
        },
        "neuro_other": args.neuro_other,
        "neuro_rating": args.neuro_vs_baseline,
        "nano": nano_scores,
        "medications": {
            m: getattr(args, f"med_{m}")
            for m in NANO_MEDICATIONS
            if getattr(args, f"med_{m}") is not None
        },
        "medication_note": args.medication_note,
        "csf": {
            "cytology": None if args.cytology is None else args.cytology.replace("-", "_"),
            "volume_ml": args.csf_volume,
            "markers": _markers(args.marker),
            "markers_not_measured": args.no_marker,
        },
        "mri": {
            "done": mri_done,
            "mri_type": args.mri_type,
            "items": {
                k: getattr(args, f"mri_{k}")
                for k in SCORECARD_ITEMS
                if getattr(args, f"mri_{k}") is not None
            },
            "changes": {
                k: getattr(args, f"change_{k}").replace("-", "_")
                for k in SCORECARD_ITEMS
                if getattr(args, f"change_{k}") is not None
            },
            "lm_response": args.lm_response,
            "parenchymal": args.parenchymal,
            "rano_grade": args.imaging,
            "nodules": _nodules(args.nodule),
        },
        "symptoms": _symptoms(args.symptoms),
        "other_symptoms": args.other_symptoms,
        "note": args.note,
        "clinician_conclusion": args.conclusion,
    }


# -- commands ---------------------------------------------------------------------------


def _context(ctx: AppContext, course_id: int) -> tuple[CourseResponse, Any]:
    course = CourseRepository(ctx.patients).get(course_id)
    return CourseResponse.of(AssessmentRepository(ctx.patients).for_course(course_id)), course


def _json(a: Assessment, ctx: AppContext) -> dict[str, Any]:
    response, course = _context(ctx, a.course_id)
    return assessment_json(a, response.role(a), course_start(course), response.comparison(a))


def _show_text(a: Assessment, ctx: AppContext) -> None:
    response, course = _context(ctx, a.course_id)
    role = response.role(a)
    head = _("Baseline assessment") if role == "baseline" else _("Follow-up assessment")
    emit(
        _("{head} {id}, course {course}, {day}").format(
            head=head, id=a.id, course=a.course_id, day=day_text(a.assessed_on)
        )
    )
    if not a.is_active:
        emit(_("retracted: {reason}").format(reason=a.retract_reason))
    completeness = check_completeness(a, role)
    answered, total = completeness.summary()
    emit(
        _("Completeness: {answered} of {total} items answered").format(
            answered=answered, total=total
        )
    )
    for item in completeness.missing:
        emit(
            _("  missing: {group}: {item}").format(
                group=_(GROUP_LABELS[item.group]), item=_(item.label)
            )
        )
    data = assessment_json(a, role, course_start(course), None)
    for n in data["notes"]:
        emit(f"  {level_label(n['level'])}: {n['message']} [{n['source']}]")
    comparison = response.comparison(a)
    if comparison is None:
        return
    emit(
        _("Compared with the baseline of {day} ({days} days earlier):").format(
            day=day_text(comparison.baseline.assessed_on), days=comparison.days
        )
    )
    rows = [
        [r.label, r.baseline, r.current, r.change, r.source] for r in comparison_rows(comparison, _)
    ]
    emit(table(rows, [_("component"), _("baseline"), _("now"), _("change"), _("source")]))
    for n in comparison.notes:
        emit(f"  {level_label(n.level)}: {n.text(_)} [{n.citation}]")
    for line in overall_lines(comparison.overall, _):
        emit(line)


def cmd_add(args: argparse.Namespace, ctx: AppContext) -> int:
    assessment = parse_assessment(raw_from_args(args))
    saved = AssessmentRepository(ctx.patients).add(assessment, as_baseline=args.baseline)
    if args.json:
        emit_json(_json(saved, ctx))
    else:
        emit(_("Saved assessment {id}.").format(id=saved.id))
        _show_text(saved, ctx)
    return 0


def cmd_list(args: argparse.Namespace, ctx: AppContext) -> int:
    response, course = _context(ctx, args.course)
    if args.json:
        emit_json(
            [
                assessment_json(a, response.role(a), course_start(course), response.comparison(a))
                for a in response.assessments
            ]
        )
        return 0
    rows = []
    for a in response.assessments:
        role = response.role(a)
        answered, total = check_completeness(a, role).summary()
        comparison = response.comparison(a)
        rows.append(
            [
                str(a.id),
                day_text(a.assessed_on),
                _("baseline") if role == "baseline" else _("follow-up"),
                "" if a.kps is None else str(a.kps),
                "" if a.ecog is None else str(a.ecog),
                _(CYTOLOGY_LABELS[a.csf.cytology]) if a.csf.cytology else "",
                markers_text(a),
                f"{answered}/{total}",
                _("clinician decides")
                if comparison and comparison.overall.kind == "clinician_decides"
                else (_("LM progression") if comparison else ""),
            ]
        )
    if not rows:
        emit(_("No assessments on course {id}.").format(id=args.course))
        return 0
    headers = [
        _("id"),
        _("date"),
        _("role"),
        "KPS",
        "ECOG",
        _("cytology"),
        _("CSF marker"),
        _("answered"),
        _("overall"),
    ]
    emit(table(rows, headers))
    return 0


def cmd_show(args: argparse.Namespace, ctx: AppContext) -> int:
    assessment = AssessmentRepository(ctx.patients).get(args.id)
    if args.json:
        emit_json(_json(assessment, ctx))
    else:
        _show_text(assessment, ctx)
    return 0


def cmd_baseline(args: argparse.Namespace, ctx: AppContext) -> int:
    repo = AssessmentRepository(ctx.patients)
    saved = repo.set_baseline(repo.get(args.id))
    emit(
        _("Assessment {id} ({day}) is now the baseline of course {course}.").format(
            id=saved.id, day=day_text(saved.assessed_on), course=saved.course_id
        )
    )
    return 0


def cmd_retract(args: argparse.Namespace, ctx: AppContext) -> int:
    repo = AssessmentRepository(ctx.patients)
    saved = repo.retract(repo.get(args.id), args.reason)
    emit(_("Assessment {id} retracted.").format(id=saved.id))
    return 0


def cmd_report(args: argparse.Namespace, ctx: AppContext) -> int:
    from lmdesk.printing.report_service import ReportService

    service = ReportService(ctx)
    out = Path(args.pdf)
    result = service.export_pdf(args.course, out, args.report_lang)
    if args.json:
        emit_json(
            {
                "pdf": str(out),
                "pages": result.pages,
                "sha256": result.sha256,
                "course_id": args.course,
                "language": result.language,
            }
        )
    else:
        emit(_("Wrote {path} ({pages} pages).").format(path=out, pages=result.pages))
    return 0
