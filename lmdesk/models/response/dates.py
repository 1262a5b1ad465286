"""Which dates an assessment may have on its course, and which one is the baseline.

One baseline per course (by default the first assessment entered); follow-ups are compared
with it. A baseline is by nature taken before treatment (BC Cancer MOIT asks for baseline
CSF cytology before IT therapy [R40]), so it alone may be dated before the course's first
IT session; a follow-up before any IT dose would measure nothing of the course, and one
dated on or before the baseline cannot be compared with it. No date is in the future.
These rules are checked on the whole set of the course's assessments as it would be after
a change, so adding, editing, moving the baseline and retracting obey the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.texts import day_text
from lmdesk.models.scheduling.course import Course


def course_start(course: Course) -> dt.date | None:
    """The first IT session's day: given day if given, else its date (cancelled ones aside)."""
    days = [
        s.given.at.date() if s.given is not None else s.date
        for s in course.sessions
        if s.status != "cancelled"
    ]
    if not days:
        days = [s.date for s in course.sessions]
    return min(days) if days else None


def check_assessment_set(
    assessments: Iterable[Assessment], start: dt.date | None, today: dt.date
) -> None:
    """Raise BadInputError unless the course's active assessments obey the date rules."""
    active = [a for a in assessments if a.is_active]
    baselines = [a for a in active if a.is_baseline]
    if active and len(baselines) != 1:
        raise BadInputError(_("A course has exactly one baseline assessment."))
    for a in active:
        if a.assessed_on > today:
            raise BadInputError(
                _("The assessment date {day} is in the future.").format(day=day_text(a.assessed_on))
            )
    if not baselines:
        return
    baseline = baselines[0]
    for a in active:
        if a.is_baseline:
            continue
        if start is not None and a.assessed_on < start:
            raise BadInputError(
                _(
                    "A follow-up assessment cannot be dated {day}, before the course's first "
                    "IT session ({start}); only the baseline may be."
                ).format(day=day_text(a.assessed_on), start=day_text(start))
            )
        if a.assessed_on <= baseline.assessed_on:
            raise BadInputError(
                _(
                    "A follow-up assessment must be dated after the baseline ({baseline}); "
                    "{day} is not. Mark it as the baseline instead if it is the earlier one."
                ).format(day=day_text(a.assessed_on), baseline=day_text(baseline.assessed_on))
            )


def check_baseline_fields(a: Assessment) -> None:
    """A baseline has nothing earlier to be rated against: refuse ratings "vs baseline"."""
    mri = a.mri
    rated = [
        name
        for name, present in (
            (_("neurological assessment against the baseline"), a.neuro_rating is not None),
            (_("MRI changes"), bool(mri.changes)),
            (_("overall LM imaging response"), mri.lm_response is not None),
            (_("RANO-LM imaging grade"), mri.rano_grade is not None),
            (_("parenchymal response"), mri.parenchymal is not None),
        )
        if present
    ]
    if rated:
        raise BadInputError(
            _(
                "A baseline assessment has nothing earlier to be compared with; leave out: "
                "{fields}."
            ).format(fields=", ".join(rated))
        )
