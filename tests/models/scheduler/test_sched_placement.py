"""Issue 22: a course planned beside another keeps its cycle length and says what moved, why."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from sched_factories import LIMITS, mtx_classic

from lmdesk.models.scheduling.placement import COURSE_SHIFTED, MOVED_BY_OTHER_COURSE
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import DoseRange, Phase, Protocol

START = date(2027, 1, 4)


def q21() -> Protocol:
    return Protocol(
        id="pem-q21",
        name_en="Pemetrexed q21d",
        drug="pemetrexed",
        routes=("lp",),
        dose=DoseRange(min_mg=10, max_mg=10, default_mg=10),
        phases=(Phase(kind="cycle", period_days=21, repeats=4),),
    )


def _plan(others: frozenset[date]):  # type: ignore[no-untyped-def]
    return plan_course(q21(), PlanOptions(start=START, other_it_dates=others), LIMITS, None)


def test_beside_an_active_course_the_cycle_keeps_21_days_and_says_why() -> None:
    other = plan_course(mtx_classic(), PlanOptions(start=START, maintenance_count=0), LIMITS, None)
    plan = _plan(frozenset(s.date for s in other.sessions))
    days = [s.date for s in plan.sessions]
    assert [(b - a).days for a, b in pairwise(days)] == [21, 21, 21]
    moved = [f for f in plan.findings if f.code == MOVED_BY_OTHER_COURSE]
    assert moved and "another course" in moved[0].message and START.isoformat() in moved[0].message
    assert any(f.code == COURSE_SHIFTED for f in plan.findings)


def test_the_reason_is_said_in_chinese(zh: None) -> None:
    plan = _plan(frozenset({START}))
    moved = next(f for f in plan.findings if f.code == MOVED_BY_OTHER_COURSE)
    assert "另一疗程" in moved.message


def test_nothing_in_the_way_nothing_moved() -> None:
    plan = _plan(frozenset())
    assert [s.date for s in plan.sessions] == [START + timedelta(days=21 * i) for i in range(4)]
    assert not any(f.code in (MOVED_BY_OTHER_COURSE, COURSE_SHIFTED) for f in plan.findings)


@settings(max_examples=60, deadline=None)
@given(st.frozensets(st.integers(-10, 80).map(lambda d: START + timedelta(days=d)), max_size=12))
def test_cycle_length_and_interval_rules_hold_beside_any_course(others: frozenset[date]) -> None:
    plan = _plan(others)
    days = [s.date for s in plan.sessions]
    assert all((b - a).days >= 21 for a, b in pairwise(days))
    assert all(abs((d - o).days) >= 3 for d in days for o in others)
    assert all(d >= START for d in days)
