"""An adverse event recorded on a patient's IT course (the step it leads to is applied by
:mod:`lmdesk.models.scheduling.ae_steps`)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lmdesk.i18n import _
from lmdesk.models.ctcae.rules import Version
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.toxicity_rules import Attribution, Step

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
