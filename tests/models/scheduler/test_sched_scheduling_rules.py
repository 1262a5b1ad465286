from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_factories import mtx_classic

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.calendar_rules import (
    ScheduleCalendar,
    check_one_it_drug,
    interval_findings,
    next_allowed_day,
    place_session,
)
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import DoseRange, Phase, Protocol

NO_LIMITS = DoseLimits([])


def test_next_allowed_day_skips_weekend_and_holiday():
    cal = ScheduleCalendar(avoid_weekends=True, holidays=frozenset({date(2027, 1, 4)}))
    assert next_allowed_day(date(2027, 1, 2), cal) == date(2027, 1, 5)


def test_next_allowed_day_without_rules_is_same_day():
    assert next_allowed_day(date(2027, 1, 2), ScheduleCalendar()) == date(2027, 1, 2)


def test_year_of_holidays_is_bad_input():
    days = frozenset(date(2027, 1, 1) + timedelta(days=i) for i in range(400))
    with pytest.raises(BadInputError):
        next_allowed_day(date(2027, 1, 1), ScheduleCalendar(holidays=days))


def test_place_session_keeps_min_interval():
    assert place_session(date(2027, 1, 5), [date(2027, 1, 4)], ScheduleCalendar()) == date(
        2027, 1, 7
    )


def test_place_session_third_in_seven_days_moves():
    prev = [date(2027, 1, 4), date(2027, 1, 7)]
    assert place_session(date(2027, 1, 10), prev, ScheduleCalendar()) == date(2027, 1, 11)


def test_interval_findings_flags_both_rules():
    codes = [f.code for f in interval_findings([date(2027, 1, 1), date(2027, 1, 2)])]
    assert codes == ["min_interval"]
    codes = [
        f.code for f in interval_findings([date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 7)])
    ]
    assert codes == ["max_per_week"]
    assert interval_findings([date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 8)]) == []


def test_one_it_drug_rule():
    check_one_it_drug("methotrexate", ["dexamethasone"])
    with pytest.raises(SafetyRefusal):
        check_one_it_drug("methotrexate", ["thiotepa"])
    with pytest.raises(SafetyRefusal):
        check_one_it_drug("methotrexate", ["methotrexate"])


def _ok(dates: list[date], min_gap: int = 3) -> bool:
    return interval_findings(dates, min_gap) == []


day_strategy = st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31))
holidays_strategy = st.frozensets(day_strategy, max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    start=day_strategy,
    weekends=st.booleans(),
    holidays=holidays_strategy,
    offsets=st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(sorted),
    repeats=st.integers(1, 8),
)
def test_any_plan_obeys_interval_and_calendar_rules(start, weekends, holidays, offsets, repeats):
    proto = Protocol(
        id="gen",
        name_en="gen",
        drug="methotrexate",
        dose=DoseRange(min_mg=12, max_mg=12, default_mg=12),
        phases=(
            Phase(kind="induction", period_days=7, offsets_days=tuple(offsets), repeats=repeats),
            Phase(kind="maintenance", period_months=1),
        ),
    )
    cal = ScheduleCalendar(avoid_weekends=weekends, holidays=holidays)
    plan = plan_course(
        proto, PlanOptions(start=start, calendar=cal, maintenance_count=3), NO_LIMITS, None
    )
    dates = [s.date for s in plan.sessions]
    assert dates == sorted(dates)
    assert _ok(dates)
    assert all(cal.allows(d) for d in dates)
    assert all(s.date >= s.nominal_date for s in plan.sessions)
    assert not [f for f in plan.findings if f.code in ("min_interval", "max_per_week")]


@settings(max_examples=60, deadline=None)
@given(
    start=st.sampled_from(
        [
            date(2027, 1, 29),
            date(2027, 2, 26),
            date(2028, 2, 26),
            date(2028, 2, 29),
            date(2027, 12, 31),
            date(2028, 12, 29),
        ]
    ),
    holidays=holidays_strategy,
)
def test_month_end_and_leap_day_starts_obey_rules(start, holidays):
    cal = ScheduleCalendar(avoid_weekends=True, holidays=holidays)
    plan = plan_course(mtx_classic(), PlanOptions(start=start, calendar=cal), NO_LIMITS, None)
    dates = [s.date for s in plan.sessions]
    assert _ok(dates) and all(cal.allows(d) for d in dates)
    assert len(dates) == 18


def test_place_session_respects_other_courses_in_both_directions():
    others = [date(2027, 1, 5), date(2027, 1, 8)]
    # the 4th is 1 day before a session of another course; the 11th makes 3 in 7 days
    assert place_session(date(2027, 1, 4), [], ScheduleCalendar(), others=others) == date(
        2027, 1, 12
    )


@settings(max_examples=120, deadline=None)
@given(
    start=day_strategy,
    other_start=day_strategy,
    weekends=st.booleans(),
    other_every=st.integers(3, 14),
)
def test_plan_with_another_course_keeps_patient_level_rules(
    start, other_start, weekends, other_every
):
    others = frozenset(other_start + timedelta(days=i * other_every) for i in range(8))
    assume_ok = interval_findings(sorted(others))
    if assume_ok:
        return  # the other course itself must be valid (it was placed under the rules)
    cal = ScheduleCalendar(avoid_weekends=weekends)
    plan = plan_course(
        mtx_classic(),
        PlanOptions(start=start, calendar=cal, maintenance_count=2, other_it_dates=others),
        NO_LIMITS,
        None,
    )
    dates = [s.date for s in plan.sessions]
    assert _ok([*dates, *others])
    assert not set(dates) & others


@st.composite
def holidays_next_to_weekends(draw):
    """Fridays and/or Mondays around random weekends (long weekends), plus bridge days."""
    days = set()
    for _ in range(draw(st.integers(1, 12))):
        saturday = date(2027, 1, 2) + timedelta(weeks=draw(st.integers(0, 60)))
        if draw(st.booleans()):
            days.add(saturday - timedelta(days=1))
        if draw(st.booleans()):
            days.add(saturday + timedelta(days=2))
            if draw(st.booleans()):
                days.add(saturday + timedelta(days=3))
    return frozenset(days)


@settings(max_examples=100, deadline=None)
@given(holidays=holidays_next_to_weekends(), start_offset=st.integers(0, 30))
def test_long_weekends_never_break_rules(holidays, start_offset):
    cal = ScheduleCalendar(avoid_weekends=True, holidays=holidays)
    start = date(2027, 1, 1) + timedelta(days=start_offset)
    plan = plan_course(mtx_classic(), PlanOptions(start=start, calendar=cal), NO_LIMITS, None)
    dates = [s.date for s in plan.sessions]
    assert _ok(dates) and all(cal.allows(d) for d in dates)
    assert len(dates) == 18
