from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_factories import LIMITS, make_course

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar, interval_findings

AT = datetime(2027, 1, 4, 10, 30)


def test_new_course_snapshot_and_revision():
    course = make_course()
    assert course.revision == 0 and course.status == "active"
    assert course.protocol.id == "mtx-classic"
    assert all(s.status == "planned" for s in course.sessions)


def test_give_records_everything_and_bumps_revision():
    course = make_course()
    res = act.give(
        course, 1, at=AT, dose_mg=12, route="lp", given_by="Nurse Li", limits=LIMITS, batch="B7"
    )
    s = res.course.session(1)
    assert s.status == "given" and s.given.batch == "B7" and s.given.given_by == "Nurse Li"
    assert res.course.revision == 1 and "Nurse Li" in res.description
    assert course.session(1).status == "planned"  # the old value is untouched


def test_give_twice_is_bad_input():
    c = act.give(
        make_course(), 1, at=AT, dose_mg=12, route="lp", given_by="A", limits=LIMITS
    ).course
    with pytest.raises(BadInputError):
        act.give(c, 1, at=AT, dose_mg=12, route="lp", given_by="A", limits=LIMITS)


def test_give_over_ceiling_refused_and_above_usual_needs_reason():
    c = make_course()
    with pytest.raises(SafetyRefusal):
        act.give(c, 1, at=AT, dose_mg=16, route="lp", given_by="A", limits=LIMITS)
    with pytest.raises(SafetyRefusal):
        act.give(c, 1, at=AT, dose_mg=14, route="lp", given_by="A", limits=LIMITS)
    ok = act.give(
        c, 1, at=AT, dose_mg=14, route="lp", given_by="A", limits=LIMITS, dose_reason="protocol"
    )
    assert ok.course.session(1).given.dose_reason == "protocol"


def test_give_needs_who():
    with pytest.raises(BadInputError):
        act.give(make_course(), 1, at=AT, dose_mg=12, route="lp", given_by=" ", limits=LIMITS)


def test_hold_and_cancel_need_reason():
    c = make_course()
    with pytest.raises(BadInputError):
        act.hold(c, 2, "")
    held = act.hold(c, 2, "platelets low").course
    assert held.session(2).status == "held" and held.session(2).reason == "platelets low"
    assert held.session(3).date == c.session(3).date
    cancelled = act.cancel(held, 3, "patient declined").course
    assert cancelled.session(3).status == "cancelled"


def test_unknown_session_is_bad_input():
    with pytest.raises(BadInputError):
        act.hold(make_course(), 99, "x")


def test_delay_shifts_the_rest_and_keeps_rules():
    c = make_course()
    res = act.delay(c, 3, date(2027, 1, 13), "fever")
    new = res.course
    s3 = new.session(3)
    assert s3.status == "delayed" and s3.delayed_from == date(2027, 1, 11)
    assert s3.date == date(2027, 1, 13)
    assert new.session(4).date >= date(2027, 1, 16)
    assert new.session(1).date == c.session(1).date
    assert interval_findings([s.date for s in new.sessions]) == []


def test_delay_backwards_is_bad_input():
    with pytest.raises(BadInputError):
        act.delay(make_course(), 3, date(2027, 1, 10), "x")


def test_delay_respects_weekends():
    c = make_course(calendar=ScheduleCalendar(avoid_weekends=True))
    new = act.delay(c, 2, date(2027, 1, 9), "bed shortage").course
    assert new.session(2).date == date(2027, 1, 11)
    assert all(s.date.weekday() < 5 for s in new.sessions)


def test_delay_and_reduce_clear_verification():
    c = act.verify(make_course(), "Dr Second", AT).course
    assert c.verification is not None
    assert act.delay(c, 2, date(2027, 1, 9), "x").course.verification is None
    assert act.reduce_from(c, 2, 10, "neurotoxicity").course.verification is None


def test_reduce_from_changes_only_open_later_sessions():
    c = act.give(
        make_course(), 1, at=AT, dose_mg=12, route="lp", given_by="A", limits=LIMITS
    ).course
    new = act.reduce_from(c, 3, 10, "neurotoxicity").course
    assert new.session(1).given.dose_mg == 12
    assert new.session(2).dose_mg == 12
    assert {s.dose_mg for s in new.sessions if s.n >= 3} == {10}
    with pytest.raises(BadInputError):
        act.reduce_from(new, 4, 11, "not lower")


def test_stop_blocks_further_changes():
    c = act.stop(make_course(), "progression", AT, "Dr A").course
    assert c.status == "stopped" and c.next_due() is None
    with pytest.raises(BadInputError):
        act.hold(c, 2, "x")
    with pytest.raises(BadInputError):
        act.stop(c, "again", AT, "Dr A")


def test_verify_needs_second_clinician():
    with pytest.raises(BadInputError):
        act.verify(make_course(), "dr planner", AT)
    c = act.verify(make_course(), "Dr Second", AT).course
    assert c.verification.by == "Dr Second"


def test_summary_and_cumulative():
    c = make_course(maintenance_count=0)
    c = act.give(c, 1, at=AT, dose_mg=12, route="lp", given_by="A", limits=LIMITS).course
    c = act.give(c, 2, at=AT, dose_mg=10, route="ommaya", given_by="A", limits=LIMITS).course
    c = act.hold(c, 3, "counts").course
    summary = c.summary()
    assert (summary.given, summary.held, summary.planned) == (2, 1, 9)
    assert summary.next_due.n == 4
    cum = {(x.route): x for x in summary.cumulative}
    assert cum["lp"].given_mg == 12 and cum["lp"].planned_mg == 9 * 12
    assert cum["ommaya"].given_mg == 10


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 18), shift=st.integers(1, 40), weekends=st.booleans())
def test_any_delay_keeps_interval_rules(n, shift, weekends):
    from datetime import timedelta

    c = make_course(calendar=ScheduleCalendar(avoid_weekends=weekends))
    new = act.delay(c, n, c.session(n).date + timedelta(days=shift), "r").course
    dates = [s.date for s in new.sessions]
    assert interval_findings(dates) == []
    assert dates == sorted(dates)
    assert all(new.calendar.allows(d) for d in dates[n - 1 :])


def test_rule_findings_use_actual_given_dates():
    from lmdesk.models.scheduling.course import rule_findings

    c = make_course()
    assert rule_findings(c) == []
    late = datetime(2027, 1, 6, 9, 0)  # session 1 given two days late, 1 day before session 2
    c = act.give(c, 1, at=late, dose_mg=12, route="lp", given_by="A", limits=LIMITS).course
    assert [f.code for f in rule_findings(c)] == ["min_interval", "max_per_week"]


def test_delay_respects_the_patients_other_courses():
    c = make_course()
    others = [date(2027, 1, 14)]  # another course's session
    new = act.delay(c, 3, date(2027, 1, 13), "fever", other_it_dates=others).course
    dates = [s.date for s in new.sessions]
    assert interval_findings([*dates, *others]) == []
    assert new.session(3).date == date(2027, 1, 17)


def test_each_action_carries_its_audit_event():
    """The audit row is worded from the event when read, in the reader's language."""
    course = make_course()
    result = act.hold(course, 1, "low platelets")
    assert result.event.code == "course.hold"
    assert result.event.params == {"n": 1, "why": "low platelets"}
    assert "low platelets" in result.description


def test_give_event_keeps_the_moment_and_the_route_code():
    course = make_course()
    at = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
    result = act.give(course, 1, at=at, dose_mg=12, route="lp", given_by="N", limits=LIMITS)
    assert result.event.params["at"] == "2027-01-04T10:00:00+00:00"
    assert result.event.params["route"] == "lp" and result.event.params["dose_mg"] == 12
