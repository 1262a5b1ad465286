"""Courses screen: ask for the correction of the course's last given/held mark.

The rule (which mark, how long after, who, the reason) is ``models.scheduling.mark_correction``;
this asks the signed-in user for the reason after saying what is corrected, or says why the
mark cannot be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from lmdesk.i18n import _
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.course_actions import ActionResult
from lmdesk.models.scheduling.mark_correction import (
    correct_last_mark,
    last_mark,
    mark_was_text,
    rights_refusal,
    window_refusal,
)
from lmdesk.models.users.user import User
from lmdesk.views.courses.action_dialogs import Asker


def ask_correction(
    course: Course, user: User | None, now: datetime, asker: Asker
) -> Callable[[Course], ActionResult] | None:
    """The correction to apply (as ``SessionActions._apply`` takes it), or None when refused
    (said to the user) or cancelled."""
    title = _("Correct last mark")
    session = last_mark(course)
    if session is None:
        asker.warn(title, _("No session of this course is marked given or held."))
        return None
    if user is None:
        asker.warn(title, _("Sign in to correct a mark."))
        return None
    why_not = window_refusal(session, now) or rights_refusal(session, user, now.date())
    if why_not is not None:
        asker.warn(title, why_not)
        return None
    mark = _("given") if session.status == "given" else _("held")
    reason = asker.text(
        title,
        _(
            "Session {n} is marked {mark} ({was}). The correction returns it to the plan and "
            "is recorded with your name and reason. Why is the mark corrected?"
        ).format(n=session.n, mark=mark, was=mark_was_text(session)),
    )
    if reason is None:
        return None
    return lambda c: correct_last_mark(c, reason=reason, by=user, now=now)
