"""verify-audit compares each course, session by session, with the course its audit rows
rebuild: a dose, route, day or mark changed behind lmdesk's back (in the course's record or
in its session rows) is named; every change made through lmdesk verifies clean."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from lmdesk.devtools import bedside_demo as demo
from lmdesk.models.scheduling import course_actions as act
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.protocol_repo import ProtocolRepository

AT = datetime(2027, 1, 4, 10, 0)

#: The tampering is done with SQLite's own tools (on the ward server the triggers refuse it).
tampering = pytest.mark.sqlite_only


def _lived_course(ctx: Any) -> Any:
    """A course after the changes a ward makes: verify, give, delay, hold, reduce, cancel."""
    demo.add_patient(ctx)
    c = demo.verify(ctx, demo.add_course(ctx, start=date(2027, 1, 4)))
    repo, limits = CourseRepository(ctx.patients), ProtocolRepository(ctx.reference).limits()
    dose = c.sessions[0].dose_mg
    c = repo.apply(
        c, act.give(c, 1, at=AT, dose_mg=dose, route=c.route, given_by="Nurse", limits=limits)
    )
    c = repo.apply(c, act.delay(c, 2, c.sessions[1].date.replace(day=9), "fever"))
    c = repo.apply(c, act.hold(c, 3, "platelets"))
    c = repo.apply(c, act.reduce_from(c, 4, dose / 2, "arachnoiditis"))
    c = repo.apply(c, act.cancel(c, len(c.sessions), "declined"))
    return c


def _findings(patient_db: Any) -> list[str]:
    return [f.message for f in patient_db.verify_trail().findings]


def test_every_change_made_through_lmdesk_verifies_clean(ctx: Any, patient_db: Any) -> None:
    _lived_course(ctx)
    assert patient_db.verify_trail().ok, _findings(patient_db)


@tampering
def test_a_dose_changed_in_the_course_record_is_named(ctx: Any, patient_db: Any) -> None:
    course = _lived_course(ctx)
    body = json.loads(
        patient_db.conn.execute("SELECT body FROM courses WHERE id = ?", (course.id,)).fetchone()[0]
    )
    body["sessions"][5]["dose_mg"] = 100.0
    patient_db.conn.execute(
        "UPDATE courses SET body = ? WHERE id = ?", (json.dumps(body), course.id)
    )
    found = _findings(patient_db)
    assert len(found) == 1
    assert f"course {course.id} was changed behind lmdesk's back" in found[0]
    assert "session 6 dose_mg in its record" in found[0]


@tampering
@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("UPDATE course_sessions SET dose_mg = 100 WHERE n = 2", "session 2 dose_mg"),
        ("UPDATE course_sessions SET route = 'ommaya' WHERE n = 5", "session 5 route"),
        ("UPDATE course_sessions SET date = '2027-03-01' WHERE n = 6", "session 6 date"),
        ("UPDATE course_sessions SET status = 'given' WHERE n = 3", "session 3 status"),
        ("DELETE FROM course_sessions WHERE n = 7", "the number of sessions"),
    ],
)
def test_a_session_row_changed_is_named(ctx: Any, patient_db: Any, sql: str, named: str) -> None:
    _lived_course(ctx)
    patient_db.conn.execute(sql)
    found = _findings(patient_db)
    assert len(found) == 1 and named in found[0] and "its session rows" in found[0]
