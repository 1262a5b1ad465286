"""The sessions of a course as an iCalendar file for the ward calendar (``icalendar``).

Each session is an all-day event with a stable UID (course + session number), so
importing a newer export updates the ward calendar instead of doubling it; held and
cancelled sessions are exported as CANCELLED. The route is written in full.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.course import Course
from lmdesk.models.sheet.document import ROUTE_IN_FULL

PRODID = "-//lmdesk//intrathecal regimen//EN"
_ROUTE = {"lp": "lumbar puncture", "ommaya": "Ommaya reservoir"}


def session_uid(course_id: int, n: int) -> str:
    return f"lmdesk-course-{course_id}-session-{n}@lmdesk"


def course_calendar(course: Course, stamp: datetime, patient_label: str = "") -> bytes:
    """iCalendar bytes of every session of a saved course (``stamp`` = export time)."""
    if course.id is None:
        raise BadInputError(_("Save the course before exporting its calendar."))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"lmdesk course {course.id}")
    who = f"{patient_label} (MRN {course.patient_mrn})" if patient_label else course.patient_mrn
    for s in course.sessions:
        event = Event()
        event.add("uid", session_uid(course.id, s.n))
        event.add("dtstamp", stamp)
        event.add("dtstart", s.date)
        event.add("dtend", s.date + timedelta(days=1))
        dose = s.given.dose_mg if s.given else s.dose_mg
        event.add(
            "summary",
            f"IT {s.drug} {dose:g} {s.unit} — {ROUTE_IN_FULL} ({_ROUTE[s.route]}) — "
            f"MRN {course.patient_mrn} — #{s.n}",
        )
        lines = [
            f"Patient: {who}",
            f"Session {s.n}, {s.phase}" + (f" cycle {s.cycle}" if s.cycle else ""),
            f"Dose: {dose:g} {s.unit}; route: {ROUTE_IN_FULL} ({_ROUTE[s.route]})",
            f"Status: {s.status}" + (f" ({s.reason})" if s.reason else ""),
            f"Course revision {course.revision}",
        ]
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if s.status in ("held", "cancelled") else "CONFIRMED")
        event.add("categories", ["lmdesk", "intrathecal"])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
