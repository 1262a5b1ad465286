"""Correcting the last given/held mark: a reasoned, audited correction, never a silent undo.

A mis-clicked "Given" or "Held" used to be fixable only by new actions on other sessions.
The rule here (a ward safeguard, not a clinical value from the sources):

- only the course's **last** mark (the latest given or held session by the time it was
  recorded) may be corrected, so the history reads in order;
- within :data:`CORRECTION_WINDOW` of the mark: later, the mark stands and the course is
  changed by new actions (a dose recorded yesterday is not a mis-click);
- with a typed reason, kept on the session (``Session.corrections``) and in the audit row;
- a "given" mark: by the person who recorded the dose as given (on the IT register to give
  today), or by a prescriber on the IT register (the right to change a course); a "held"
  mark: by a prescriber on the IT register, as holding needs (the rights table decides both);
- the session returns to what it was before the mark: "delayed" if it had been delayed, else
  "planned"; the dose record (or the hold's reason) moves into the correction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.course import Course, MarkCorrection, Session
from lmdesk.models.scheduling.course_actions import ActionResult, _event, _need_text, _replace
from lmdesk.models.users.rights import Action, RightRefused, allowed, refusal
from lmdesk.models.users.user import User

#: How long after a mark it may still be corrected. A software safeguard chosen for the ward
#: (a mis-click is noticed the same shift), not a sourced clinical value.
CORRECTION_WINDOW = timedelta(hours=24)


def mark_time(session: Session) -> datetime | None:
    """When the session's given/held mark was recorded (None: not known, or no mark)."""
    if session.status == "given" and session.given is not None:
        return session.given.at
    if session.status == "held":
        return session.held_at
    return None


def last_mark(course: Course) -> Session | None:
    """The course's latest given or held session (by its mark's time, then its number)."""
    marked = [s for s in course.sessions if s.status in ("given", "held")]
    if not marked:
        return None

    def order(s: Session) -> tuple[float, int]:
        at = mark_time(s)
        return (at.timestamp() if at is not None else float("-inf"), s.n)

    return max(marked, key=order)


def mark_was_text(session: Session) -> str:
    """What the mark says, as recorded: the dose (how much, route, when, by whom) or the
    hold's reason."""
    if session.given is not None:
        g = session.given
        return f"{g.dose_mg:g} mg {g.route} {g.at.isoformat(timespec='minutes')} {g.given_by}"
    return session.reason


def window_refusal(session: Session, now: datetime) -> str | None:
    """Why ``session``'s mark is past correcting (reader's language), or None."""
    at = mark_time(session)
    if at is None:
        return _(
            "Session {n} was marked before corrections were recorded; change the course "
            "with a new action instead."
        ).format(n=session.n)
    if now - at > CORRECTION_WINDOW:
        return _(
            "Session {n} was marked more than {hours} hours ago; a mark is corrected only "
            "within {hours} hours. Change the course with a new action instead."
        ).format(n=session.n, hours=int(CORRECTION_WINDOW.total_seconds() // 3600))
    return None


def rights_refusal(session: Session, user: User, today: date) -> str | None:
    """Why ``user`` may not correct ``session``'s mark (reader's language), or None."""
    if allowed(Action.CHANGE_COURSE, user, today):
        return None
    given = session.given
    if session.status == "given" and given is not None and user.matches(given.given_by):
        return refusal(Action.GIVE, user, today)
    return _(
        "Correcting a {mark} mark needs the person who recorded the dose or a prescriber "
        "on the IT register; {name} is neither."
    ).format(mark=_("given") if session.status == "given" else _("held"), name=user.name())


def correct_last_mark(course: Course, *, reason: str, by: User, now: datetime) -> ActionResult:
    """Take back the course's last given/held mark, with the reason; refuses otherwise."""
    if course.status != "active":
        raise BadInputError(_("The course is stopped; it cannot be changed."))
    session = last_mark(course)
    if session is None:
        raise BadInputError(_("No session of this course is marked given or held."))
    why = _need_text(reason, _("the reason for the correction"))
    too_late = window_refusal(session, now)
    if too_late is not None:
        raise SafetyRefusal(too_late, rule="correction.window")
    no_right = rights_refusal(session, by, now.date())
    if no_right is not None:
        raise RightRefused(no_right, Action.CHANGE_COURSE)
    mark: Literal["given", "held"] = "given" if session.status == "given" else "held"
    who = by.display_name
    correction = MarkCorrection(mark=mark, was=mark_was_text(session), reason=why, by=who, at=now)
    restored = session.model_copy(
        update={
            "status": "delayed" if session.delayed_from is not None else "planned",
            "given": None,
            "reason": "",
            "held_at": None,
            "corrections": (*session.corrections, correction),
        }
    )
    return ActionResult(
        action="correct",
        course=_replace(course, {session.n: restored}),
        event=_event("correct", n=session.n, mark=mark, was=correction.was, why=why, who=who),
    )
