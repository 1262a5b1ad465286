"""``lmdesk labs | meds | ae add | today | policy`` and ``course verify|give|hold|stop|check``
(issue 22: the dose at the bedside, guarded by the pre-dose gate).

``--user LOGIN`` names who acts (signed in with a password, the right checked); the audit trail
records them. Verify and give need two different signed-in people.
"""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.cli.parser import iso_date, positive_float, positive_int
from lmdesk.cli.sheet import _course_actions
from lmdesk.cli.signin import acting as signed_in
from lmdesk.cli.signin import authenticate, check_on_course, user_option
from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.ctcae.rules import DEFAULT_VERSION, VERSIONS
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling import course_actions
from lmdesk.models.scheduling.antithrombotics import MedicationRecord, find_med, med_label
from lmdesk.models.scheduling.gate import evaluate_gate, give_checked, meaningful_text
from lmdesk.models.scheduling.gate_finding import GateFinding
from lmdesk.models.scheduling.labs import check_moment, lab_label, make_lab_result
from lmdesk.models.scheduling.mark_correction import correct_last_mark
from lmdesk.models.scheduling.protocol import drug_name_in
from lmdesk.models.scheduling.routes import it_route_label
from lmdesk.models.scheduling.toxicity_rules import Attribution
from lmdesk.models.scheduling.ward_policy import POLICY_KEYS
from lmdesk.models.scheduling.worklist import (
    status_label,
    worklist_status,
)
from lmdesk.models.users.rights import Action
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.protocol_repo import ProtocolRepository

ATTRIBUTIONS = {
    "drug": Attribution.IT_DRUG,
    "disease": Attribution.DISEASE,
    "procedure": Attribution.PROCEDURE,
    "unknown": Attribution.OTHER,
}


def stores(ctx: AppContext) -> BedsideStores:
    return BedsideStores(ctx.reference, ctx.patients)


def moment(ctx: AppContext, text: str) -> datetime:
    """``YYYY-MM-DD`` (midnight) or ``YYYY-MM-DD HH:MM`` in the workstation's zone."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            value = datetime.combine(datetime.fromisoformat(raw).date(), time(0, 0))
        else:
            value = datetime.strptime(raw, "%Y-%m-%d %H:%M")
    except ValueError:
        raise BadInputError(
            _("Not a date or time (YYYY-MM-DD or 'YYYY-MM-DD HH:MM'): {value!r}").format(value=text)
        ) from None
    return value.replace(tzinfo=ctx.clock.now().tzinfo)


def acting(ctx: AppContext) -> str:
    """The signed-in clinician who acts (``--user``); the audit trail records them."""
    return signed_in(ctx).display_name


def register(sub: Any) -> None:
    labs = sub.add_parser("labs", help=_("lab results on the patient"))
    lsub = labs.add_subparsers(dest="labs_command", metavar="ACTION", required=True)
    p = lsub.add_parser("add", help=_("record a lab result"))
    p.add_argument("--mrn", required=True)
    p.add_argument("--date", required=True, help=_("YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"))
    p.add_argument("--test", required=True, help=_("e.g. platelets, anc, wbc, inr, crcl"))
    p.add_argument("--value", required=True)
    p.add_argument("--unit", default="", help=_("e.g. 10^9/L, /uL, G/L, umol/L, mL/min"))
    p.add_argument("--lln")
    p.add_argument("--uln")
    user_option(p, Action.RECORD)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_labs_add)
    p = lsub.add_parser("list", help=_("a patient's lab results, newest first"))
    p.add_argument("--mrn", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_labs_list)

    meds = sub.add_parser("meds", help=_("anticoagulants, antiplatelets and pemetrexed vitamins"))
    msub = meds.add_subparsers(dest="meds_command", metavar="ACTION", required=True)
    p = msub.add_parser("add", help=_("record the last dose of a drug"))
    p.add_argument("--mrn", required=True)
    p.add_argument("--drug", required=True)
    p.add_argument("--last-dose", required=True, help=_("'YYYY-MM-DD HH:MM'"))
    p.add_argument("--dose-mg", type=positive_float, help=_("dose in mg (sets the dose band)"))
    user_option(p, Action.RECORD)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meds_add)
    p = msub.add_parser("list", help=_("a patient's recorded doses, newest first"))
    p.add_argument("--mrn", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_meds_list)

    ae = sub.add_parser("ae", help=_("adverse events"))
    asub = ae.add_subparsers(dest="ae_command", metavar="ACTION", required=True)
    p = asub.add_parser("add", help=_("record an adverse event on a course"))
    p.add_argument("--course", type=positive_int, required=True)
    p.add_argument("--term", required=True, help=_("CTCAE term (English or Chinese)"))
    p.add_argument("--grade", type=int, choices=(1, 2, 3, 4, 5), required=True)
    p.add_argument("--date", type=iso_date, required=True, help=_("onset (YYYY-MM-DD)"))
    p.add_argument("--attribution", choices=tuple(ATTRIBUTIONS), default="unknown")
    p.add_argument(
        "--ctcae", choices=VERSIONS, default=DEFAULT_VERSION, help=_("CTCAE version (5.0)")
    )
    user_option(p, Action.RECORD)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_ae_add)

    p = sub.add_parser("today", help=_("IT sessions due on a day, with their pre-dose status"))
    p.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_today)

    policy = sub.add_parser("policy", help=_("the ward policy of the pre-dose gate"))
    psub = policy.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    p = psub.add_parser("show", help=_("the values in force with their sources"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_policy_show)
    p = psub.add_parser("set", help=_("change one value (audited)"))
    p.add_argument("key", choices=POLICY_KEYS)
    p.add_argument("value", type=positive_float)
    p.add_argument("--breach", choices=("stop", "warn"))
    user_option(p, Action.WARD_SETTINGS)
    p.set_defaults(handler=cmd_policy_set)

    actions = _course_actions(sub)
    p = actions.add_parser(
        "verify",
        help=_(
            "second-clinician verification; it covers the whole course as planned (--session "
            "names the session at hand); a delay or dose reduction clears it"
        ),
    )
    p.add_argument("id", type=positive_int)
    p.add_argument("--session", type=positive_int, required=True)
    user_option(p, Action.VERIFY)
    p.set_defaults(handler=cmd_course_verify)
    p = actions.add_parser("give", help=_("mark a session given, after the pre-dose gate"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--session", type=positive_int, required=True)
    p.add_argument("--dose", type=positive_float, help=_("dose given in mg (default: planned)"))
    p.add_argument("--route", choices=("lp", "ommaya"))
    p.add_argument("--at", help=_("'YYYY-MM-DD HH:MM' (default: now)"))
    p.add_argument("--batch", default="")
    p.add_argument("--dose-reason", default="", help=_("why a dose above the usual range"))
    p.add_argument("--override", default="", help=_("typed reason to override a gate stop"))
    user_option(p, Action.GIVE)
    p.set_defaults(handler=cmd_course_give)
    p = actions.add_parser("hold", help=_("hold a session (not given)"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--session", type=positive_int, required=True)
    p.add_argument("--reason", required=True)
    user_option(p, Action.CHANGE_COURSE)
    p.set_defaults(handler=cmd_course_hold)
    p = actions.add_parser(
        "correct", help=_("take back the course's last given or held mark, with a reason")
    )
    p.add_argument("--course", type=positive_int, required=True)
    p.add_argument("--reason", required=True)
    # who may correct is the mark's rule (the person who recorded the dose or a registered
    # prescriber), checked by correct_last_mark, not one right of the table
    user_option(p, None)
    p.set_defaults(handler=cmd_course_correct)
    p = actions.add_parser("stop", help=_("stop a course"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--reason", required=True)
    user_option(p, Action.CHANGE_COURSE)
    p.set_defaults(handler=cmd_course_stop)
    p = actions.add_parser("check", help=_("the pre-dose gate's findings, without giving"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--session", type=positive_int, required=True)
    p.add_argument("--route", choices=("lp", "ommaya"))
    p.add_argument("--dose", type=positive_float)
    p.add_argument("--at", help=_("'YYYY-MM-DD HH:MM' (default: now)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_course_check)


# -- labs and medications -----------------------------------------------------------------


def lab_json(r: Any) -> dict[str, Any]:
    data: dict[str, Any] = r.model_dump(mode="json")
    data["label"] = lab_label(r.test)
    return data


def cmd_labs_add(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    who = acting(ctx)
    result = make_lab_result(
        test=args.test,
        at=moment(ctx, args.date),
        value=args.value,
        unit=args.unit,
        now=ctx.clock.now(),
        entered_by=who,
        lln=args.lln,
        uln=args.uln,
    )
    saved = s.labs.add(args.mrn, result)
    if args.json:
        emit_json(lab_json(saved))
    else:
        emit(
            _("Lab result {id} saved: {test} {value}.").format(
                id=saved.id, test=saved.label, value=saved.std_text()
            )
        )
    return 0


def cmd_labs_list(args: argparse.Namespace, ctx: AppContext) -> int:
    labs = stores(ctx).labs.for_patient(args.mrn)
    if args.json:
        emit_json([lab_json(r) for r in labs])
        return 0
    rows = [
        [
            r.at.strftime("%Y-%m-%d %H:%M"),
            r.label,
            f"{r.value:g} {r.unit}".strip(),
            r.std_text(),
            r.entered_by,
        ]
        for r in labs
    ]
    emit(table(rows, [_("taken"), _("test"), _("as entered"), _("standard"), _("entered by")]))
    return 0


def med_json(m: MedicationRecord) -> dict[str, Any]:
    data: dict[str, Any] = m.model_dump(mode="json")
    data["label"] = m.label
    data["kind"] = m.kind
    return data


def cmd_meds_add(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    who = acting(ctx)
    med = find_med(args.drug)
    at = moment(ctx, args.last_dose)
    check_moment(at, ctx.clock.now(), _("The last dose"))
    saved = s.medications.add(
        args.mrn,
        MedicationRecord(drug=med.key, last_dose_at=at, dose_mg=args.dose_mg, entered_by=who),
    )
    if args.json:
        emit_json(med_json(saved))
    else:
        emit(_("Medication {id} saved: {drug}.").format(id=saved.id, drug=saved.label))
    return 0


def cmd_meds_list(args: argparse.Namespace, ctx: AppContext) -> int:
    meds = stores(ctx).medications.for_patient(args.mrn)
    if args.json:
        emit_json([med_json(m) for m in meds])
        return 0
    rows = [
        [
            m.last_dose_at.strftime("%Y-%m-%d %H:%M"),
            med_label(m.drug),
            "-" if m.dose_mg is None else f"{m.dose_mg:g} mg",
            m.entered_by,
        ]
        for m in meds
    ]
    emit(table(rows, [_("last dose"), _("drug"), _("dose"), _("entered by")]))
    return 0


# -- adverse events -------------------------------------------------------------------------


def cmd_ae_add(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    who = acting(ctx)
    term = args.term
    if s.ctcae.available():
        found = s.ctcae.term(args.ctcae, args.term)
        if found is None:
            raise BadInputError(
                _("Unknown CTCAE term {term!r}; see 'lmdesk ctcae search'.").format(term=term)
            )
        if args.grade not in found.grades:
            raise BadInputError(
                _("{term} has no grade {grade}.").format(term=found.term, grade=args.grade)
            )
        term = found.term
    saved = s.adverse_events.record(
        AdverseEvent(
            course_id=args.course,
            version=args.ctcae,
            term=term,
            grade=args.grade,
            onset=args.date,
            attribution=ATTRIBUTIONS[args.attribution],
            recorded_by=who,
        )
    )
    if args.json:
        emit_json(saved.model_dump(mode="json"))
    else:
        emit(_("Adverse event {id} recorded.").format(id=saved.id))
    return 0


# -- course actions -------------------------------------------------------------------------


def _print_findings(findings: tuple[GateFinding, ...] | list[GateFinding]) -> None:
    for f in findings:
        emit(f.line())


def cmd_course_verify(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    course = s.courses.get(args.id)
    if course.session(args.session) is None:
        raise BadInputError(_("The course has no session {n}.").format(n=args.session))
    who = check_on_course(ctx, Action.VERIFY, course).display_name
    s.courses.apply(course, course_actions.verify(course, who, ctx.clock.now()))
    emit(_("Course {id} verified by {who}.").format(id=args.id, who=who))
    return 0


def cmd_course_give(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    course = s.courses.get(args.id)
    who = check_on_course(ctx, Action.GIVE, course).display_name
    if meaningful_text(args.override):
        check_on_course(ctx, Action.OVERRIDE_GATE, course)
    now = ctx.clock.now()
    at = moment(ctx, args.at) if args.at else now
    check_moment(at, now, _("The given time"))
    inp = s.gate_input(
        course, args.session, at=at, route=args.route, dose_mg=args.dose, given_by=who
    )
    limits = ProtocolRepository(ctx.reference, ctx.patients).limits()
    action, result = give_checked(
        inp,
        now=now,
        limits=limits,
        override_reason=args.override,
        batch=args.batch,
        dose_reason=args.dose_reason,
    )
    s.courses.apply(course, action)
    _print_findings(result.warnings)
    emit(action.description)
    return 0


def cmd_course_hold(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    course = s.courses.get(args.id)
    # when the hold is recorded: the correction window counts from it
    action = course_actions.hold(course, args.session, args.reason, at=ctx.clock.now())
    s.courses.apply(course, action)
    emit(action.description)
    return 0


def cmd_course_correct(args: argparse.Namespace, ctx: AppContext) -> int:
    """The course's last given/held mark taken back (a mis-click), reasoned and audited."""
    user = authenticate(ctx, args.user)
    s = stores(ctx)
    course = s.courses.get(args.course)
    action = correct_last_mark(course, reason=args.reason, by=user, now=ctx.clock.now())
    s.courses.apply(course, action)
    emit(action.description)
    return 0


def cmd_course_stop(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    who = acting(ctx)
    course = s.courses.get(args.id)
    action = course_actions.stop(course, args.reason, ctx.clock.now(), who)
    s.courses.apply(course, action)
    emit(action.description)
    return 0


def cmd_course_check(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    course = s.courses.get(args.id)
    at = moment(ctx, args.at) if args.at else ctx.clock.now()
    result = evaluate_gate(
        s.gate_input(course, args.session, at=at, route=args.route, dose_mg=args.dose)
    )
    if args.json:
        data = result.as_json()
        data["status"] = worklist_status(result)
        emit_json(data)
        return 0
    emit(
        _("Course {id}, session {n}: {status}").format(
            id=args.id, n=args.session, status=status_label(worklist_status(result))
        )
    )
    _print_findings(result.findings)
    return 0


# -- worklist and policy --------------------------------------------------------------------


def cmd_today(args: argparse.Namespace, ctx: AppContext) -> int:
    s = stores(ctx)
    now = ctx.clock.now()
    day = args.date or now.date()
    items = s.worklist(day, now)
    if args.json:
        emit_json(
            [
                {
                    **i.model_dump(mode="json", exclude={"stops", "warnings"}),
                    "stops": [f.as_json() for f in i.stops],
                    "warnings": [f.as_json() for f in i.warnings],
                }
                for i in items
            ]
        )
        return 0
    rows = [
        [
            i.day.isoformat(),
            i.mrn,
            i.patient_name,
            f"{i.course_id}/{i.session}",
            f"{drug_name_in(i.drug, s.drug_names, current_language())} {i.dose_mg:g} mg",
            it_route_label(i.route),
            status_label(i.status),
            i.why_text(),
        ]
        for i in items
    ]
    emit(
        table(
            rows,
            [
                _("date"),
                _("MRN"),
                _("name"),
                _("course/session"),
                _("dose"),
                _("route"),
                _("status"),
                _("why"),
            ],
        )
    )
    return 0


def cmd_policy_show(args: argparse.Namespace, ctx: AppContext) -> int:
    policy = stores(ctx).policy.get()
    if args.json:
        emit_json([i.model_dump(mode="json") | {"changed": i.changed} for i in policy.items])
        return 0
    rows = [
        [
            i.key,
            _(i.label),
            f"{i.value:g} {i.unit}".strip(),
            f"{i.default:g}",
            ", ".join(i.source_keys()),
            i.note_text(),
            i.breach,
        ]
        for i in policy.items
    ]
    emit(
        table(
            rows,
            [_("key"), _("rule"), _("value"), _("default"), _("source"), _("note"), _("breach")],
        )
    )
    return 0


def cmd_policy_set(args: argparse.Namespace, ctx: AppContext) -> int:
    who = acting(ctx)
    policy = stores(ctx).policy.set(args.key, args.value, who, args.breach)
    item = policy.item(args.key)
    emit(
        _("Ward policy {key} = {value:g} {unit}.").format(
            key=item.key, value=item.value, unit=item.unit
        )
    )
    return 0
