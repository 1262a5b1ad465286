"""Correcting the last given/held mark (issue 26): only the last mark, within the window,
with a typed reason, by whom the rights table allows; the session returns to what it was."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sched_factories import LIMITS, make_course

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.mark_correction import (
    CORRECTION_WINDOW,
    correct_last_mark,
    last_mark,
)
from lmdesk.models.users.rights import RightRefused
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User

AT = datetime(2027, 1, 4, 10, 30)
UNTIL = date(2030, 1, 1)
PRESCRIBER = User(
    login="dr.wang", name_en="Wang Wei", roles=(Role.PRESCRIBER,), register_until=UNTIL
)
NURSE = User(login="nurse.li", name_en="Li Na", roles=(Role.NURSE,), register_until=UNTIL)
OTHER_NURSE = User(login="nurse.ma", name_en="Ma Li", roles=(Role.NURSE,), register_until=UNTIL)
PHARMACIST = User(login="ph.zhou", name_en="Zhou", roles=(Role.PHARMACIST,))


def _given(n: int = 1, at: datetime = AT, by: str = "Li Na") -> object:
    course = make_course()
    for k in range(1, n):
        course = act.hold(course, k, "platelets", at - timedelta(days=7 * (n - k))).course
    return act.give(course, n, at=at, dose_mg=12, route="lp", given_by=by, limits=LIMITS).course


def test_the_giver_takes_back_a_mis_clicked_given_with_a_reason() -> None:
    course = _given()
    res = correct_last_mark(
        course, reason="wrong patient row", by=NURSE, now=AT + timedelta(hours=1)
    )
    s = res.course.session(1)
    assert s.status == "planned" and s.given is None
    assert [(c.mark, c.reason, c.by) for c in s.corrections] == [
        ("given", "wrong patient row", "Li Na")
    ]
    assert "12 mg" in s.corrections[0].was and "Li Na" in s.corrections[0].was
    assert res.event.code == "course.correct" and res.course.revision == course.revision + 1
    assert "wrong patient row" in res.description and "given" in res.description
    assert course.session(1).status == "given"  # the old course is untouched


def test_a_prescriber_may_correct_another_persons_given_but_another_nurse_may_not() -> None:
    course = _given()
    later = AT + timedelta(hours=2)
    assert (
        correct_last_mark(course, reason="x", by=PRESCRIBER, now=later).course.session(1).status
        == "planned"
    )
    with pytest.raises(RightRefused):
        correct_last_mark(course, reason="x", by=OTHER_NURSE, now=later)
    with pytest.raises(RightRefused):
        correct_last_mark(course, reason="x", by=PHARMACIST, now=later)


def test_a_held_mark_needs_a_prescriber_and_returns_a_delayed_session_to_delayed() -> None:
    course = make_course()
    moved = course.session(2).date + timedelta(days=1)
    course = act.delay(course, 2, moved, "holiday").course
    course = act.hold(course, 2, "fever", AT).course
    with pytest.raises(RightRefused):
        correct_last_mark(course, reason="mis-click", by=NURSE, now=AT)
    s = correct_last_mark(course, reason="mis-click", by=PRESCRIBER, now=AT).course.session(2)
    assert s.status == "delayed" and s.reason == "" and s.held_at is None
    assert s.corrections[0].was == "fever" and s.date == moved


def test_only_the_last_mark_is_corrected() -> None:
    course = _given(n=2)  # session 1 held a week before, session 2 given now
    assert last_mark(course).n == 2
    res = correct_last_mark(course, reason="x", by=PRESCRIBER, now=AT)
    assert res.course.session(2).status == "planned" and res.course.session(1).status == "held"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(reason: str) -> None:
    with pytest.raises(BadInputError):
        correct_last_mark(_given(), reason=reason, by=NURSE, now=AT)


def test_nothing_marked_or_a_stopped_course_is_bad_input() -> None:
    with pytest.raises(BadInputError):
        correct_last_mark(make_course(), reason="x", by=PRESCRIBER, now=AT)
    stopped = act.stop(_given(), "progression", AT, "Wang Wei").course
    with pytest.raises(BadInputError):
        correct_last_mark(stopped, reason="x", by=PRESCRIBER, now=AT)


def test_a_hold_recorded_without_its_time_is_not_corrected() -> None:
    course = act.hold(make_course(), 1, "platelets").course  # stored before held_at existed
    with pytest.raises(SafetyRefusal, match="new action"):
        correct_last_mark(course, reason="x", by=PRESCRIBER, now=AT)


@given(st.integers(min_value=0, max_value=72 * 60))
def test_the_window_is_a_sharp_edge(minutes: int) -> None:
    now = AT + timedelta(minutes=minutes)
    course = _given()
    if timedelta(minutes=minutes) <= CORRECTION_WINDOW:
        assert (
            correct_last_mark(course, reason="x", by=NURSE, now=now).course.session(1).given is None
        )
    else:
        with pytest.raises(SafetyRefusal) as refused:
            correct_last_mark(course, reason="x", by=NURSE, now=now)
        assert refused.value.rule == "correction.window"
