"""Turn the step chosen for an adverse event into a scheduler action on the next dose.

The scheduler's :mod:`~lmdesk.models.scheduling.course_actions` decide whether the change
is allowed; this module only finds the dose the step acts on.
"""

from __future__ import annotations

import datetime as dt

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.scheduling.course_actions import ActionResult, delay, hold, reduce_from, stop
from lmdesk.models.scheduling.toxicity_rules import Step


def target_session(course: Course, onset: dt.date) -> Session | None:
    """The next IT dose after an AE: the first still-open session on or after its onset.

    Sessions before the onset are left alone (a dose not yet marked as given in the past is
    the scheduler's business, not this AE's).
    """
    if course.status != "active":
        return None
    later = [s for s in course.sessions if s.is_open and s.date >= onset]
    return min(later, key=lambda s: (s.date, s.n)) if later else None


def step_action(
    course: Course,
    step: Step,
    *,
    onset: dt.date,
    reason: str,
    at: dt.datetime,
    by: str,
    new_date: dt.date | None = None,
    dose_mg: float | None = None,
) -> ActionResult:
    """The scheduler action for ``step`` on the next dose after the AE's onset.

    Hold, delay and reduce act on ``target_session`` (reduce: on it and every later one);
    stop ends the course. Raises BadInputError when there is no such dose.
    """
    if step is Step.STOP:
        return stop(course, reason, at, by)
    session = target_session(course, onset)
    if session is None:
        raise BadInputError(
            _("The course has no open session on or after {day} to change.").format(
                day=onset.isoformat()
            )
        )
    if step is Step.HOLD:
        return hold(course, session.n, reason, at)
    if step is Step.DELAY:
        if new_date is None:
            raise BadInputError(_("Choose the new date for the delayed session."))
        return delay(course, session.n, new_date, reason)
    if dose_mg is None:
        raise BadInputError(_("Enter the reduced dose in mg."))
    return reduce_from(course, session.n, dose_mg, reason)
