"""An adverse event recorded on a patient's IT course, and turning a chosen step into a
scheduler action (the scheduler's ``course_actions`` decide whether the change is allowed)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lmdesk.i18n import _
from lmdesk.models.course import Course
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


def step_action(
    course: Course,
    step: Step,
    *,
    reason: str,
    at: dt.datetime,
    by: str,
    new_date: dt.date | None = None,
    dose_mg: float | None = None,
) -> ActionResult:
    """The scheduler action for ``step`` on the course's next open session.

    Hold, delay and reduce act on the next due session (reduce: on it and every later one);
    stop ends the course. Raises BadInputError when the course has nothing left to change.
    """
    if step is Step.STOP:
        return stop(course, reason, at, by)
    session = course.next_due()
    if session is None:
        raise BadInputError(_("The course has no open session to change."))
    if step is Step.HOLD:
        return hold(course, session.n, reason)
    if step is Step.DELAY:
        if new_date is None:
            raise BadInputError(_("Choose the new date for the delayed session."))
        return delay(course, session.n, new_date, reason)
    if dose_mg is None:
        raise BadInputError(_("Enter the reduced dose in mg."))
    return reduce_from(course, session.n, dose_mg, reason)
