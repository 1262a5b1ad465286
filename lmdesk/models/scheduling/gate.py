"""The pre-dose gate: one pure check run before an IT session is marked given (GUI and CLI).

``evaluate_gate`` returns every finding (pass / warn / stop, rule code, message, sources);
``give_checked`` runs the gate and, if it is clear or a stop is overridden with a typed
reason by a named clinician, returns the ``course_actions.give`` result with the override
kept on the given record (audited and printed). Missing second-clinician verification, a
route other than the course's and a second IT drug in the session cannot be overridden.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import _
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.drugs.names import meaningful_text as meaningful_text
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.antithrombotics import MedicationRecord
from lmdesk.models.scheduling.course import Course, GateOverride
from lmdesk.models.scheduling.course_actions import ActionResult, give
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.gate_finding import GateFinding, passed, stopped
from lmdesk.models.scheduling.gate_history import (
    CumulativeTotal,
    adverse_event_findings,
    cumulative_finding,
    cumulative_totals,
    given_doses,
    interval_findings,
)
from lmdesk.models.scheduling.gate_patient_rules import (
    antithrombotic_findings,
    csf_flow_findings,
    fresh_labs,
    lab_findings,
    ommaya_findings,
    required_labs,
    vitamin_findings,
)
from lmdesk.models.scheduling.labs import LabResult, check_moment
from lmdesk.models.scheduling.protocol import DrugNames, Route
from lmdesk.models.scheduling.ward_policy import WardPolicy


class GateInput(BaseModel):
    """Everything the gate reads; the store assembles it (``store.gate_inputs``)."""

    model_config = ConfigDict(frozen=True)

    course: Course
    session: int
    at: datetime
    route: Route
    dose_mg: float
    patient: Patient | None = None
    #: Every course of the patient (this one included), whatever its status.
    patient_courses: tuple[Course, ...] = ()
    labs: tuple[LabResult, ...] = ()
    medications: tuple[MedicationRecord, ...] = ()
    #: Adverse events of all the patient's courses.
    adverse_events: tuple[AdverseEvent, ...] = ()
    #: CTCAE term -> IT group ("neuro", "lab", "other") for the protocol's next step.
    ae_groups: dict[str, str | None] = {}
    policy: WardPolicy = WardPolicy()
    given_by: str = ""
    #: Card id -> (English, Chinese) name, so findings name drugs in the reader's language.
    drug_names: DrugNames = {}


class GateResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    course_id: int | None
    session: int
    at: datetime
    findings: tuple[GateFinding, ...]
    cumulative: CumulativeTotal

    @property
    def stops(self) -> tuple[GateFinding, ...]:
        return tuple(f for f in self.findings if f.level == "stop")

    @property
    def warnings(self) -> tuple[GateFinding, ...]:
        return tuple(f for f in self.findings if f.level == "warn")

    @property
    def clear(self) -> bool:
        return not self.stops

    def as_json(self) -> dict[str, object]:
        return {
            "course_id": self.course_id,
            "session": self.session,
            "at": self.at.isoformat(timespec="minutes"),
            "clear": self.clear,
            "findings": [f.as_json() for f in self.findings],
            "cumulative": self.cumulative.model_dump(mode="json"),
        }


def _session_rules(inp: GateInput) -> list[GateFinding]:
    course = inp.course
    out: list[GateFinding] = []
    if inp.route != course.route:
        out.append(
            stopped(
                "route_mismatch",
                _(
                    "The course is planned and verified for {course}; a dose by {route} needs "
                    "its own course."
                ).format(course=course.route, route=inp.route),
                overridable=False,
            )
        )
    if inp.route == "ommaya" and inp.patient is not None and not inp.patient.has_ommaya:
        out.append(stopped("ommaya_none", _("No Ommaya reservoir is recorded for this patient.")))
    if course.verification is None:
        out.append(
            stopped(
                "verification",
                _("Not verified by a second clinician: verify the course before giving."),
                overridable=False,
            )
        )
    elif inp.given_by.strip() and (
        inp.given_by.strip().casefold() == course.verification.by.strip().casefold()
    ):
        out.append(
            stopped(
                "verifier_gives",
                _("The verifying clinician ({who}) cannot also give the dose.").format(
                    who=course.verification.by
                ),
                overridable=False,
            )
        )
    else:
        out.append(
            passed(
                "verification",
                _("Verified by {who}.").format(who=course.verification.by),
            )
        )
    return out


def evaluate_gate(inp: GateInput) -> GateResult:
    """Every pre-dose finding for session ``inp.session`` given at ``inp.at``."""
    course = inp.course
    session = course.session(inp.session)
    if session is None:
        raise BadInputError(_("The course has no session {n}.").format(n=inp.session))
    courses = list(inp.patient_courses) or [course]
    if course.id is not None and all(c.id != course.id for c in courses):
        courses.append(course)
    # Intervals and totals count every given dose, before or after ``at`` (a dose given
    # later the same day still counts); "the last dose" is the last one up to ``at``.
    every_dose = given_doses(courses)
    doses = [d for d in every_dose if d.at <= inp.at]
    phase = next((p for p in course.protocol.phases if p.kind == session.phase), None)
    min_gap = phase.min_interval_days if phase is not None else 3

    findings = _session_rules(inp)
    tests = required_labs(session.drug, inp.route, session.checks)
    found, missing = fresh_labs(inp.labs, tests, inp.at, inp.policy)
    findings += missing
    findings += lab_findings(found, session.drug, inp.route, inp.policy)
    crcl = found["crcl"].std_value if "crcl" in found else None
    findings += antithrombotic_findings(inp.medications, inp.at, inp.route, crcl)
    ommaya_doses = [d for d in doses if d.route == "ommaya"]
    if inp.route == "ommaya":
        findings += ommaya_findings(ommaya_doses[-1].at if ommaya_doses else None, inp.at)
    csf = inp.patient.csf_flow if inp.patient is not None else "unknown"
    findings += csf_flow_findings(csf, inp.route, not ommaya_doses)
    findings += adverse_event_findings(
        inp.adverse_events,
        doses[-1].at if doses else None,
        session.drug,
        inp.dose_mg,
        inp.ae_groups,
    )
    findings += interval_findings(session, inp.at, every_dose, min_gap, inp.drug_names)
    total = cumulative_totals(every_dose, session.drug, inp.dose_mg)
    findings.append(cumulative_finding(total, inp.drug_names))
    if session.drug == "pemetrexed":
        first = not any(d.drug == "pemetrexed" for d in every_dose)
        findings += vitamin_findings(inp.medications, inp.at, first)
    return GateResult(
        course_id=course.id,
        session=inp.session,
        at=inp.at,
        findings=tuple(findings),
        cumulative=total,
    )


def stop_line(finding: GateFinding) -> str:
    cite = f" [{finding.source}]" if finding.sources else ""
    return f"{finding.message}{cite} ({finding.rule})"


def require_clear(result: GateResult, *, reason: str, by: str, at: datetime) -> GateOverride | None:
    """None when nothing stops; the override when a stop is overridden; else SafetyRefusal."""
    stops = result.stops
    if not stops:
        return None
    hard = [f for f in stops if not f.overridable]
    if hard:
        raise SafetyRefusal(stop_line(hard[0]), rule=hard[0].rule)
    why = meaningful_text(reason)
    if not why:
        if reason:
            raise BadInputError(_("The override reason is blank: type why the stop is overridden."))
        raise SafetyRefusal(
            stop_line(stops[0])
            + " "
            + _("A prescriber on the IT register may override it with a typed reason."),
            rule=stops[0].rule,
        )
    who = meaningful_text(by)
    if not who:
        raise BadInputError(_("Say who overrides the stop (a named clinician)."))
    return GateOverride(
        reason=why,
        by=who,
        at=at,
        rules=tuple(dict.fromkeys(f.rule for f in stops)),
        findings=tuple(stop_line(f) for f in stops),
    )


def give_checked(
    inp: GateInput,
    *,
    now: datetime,
    limits: DoseLimits,
    override_reason: str = "",
    batch: str = "",
    dose_reason: str = "",
) -> tuple[ActionResult, GateResult]:
    """Run the gate, then give (the one path GUI and CLI use to mark a dose given).

    ``inp.given_by`` gives the dose and, when a stop is overridden, is the overriding
    clinician. A given time in the future or before 2000 is bad input.
    """
    check_moment(inp.at, now, _("The given time"))
    who = meaningful_text(inp.given_by)
    if not who:
        raise BadInputError(_("Say who gives the dose (--by NAME)."))
    result = evaluate_gate(inp)
    override = require_clear(result, reason=override_reason, by=who, at=now)
    action = give(
        inp.course,
        inp.session,
        at=inp.at,
        dose_mg=inp.dose_mg,
        route=inp.route,
        given_by=who,
        limits=limits,
        batch=batch,
        dose_reason=dose_reason,
        override=override,
    )
    return action, result
