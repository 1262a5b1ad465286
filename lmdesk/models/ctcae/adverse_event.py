"""An adverse event recorded on a patient's IT course, and turning a chosen step into a
scheduler action (the scheduler's ``course_actions`` decide whether the change is allowed)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lmdesk.i18n import _
from lmdesk.models.course import Course, Session
from lmdesk.models.course_actions import ActionResult, delay, hold, reduce_from, stop
from lmdesk.models.ctcae.rules import Version
from lmdesk.models.errors import BadInputError
from lmdesk.models.toxicity_rules import Attribution, Step

ACTION_NONE = "none"


class AdverseEvent(BaseModel):
    """One graded AE. ``action_taken`` is a ``Step`` value once a step was applied, else ''."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    course_id: int
    version: Version
    term: str = Field(min_length=1)
    grade: int = Field(ge=1, le=5)
    onset: dt.date
    lab_value: str | None = None
    lab_unit: str | None = None
    attribution: Attribution
    criterion: str | None = None
    assumptions: tuple[str, ...] = ()
    note: str = ""
    action_taken: str = ""
    recorded_by: str = ""
    status: str = "active"
    revision: int = 1

    @field_validator("action_taken")
    @classmethod
    def _known_action(cls, value: str) -> str:
        if value not in ("", ACTION_NONE, *(s.value for s in Step)):
            raise ValueError(f"unknown action {value!r}")
        return value


def check_onset(onset: dt.date, today: dt.date) -> None:
    """An AE cannot start in the future."""
    if onset > today:
        raise BadInputError(
            _("The onset date {day} is in the future.").format(day=onset.isoformat())
        )


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
        return hold(course, session.n, reason)
    if step is Step.DELAY:
        if new_date is None:
            raise BadInputError(_("Choose the new date for the delayed session."))
        return delay(course, session.n, new_date, reason)
    if dose_mg is None:
        raise BadInputError(_("Enter the reduced dose in mg."))
    return reduce_from(course, session.n, dose_mg, reason)
