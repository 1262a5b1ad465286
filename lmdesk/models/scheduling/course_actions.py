"""Changes to a course: give, hold, cancel, delay, reduce, stop, verify.

Each function is pure: it checks the rules, then returns an :class:`ActionResult` with
the new course (``revision`` + 1) and the audit event (code and parameters; worded in the
reader's language when shown). Bad input raises ``BadInputError`` and leaves the course
as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent, ParamValue
from lmdesk.models.audit.wording import describe_event
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.calendar_rules import place_session
from lmdesk.models.scheduling.course import (
    STATUS_LABELS,
    Course,
    GateOverride,
    GivenRecord,
    Session,
    Verification,
)
from lmdesk.models.scheduling.dose_safety import (
    DoseLimits,
    check_dose,
    require_reason,
    validate_dose_value,
)
from lmdesk.models.scheduling.protocol import ROUTE_LABELS, Route


class ActionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    action: str
    course: Course
    event: AuditEvent

    @property
    def description(self) -> str:
        """The change as one line in the active language."""
        return describe_event(self.event)


def _event(action: str, **params: ParamValue) -> AuditEvent:
    return AuditEvent(code=f"course.{action}", params=params)


def _open_session(course: Course, n: int) -> Session:
    if course.status != "active":
        raise BadInputError(_("The course is stopped; it cannot be changed."))
    session = course.session(n)
    if session is None:
        raise BadInputError(_("The course has no session {n}.").format(n=n))
    if not session.is_open:
        raise BadInputError(
            _("Session {n} is already {status}.").format(
                n=n, status=_(STATUS_LABELS[session.status])
            )
        )
    return session


def _need_text(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise BadInputError(_("Enter {what}.").format(what=what))
    return text


def _replace(course: Course, sessions: dict[int, Session], **changes: object) -> Course:
    new_sessions = tuple(sessions.get(s.n, s) for s in course.sessions)
    return course.model_copy(
        update={"sessions": new_sessions, "revision": course.revision + 1, **changes}
    )


def give(
    course: Course,
    n: int,
    *,
    at: datetime,
    dose_mg: float,
    route: Route,
    given_by: str,
    limits: DoseLimits,
    batch: str = "",
    dose_reason: str = "",
    override: GateOverride | None = None,
) -> ActionResult:
    """Mark session ``n`` given; the dose is checked against the ceiling again.

    Callers run the pre-dose gate first (``gate.give_checked`` does both); ``override`` is
    the gate stop a clinician overrode, kept with the given record.
    """
    session = _open_session(course, n)
    who = _need_text(given_by, _("who gave the dose"))
    validate_dose_value(dose_mg)
    if route not in course.protocol.routes:
        raise SafetyRefusal(
            _(
                "This course's protocol is given by {routes} only: a dose by {route} is not "
                "recorded on it."
            ).format(
                routes=", ".join(_(ROUTE_LABELS[r]) for r in course.protocol.routes),
                route=_(ROUTE_LABELS[route]),
            ),
            rule="route",
        )
    reason = dose_reason.strip() or session.dose_reason
    require_reason(check_dose(session.drug, route, dose_mg, limits, reason, session=n))
    record = GivenRecord(
        at=at,
        dose_mg=dose_mg,
        route=route,
        given_by=who,
        batch=batch.strip(),
        dose_reason=reason,
        override=override,
    )
    new = session.model_copy(update={"status": "given", "given": record})
    return ActionResult(
        action="give",
        course=_replace(course, {n: new}),
        event=_event(
            "give",
            n=n,
            at=at.isoformat(timespec="seconds"),
            dose_mg=dose_mg,
            route=route,
            who=who,
            **(
                {}
                if override is None
                else {
                    "override_by": override.by,
                    "override_why": override.reason,
                    "override_rules": ", ".join(override.rules),
                }
            ),
        ),
    )


def hold(course: Course, n: int, reason: str, at: datetime | None = None) -> ActionResult:
    """Session ``n`` is not given (e.g. low counts); later sessions keep their dates.
    ``at`` is when the hold is recorded (the correction window counts from it)."""
    session = _open_session(course, n)
    why = _need_text(reason, _("the reason for holding"))
    new = session.model_copy(update={"status": "held", "reason": why, "held_at": at})
    return ActionResult(
        action="hold",
        course=_replace(course, {n: new}),
        event=_event("hold", n=n, why=why),
    )


def cancel(course: Course, n: int, reason: str) -> ActionResult:
    session = _open_session(course, n)
    why = _need_text(reason, _("the reason for cancelling"))
    new = session.model_copy(update={"status": "cancelled", "reason": why})
    return ActionResult(
        action="cancel",
        course=_replace(course, {n: new}),
        event=_event("cancel", n=n, why=why),
    )


def delay(
    course: Course,
    n: int,
    new_date: date,
    reason: str,
    other_it_dates: Iterable[date] = (),
) -> ActionResult:
    """Move session ``n`` to ``new_date`` (or the next allowed day); the rest shift with it.

    Later open sessions move by the same number of days and are placed again under the
    calendar and interval rules (also against ``other_it_dates``, the patient's sessions
    in other courses), so the rules still hold after the delay.
    """
    session = _open_session(course, n)
    why = _need_text(reason, _("the reason for the delay"))
    shift = (new_date - session.date).days
    if shift <= 0:
        raise BadInputError(
            _("A delay must move the session later than {day}.").format(
                day=session.date.isoformat()
            )
        )
    phases = {p.kind: p for p in course.protocol.phases}
    placed = sorted(
        s.given.at.date() if s.given is not None else s.date
        for s in course.sessions
        if s.n < n and s.status in ("planned", "delayed", "given")
    )
    others = sorted(other_it_dates)
    changed: dict[int, Session] = {}
    for s in sorted(course.sessions, key=lambda x: x.n):
        if s.n < n or not s.is_open:
            continue
        phase = phases.get(s.phase)
        min_gap = phase.min_interval_days if phase is not None else 3
        target = s.date + timedelta(days=shift)
        day = place_session(target, placed, course.calendar, min_gap, others=others)
        placed.append(day)
        update: dict[str, object] = {"date": day}
        if s.n == n:
            update.update(status="delayed", reason=why, delayed_from=s.delayed_from or s.date)
        changed[s.n] = s.model_copy(update=update)
    moved_to = changed[n].date
    return ActionResult(
        action="delay",
        course=_replace(course, changed, verification=None),
        event=_event("delay", n=n, old=session.date.isoformat(), new=moved_to.isoformat(), why=why),
    )


def reduce_from(course: Course, n: int, dose_mg: float, reason: str) -> ActionResult:
    """Lower the dose of session ``n`` and of every later open session."""
    session = _open_session(course, n)
    why = _need_text(reason, _("the reason for the dose reduction"))
    validate_dose_value(dose_mg)
    if dose_mg >= session.dose_mg:
        raise BadInputError(
            _("{dose:g} mg is not lower than the planned {planned:g} mg.").format(
                dose=dose_mg, planned=session.dose_mg
            )
        )
    changed = {
        s.n: s.model_copy(update={"dose_mg": dose_mg})
        for s in course.sessions
        if s.n >= n and s.is_open
    }
    return ActionResult(
        action="reduce",
        course=_replace(course, changed, verification=None),
        event=_event("reduce", n=n, old_mg=session.dose_mg, new_mg=dose_mg, why=why),
    )


def stop(course: Course, reason: str, at: datetime, by: str) -> ActionResult:
    if course.status != "active":
        raise BadInputError(_("The course is already stopped."))
    why = _need_text(reason, _("the reason for stopping"))
    who = _need_text(by, _("who stops the course"))
    new = _replace(course, {}, status="stopped", stop_reason=why, stopped_at=at, stopped_by=who)
    return ActionResult(
        action="stop",
        course=new,
        event=_event("stop", who=who, why=why),
    )


def verify(course: Course, by: str, at: datetime) -> ActionResult:
    """A second clinician (not the planner) checks the planned course."""
    who = _need_text(by, _("the verifying clinician"))
    if course.status != "active":
        raise BadInputError(_("The course is stopped; there is nothing to verify."))
    if course.planned_by and who.casefold() == course.planned_by.strip().casefold():
        raise BadInputError(
            _(
                "Verification must be done by a second clinician, not by the "
                "one who planned the course."
            )
        )
    new = _replace(course, {}, verification=Verification(by=who, at=at))
    return ActionResult(action="verify", course=new, event=_event("verify", who=who))
