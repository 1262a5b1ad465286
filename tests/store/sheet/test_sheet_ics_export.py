from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sheet_factories import LIMITS, TZ, make_course

from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling import course_actions as act
from lmdesk.store.ics_export import course_calendar, session_uid

STAMP = datetime(2027, 1, 4, 9, 0, tzinfo=TZ)


def events(data: bytes):
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_ics_parses_back_to_the_same_dates():
    course = make_course()
    found = events(course_calendar(course, STAMP, "Zhang San"))
    assert [e.decoded("dtstart") for e in found] == [s.date for s in course.sessions]
    assert all(
        e.decoded("dtend") - e.decoded("dtstart") == date(2000, 1, 2) - date(2000, 1, 1)
        for e in found
    )
    assert [str(e["uid"]) for e in found] == [session_uid(7, s.n) for s in course.sessions]
    first = found[0]
    assert "INTRATHECAL / 鞘内注射" in str(first["summary"]) and "15 mg" in str(first["summary"])
    assert "Zhang San (MRN MRN-001)" in str(first["description"])


def test_held_and_cancelled_sessions_are_cancelled_events():
    course = act.hold(make_course(), 2, "platelets low").course
    course = act.cancel(course, 3, "declined").course
    statuses = [str(e["status"]) for e in events(course_calendar(course, STAMP))]
    assert statuses[:4] == ["CONFIRMED", "CANCELLED", "CANCELLED", "CONFIRMED"]


def test_unsaved_plan_has_no_calendar():
    with pytest.raises(BadInputError):
        course_calendar(make_course(course_id=None), STAMP)


@settings(max_examples=25, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)), st.booleans())
def test_any_start_round_trips(start, no_weekends):
    from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar

    course = make_course(start=start, calendar=ScheduleCalendar(avoid_weekends=no_weekends))
    found = events(course_calendar(course, STAMP))
    assert [e.decoded("dtstart") for e in found] == [s.date for s in course.sessions]


def test_limits_fixture_is_used():  # keeps the shared factory honest about its limits
    assert LIMITS.for_drug("pemetrexed", "lp").usual_max_mg == 15
