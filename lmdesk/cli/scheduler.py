"""``lmdesk protocols | plan | patient add|list | course add|show`` (issue 4)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, emit_note, table
from lmdesk.cli.parser import iso_date, positive_float, positive_int
from lmdesk.cli.signin import user_option
from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.never_it import refuse_never_it
from lmdesk.models.errors import BadInputError
from lmdesk.models.finding import Finding, level_label
from lmdesk.models.local_time import local_time_caption, local_time_text
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.dose_safety import require_reason
from lmdesk.models.scheduling.labels import (
    checks_text,
    course_status_text,
    details_text,
    phase_text,
    protocol_status_text,
    routes_short_text,
    status_text,
    weekday_date,
)
from lmdesk.models.scheduling.open_schedule import require_confirmed_schedule
from lmdesk.models.scheduling.placement import (
    COURSE_SHIFTED,
    MOVED_BY_CALENDAR,
    MOVED_BY_INTERVAL,
    MOVED_BY_OTHER_COURSE,
)
from lmdesk.models.scheduling.planning import (
    Plan,
    PlanOptions,
    adhoc_protocol,
    drug_names,
    plan_course,
)
from lmdesk.models.scheduling.protocol import Protocol, drug_name_in
from lmdesk.models.scheduling.routes import it_route_label
from lmdesk.models.sheet.build import SEXES
from lmdesk.models.users.rights import Action
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.scheduler_context import SchedulerStores, resolve_it_drug


def stores(ctx: AppContext) -> SchedulerStores:
    return SchedulerStores(ctx.reference, ctx.patients)


def _date_list(text: str) -> frozenset[date]:
    try:
        return frozenset(date.fromisoformat(t.strip()) for t in text.split(",") if t.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a list of dates (YYYY-MM-DD,...): {value!r}").format(value=text)
        ) from None


def _plan_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--start", type=iso_date, required=True, help=_("first day (YYYY-MM-DD)"))
    p.add_argument("--dose", type=positive_float, help=_("dose per injection in mg"))
    p.add_argument("--route", choices=("lp", "ommaya"))
    p.add_argument("--reason", default="", help=_("why a dose above the usual range"))
    p.add_argument("--no-weekends", action="store_true", help=_("move sessions off weekends"))
    p.add_argument(
        "--avoid-holidays", action="store_true", help=_("move sessions off the holiday list")
    )
    p.add_argument("--maintenance-count", type=int, help=_("maintenance sessions to show"))
    p.add_argument("--horizon", type=iso_date, help=_("show maintenance up to this date"))
    p.add_argument(
        "--every", type=positive_int, help=_("interval in days where the sources leave it open")
    )
    p.add_argument(
        "--count",
        type=positive_int,
        help=_(
            "number of doses (of cycles, where a cycle holds several doses) where the sources "
            "leave it open"
        ),
    )
    p.add_argument(
        "--confirm-default",
        action="store_true",
        help=_("confirm the default schedule planned where the sources leave it open"),
    )
    p.add_argument(
        "--mri-every-weeks", type=positive_int, help=_("reassessment MRI interval in weeks")
    )
    p.add_argument(
        "--systemic-chemo",
        type=_date_list,
        default=frozenset(),
        help=_("systemic chemotherapy days, comma-separated"),
    )
    p.add_argument("--json", action="store_true")


def register(sub: Any) -> None:
    p = sub.add_parser("protocols", help=_("list IT protocol templates"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_protocols)

    p = sub.add_parser("plan", help=_("plan a course without saving it"))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--protocol", help=_("protocol id"))
    which.add_argument("--drug", help=_("drug name (any language) for an ad-hoc plan"))
    _plan_flags(p)
    p.set_defaults(handler=cmd_plan)

    patient = sub.add_parser("patient", help=_("patients"))
    psub = patient.add_subparsers(dest="patient_command", metavar="ACTION", required=True)
    p = psub.add_parser("add", help=_("add a patient"))
    p.add_argument("--mrn", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--sex", choices=("F", "M"))
    p.add_argument("--birth", type=iso_date)
    p.add_argument("--json", action="store_true")
    user_option(p, Action.RECORD)
    p.set_defaults(handler=cmd_patient_add)
    p = psub.add_parser("list", help=_("list or search patients (MRN or name)"))
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_list)

    course = sub.add_parser("course", help=_("IT courses"))
    csub = course.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    p = csub.add_parser("add", help=_("plan and save a course for a patient"))
    p.add_argument("--mrn", required=True)
    p.add_argument("--protocol", required=True)
    _plan_flags(p)
    user_option(p, Action.PLAN_COURSE)
    p.set_defaults(handler=cmd_course_add)
    p = csub.add_parser("show", help=_("show a course"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_course_show)
    p = csub.add_parser("history", help=_("a course's audit trail, in local time"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_course_history)


# -- protocols --------------------------------------------------------------------------


def protocol_json(p: Protocol) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name_en,
        "name_zh": p.name_zh,
        "drug": p.drug,
        "route": list(p.routes),
        "dose_mg": {"min": p.dose.min_mg, "max": p.dose.max_mg, "default": p.dose.default_mg},
        "status": p.status,
        "source": p.source_text(),
        "unconfirmed": list(p.unconfirmed),
    }


def drug_text(drug: str, protocol: Protocol, s: SchedulerStores) -> str:
    """A drug card id as the reader names the drug (the id where the card is unknown)."""
    return drug_name_in(drug, drug_names(protocol, s.catalog), current_language())


def cmd_protocols(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    protocols = s.protocols.list()
    if args.json:
        emit_json([protocol_json(p) for p in protocols])
        return 0
    rows = [
        [
            p.id,
            drug_text(p.drug, p, s),
            routes_short_text(p.routes),
            f"{p.dose.min_mg:g}-{p.dose.max_mg:g} mg",
            protocol_status_text(p.status),
            p.source_text(),
        ]
        for p in protocols
    ]
    emit(table(rows, [_("id"), _("drug"), _("IT route"), _("dose"), _("status"), _("source")]))
    return 0


# -- plan -------------------------------------------------------------------------------


def _options(
    args: argparse.Namespace, s: SchedulerStores, patient: Patient | None = None
) -> PlanOptions:
    holidays = frozenset(s.courses.holidays()) if args.avoid_holidays else frozenset()
    if args.maintenance_count is not None and args.maintenance_count < 0:
        raise BadInputError(_("--maintenance-count must be 0 or more."))
    return PlanOptions(
        start=args.start,
        route=args.route,
        dose_mg=args.dose,
        dose_reason=args.reason,
        calendar=ScheduleCalendar(avoid_weekends=args.no_weekends, holidays=holidays),
        maintenance_count=args.maintenance_count,
        horizon=args.horizon,
        every_days=args.every,
        count=args.count,
        mri_every_weeks=args.mri_every_weeks,
        systemic_chemo_dates=args.systemic_chemo,
        csf_flow=patient.csf_flow if patient else None,
        has_ommaya=patient.has_ommaya if patient else None,
        other_it_dates=s.courses.other_it_dates(patient.mrn) if patient else frozenset(),
        confirm_default_schedule=args.confirm_default,
    )


def _adhoc(args: argparse.Namespace, s: SchedulerStores) -> Protocol:
    """``plan --drug``: the never-IT rule speaks before anything else is looked at."""
    if not (args.drug or "").strip():  # e.g. --protocol '' (empty, so not a protocol either)
        raise BadInputError(_("Give --protocol ID or --drug NAME."))
    refuse_never_it(args.drug, s.catalog)
    if args.dose is None or args.every is None or args.count is None:
        raise BadInputError(_("--drug needs --dose, --every and --count."))
    drug_id = resolve_it_drug(args.drug, s.catalog)
    return adhoc_protocol(drug_id, args.dose, args.every, args.count, s.catalog)


def make_plan(args: argparse.Namespace, s: SchedulerStores, patient: Patient | None = None) -> Plan:
    protocol = s.protocols.get(args.protocol) if args.protocol else _adhoc(args, s)
    options = _options(args, s, patient)
    if not args.protocol:
        options = options.model_copy(update={"dose_mg": None, "every_days": None, "count": None})
    return plan_course(protocol, options, s.protocols.limits(), s.catalog)


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "protocol": plan.protocol.id,
        "drug": plan.protocol.drug,
        "route": plan.route,
        "dose_mg": plan.dose_mg,
        "dose_reason": plan.dose_reason,
        "sessions": [
            {
                "n": s.n,
                "date": s.date.isoformat(),
                "weekday": s.date.strftime("%a"),
                "phase": s.phase,
                "cycle": s.cycle,
                "day": s.day,
                "dose_mg": s.dose_mg,
                "unit": s.unit,
                "route": s.route,
                "co_medications": [m.model_dump(mode="json") for m in s.co_medications],
                "checks": list(s.checks),
                "schedule_confirmed": s.schedule_confirmed,
            }
            for s in plan.sessions
        ],
        "schedule_confirmed": plan.schedule_confirmed,
        "schedule_choices": [c.model_dump(mode="json") for c in plan.schedule_choices],
        "mri_dates": [d.isoformat() for d in plan.mri_dates],
        "findings": [f.model_dump(mode="json") for f in plan.findings],
    }


MOVE_CODES = frozenset(
    {MOVED_BY_OTHER_COURSE, COURSE_SHIFTED, MOVED_BY_CALENDAR, MOVED_BY_INTERVAL}
)


def _print_findings(findings: list[Finding] | tuple[Finding, ...]) -> None:
    for f in findings:
        emit(f"[{level_label(f.level)}] {f.message}")


def cmd_plan(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    plan = make_plan(args, s)
    if args.json:
        emit_json(plan_json(plan))
        return 0
    emit(
        _("{protocol}: {drug} {dose:g} mg, route {route}").format(
            protocol=plan.protocol.display_name(current_language())
            if args.protocol
            else _("Ad-hoc plan"),
            drug=drug_text(plan.protocol.drug, plan.protocol, s),
            dose=plan.dose_mg,
            route=it_route_label(plan.route),
        )
    )
    rows = [
        [
            str(x.n),
            weekday_date(x.date),
            phase_text(x),
            f"{x.dose_mg:g} {x.unit}",
            checks_text(x.checks),
            "" if x.schedule_confirmed else _("NOT CONFIRMED (default)"),
        ]
        for x in plan.sessions
    ]
    emit(table(rows, ["#", _("date"), _("phase"), _("dose"), _("checks before"), _("schedule")]))
    _print_findings(plan.findings)
    return 0


# -- patients ---------------------------------------------------------------------------


def patient_json(p: Patient) -> dict[str, Any]:
    data = p.model_dump(mode="json")
    data["birth_date"] = p.birth_date.isoformat() if p.birth_date else None
    return data


def cmd_patient_add(args: argparse.Namespace, ctx: AppContext) -> int:
    try:
        patient = Patient(mrn=args.mrn, name=args.name, sex=args.sex, birth_date=args.birth)
    except ValueError as err:
        raise BadInputError(
            _("Invalid patient: {detail}").format(
                detail="; ".join(str(e.get("msg", e)) for e in getattr(err, "errors", lambda: [])())
                or err
            )
        ) from None
    saved = stores(ctx).patients.add(patient)
    if args.json:
        emit_json(patient_json(saved))
    else:
        emit(_("Patient {mrn} added (id {id}).").format(mrn=saved.mrn, id=saved.id))
    return 0


def cmd_patient_list(args: argparse.Namespace, ctx: AppContext) -> int:
    found = stores(ctx).patients.search(args.query)
    if args.json:
        emit_json([patient_json(p) for p in found])
        return 0
    rows = [
        [
            p.mrn,
            p.name,
            _(SEXES[p.sex]) if p.sex in SEXES else (p.sex or "-"),
            p.birth_date.isoformat() if p.birth_date else "-",
        ]
        for p in found
    ]
    emit(table(rows, [_("MRN"), _("name"), _("sex"), _("birth date")]))
    return 0


# -- courses ----------------------------------------------------------------------------


def course_json(c: Course) -> dict[str, Any]:
    data = c.model_dump(mode="json")
    summary = c.summary()
    data["summary"] = {
        "planned": summary.planned,
        "given": summary.given,
        "held": summary.held,
        "cancelled": summary.cancelled,
        "delayed": summary.delayed,
        "next_due": summary.next_due.date.isoformat() if summary.next_due else None,
        "cumulative": [x.model_dump(mode="json") for x in summary.cumulative],
    }
    return data


def cmd_course_add(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    patient = s.patients.by_mrn(args.mrn)
    plan = make_plan(args, s, patient)
    require_reason(plan.findings)
    require_confirmed_schedule(
        plan.schedule_choices,
        plan.protocol.phases,
        hint=_("Pass --confirm-default, or --every and --count."),
    )
    if not plan.sessions:
        raise BadInputError(
            _("The plan has no sessions: {why}").format(
                why=" ".join(f.message for f in plan.findings if f.code == "needs_clinician_input")
            )
        )
    course = s.courses.add(course_from_plan(plan, patient.mrn, ctx.user_label, ctx.clock.now()))
    if args.json:
        emit_json(
            {
                "id": course.id,
                "mrn": patient.mrn,
                "protocol": course.protocol.id,
                "sessions": len(course.sessions),
                "findings": [f.model_dump(mode="json") for f in plan.findings],
            }
        )
    else:
        emit(str(course.id))  # stdout holds the id alone: scripts read it
        # what moved because of another course (or the calendar), and why, in words
        for f in plan.findings:
            if f.code in MOVE_CODES:
                emit_note(f"[{level_label(f.level)}] {f.message}")
    return 0


def cmd_course_show(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    course = s.courses.get(args.id)
    serious = [e for e in AdverseEventRepository(ctx.patients).for_course(args.id) if e.grade >= 3]
    if args.json:
        data = course_json(course)
        data["adverse_events_grade3"] = [e.model_dump(mode="json") for e in serious]
        emit_json(data)
        return 0
    language = current_language()
    names = drug_names(course.protocol, s.catalog)
    emit(
        _("Course {id}: patient {mrn}, {protocol}, {drug} {dose:g} mg, {status}").format(
            id=course.id,
            mrn=course.patient_mrn,
            protocol=course.protocol.display_name(language),
            drug=drug_name_in(course.protocol.drug, names, language),
            dose=course.dose_mg,
            status=course_status_text(course.status),
        )
    )
    emit(local_time_caption(at=ctx.clock.now()))
    if course.verification is not None:
        emit(
            _("Verified by {who} at {at}").format(
                who=course.verification.by, at=local_time_text(course.verification.at)
            )
        )
    else:
        emit(_("Not yet verified by a second clinician"))
    if course.status == "stopped":
        emit(_("STOPPED by {who}: {why}").format(who=course.stopped_by, why=course.stop_reason))
    for e in serious:
        emit(
            _("ADVERSE EVENT grade {grade}: {term}, onset {day}").format(
                grade=e.grade, term=e.term, day=weekday_date(e.onset)
            )
        )
    rows = [
        [
            str(x.n),
            weekday_date(x.date),
            phase_text(x),
            f"{x.dose_mg:g} {x.unit}",
            it_route_label(x.route),
            status_text(x),
            details_text(x, names),
        ]
        for x in course.sessions
    ]
    headers = ["#", _("date"), _("phase"), _("dose"), _("route"), _("status"), _("details")]
    emit(table(rows, headers))
    for cum in course.cumulative():
        emit(
            _("Cumulative {drug}, {route}: given {given:g} mg, planned {planned:g} mg").format(
                drug=drug_name_in(cum.drug, names, language),
                route=it_route_label(cum.route),
                given=cum.given_mg,
                planned=cum.planned_mg,
            )
        )
    return 0


def cmd_course_history(args: argparse.Namespace, ctx: AppContext) -> int:
    """Every audited change of a course, oldest first, worded in the reader's language."""
    courses = stores(ctx).courses
    courses.get(args.id)  # an unknown id is bad input (exit 2), not an empty history
    entries = courses.history(args.id)
    if args.json:
        emit_json(
            [
                {
                    "at": e.at,
                    "at_local": local_time_text(e.at),
                    "user": e.user,
                    "action": e.action,
                    "text": e.text,
                }
                for e in entries
            ]
        )
        return 0
    emit(local_time_caption(at=ctx.clock.now()))
    rows = [[local_time_text(e.at), e.user, e.text] for e in entries]
    emit(table(rows, [_("When"), _("Who"), _("What")]))
    return 0
