"""How protocols, courses and sessions are worded on screen and on the command line.

Pure (no Qt): the session table, the course summary, the protocol list and
``lmdesk course show`` say the same thing in the reader's language, never the stored codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lmdesk.i18n import N_, _
from lmdesk.models.drugs.labels import STATUS_SHORT
from lmdesk.models.local_time import local_time_text
from lmdesk.models.response.texts import day_text
from lmdesk.models.scheduling.course import STATUS_LABELS, Course, Session
from lmdesk.models.scheduling.planning import PlannedSession
from lmdesk.models.scheduling.protocol import (
    CHECK_LABELS,
    PHASE_LABELS,
    DrugNames,
    co_medication_text,
)
from lmdesk.models.scheduling.routes import ROUTE_SHORT

COURSE_STATUS_LABELS: dict[str, str] = {
    "active": N_("active"),
    "stopped": N_("stopped"),
}


def weekday_date(day: dt.date) -> str:
    """ISO date with its weekday in the user's language (dates are shown with weekday)."""
    return day_text(day)


def course_status_text(status: str) -> str:
    """``active`` / ``stopped`` in the reader's language (an unknown code as it is)."""
    label = COURSE_STATUS_LABELS.get(status)
    return _(label) if label else status


def checks_text(checks: tuple[str, ...] | list[str]) -> str:
    """The checks due before a session, in words (an unknown code as it is)."""
    return ", ".join(_(CHECK_LABELS[c]) if c in CHECK_LABELS else c for c in checks)


def phase_text(s: PlannedSession) -> str:
    label = _(PHASE_LABELS[s.phase])
    if s.cycle is not None:
        return _("{phase} {cycle}, day {day}").format(phase=label, cycle=s.cycle, day=s.day or 1)
    return label


def details_text(s: Session, names: DrugNames | None = None) -> str:
    if s.given is not None:
        g = s.given
        text = _("given {at} by {who}, {dose:g} mg").format(
            at=local_time_text(g.at), who=g.given_by, dose=g.dose_mg
        )
        return text + (_(", batch {batch}").format(batch=g.batch) if g.batch else "")
    if s.delayed_from is not None:
        return _("delayed from {day}: {why}").format(day=s.delayed_from.isoformat(), why=s.reason)
    if s.reason:
        return s.reason
    parts = [_("before: {checks}").format(checks=checks_text(s.checks))]
    parts += ["+ " + co_medication_text(m, names or {}) for m in s.co_medications]
    return "; ".join(parts) if s.checks or s.co_medications else ""


def status_text(s: Session) -> str:
    """A session of a default schedule nobody has confirmed says so in its status."""
    if not s.schedule_confirmed:
        return _("{status} (default, not confirmed)").format(status=_(STATUS_LABELS[s.status]))
    return _(STATUS_LABELS[s.status])


PROTOCOL_STATUS_LABELS: dict[str, str] = {
    "standard": STATUS_SHORT["standard"],
    "investigational": STATUS_SHORT["investigational"],
    "discontinued": STATUS_SHORT["discontinued"],
    "custom": N_("custom"),
}


def protocol_status_text(status: str) -> str:
    """``standard`` / ``investigational`` / ``discontinued`` / ``custom``, translated."""
    label = PROTOCOL_STATUS_LABELS.get(status)
    return _(label) if label else status


def routes_short_text(routes: Iterable[str]) -> str:
    """``lumbar puncture / Ommaya reservoir``: a protocol's IT routes, short, for a table
    whose heading already says they are intrathecal."""
    return " / ".join(_(ROUTE_SHORT[r]) if r in ROUTE_SHORT else r for r in routes)


def course_choice_label(course: Course, language: str) -> str:
    """``#3 Methotrexate IT, classic schedule (2027-01-04)``, the protocol named in
    ``language`` (its id is for scripts, not for the ward)."""
    start = course.sessions[0].date.isoformat() if course.sessions else "-"
    return f"#{course.id} {course.protocol.display_name(language)} ({start})"
