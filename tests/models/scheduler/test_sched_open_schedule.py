"""Phases the sources leave open plan a marked default until the clinician confirms or edits it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.open_schedule import SCHEDULE_DEFAULT_RULE, require_confirmed_schedule
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import DoseRange, Phase, Protocol, ScheduleDefault

START = date(2027, 1, 4)
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
NO_LIMITS = DoseLimits([])
BASIS = {"basis_en": "analogous schedule [R1]", "basis_zh": "参照方案 [R1]"}


def protocol(*phases: Phase) -> Protocol:
    return Protocol(
        id="x",
        name_en="x",
        drug="pemetrexed",
        dose=DoseRange(min_mg=30, max_mg=30, default_mg=30),
        phases=phases,
    )


def cycles_open_count(repeats: int = 2) -> Protocol:
    """Days 1 and 8 every 21 days; the number of cycles left open (as Li 2023)."""
    return protocol(
        Phase(
            kind="cycle",
            period_days=21,
            offsets_days=(0, 7),
            confirmed=False,
            default=ScheduleDefault(repeats=repeats, **BASIS),
        )
    )


def interval_open() -> Protocol:
    """Neither interval nor number given by the source (as LMIS)."""
    return protocol(
        Phase(
            kind="cycle",
            confirmed=False,
            default=ScheduleDefault(period_days=14, repeats=3, **BASIS),
        )
    )


def plan(proto: Protocol, **options: object):
    return plan_course(proto, PlanOptions(start=START, **options), NO_LIMITS, None)


def codes(p) -> set[str]:
    return {f.code for f in p.findings}


def test_open_cycle_count_plans_the_default_marked_not_confirmed():
    p = plan(cycles_open_count())
    assert [s.date for s in p.sessions] == [START + timedelta(days=d) for d in (0, 7, 21, 28)]
    assert [s.day for s in p.sessions] == [1, 8, 1, 8]
    assert [s.cycle for s in p.sessions] == [1, 1, 2, 2]
    assert not any(s.schedule_confirmed for s in p.sessions)
    assert not p.schedule_confirmed
    warning = next(f for f in p.findings if f.code == SCHEDULE_DEFAULT_RULE)
    assert warning.level == "warning"
    assert "NOT CONFIRMED" in warning.message and "[R1]" in warning.message
    assert "2 cycles of 21 days (days 1, 8)" in warning.message
    (choice,) = p.schedule_choices
    assert choice.origin == "default" and choice.count_from_default
    assert not choice.interval_from_default and choice.period_days is None


def test_confirming_the_default_keeps_the_dates_and_marks_them_confirmed():
    p = plan(cycles_open_count(), confirm_default_schedule=True)
    assert [s.date for s in p.sessions] == [s.date for s in plan(cycles_open_count()).sessions]
    assert all(s.schedule_confirmed for s in p.sessions) and p.schedule_confirmed
    assert "schedule_default_confirmed" in codes(p) and SCHEDULE_DEFAULT_RULE not in codes(p)
    assert p.schedule_choices[0].origin == "default_confirmed"


def test_entered_count_replaces_the_default_and_is_the_clinicians():
    p = plan(cycles_open_count(), count=3)
    assert len(p.sessions) == 6 and all(s.schedule_confirmed for s in p.sessions)
    assert p.schedule_choices[0].origin == "clinician"
    assert "schedule_entered" in codes(p) and SCHEDULE_DEFAULT_RULE not in codes(p)


def test_open_interval_uses_the_default_period_and_count():
    p = plan(interval_open())
    assert [s.date for s in p.sessions] == [START + timedelta(days=d) for d in (0, 14, 28)]
    choice = p.schedule_choices[0]
    assert choice.interval_from_default and choice.count_from_default
    assert choice.period_days == 14


def test_a_count_alone_leaves_the_default_interval_unconfirmed():
    p = plan(interval_open(), count=4)
    assert [s.date for s in p.sessions] == [START + timedelta(days=14 * i) for i in range(4)]
    assert not p.schedule_confirmed
    assert "the interval" in next(f.message for f in p.findings if f.code == SCHEDULE_DEFAULT_RULE)


def test_an_interval_alone_leaves_the_default_count_unconfirmed():
    p = plan(interval_open(), every_days=21)
    assert [s.date for s in p.sessions] == [START + timedelta(days=21 * i) for i in range(3)]
    assert not p.schedule_confirmed


def test_interval_and_count_entered_are_confirmed():
    p = plan(interval_open(), every_days=21, count=2)
    assert [s.date for s in p.sessions] == [START, START + timedelta(days=21)]
    assert p.schedule_confirmed and p.schedule_choices[0].origin == "clinician"


def test_open_maintenance_after_confirmed_phases_starts_where_they_end():
    proto = protocol(
        Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=2),
        Phase(
            kind="maintenance",
            confirmed=False,
            default=ScheduleDefault(period_days=28, repeats=2, **BASIS),
        ),
    )
    p = plan(proto)
    assert [s.phase for s in p.sessions] == ["induction"] * 4 + ["maintenance"] * 2
    assert [s.schedule_confirmed for s in p.sessions] == [True] * 4 + [False] * 2
    # the first maintenance dose is one default interval after the last induction dose
    assert [s.date for s in p.sessions[4:]] == [START + timedelta(38), START + timedelta(66)]


def test_a_phase_without_default_still_asks():
    """Course snapshots from before defaults existed: no guess, the planner asks."""
    proto = protocol(
        Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=1),
        Phase(kind="maintenance", confirmed=False),
    )
    p = plan(proto)
    assert len(p.sessions) == 2 and "needs_clinician_input" in codes(p)
    assert p.schedule_confirmed  # nothing unconfirmed was laid out


def test_require_confirmed_schedule_refuses_only_an_unconfirmed_default():
    p = plan(cycles_open_count())
    with pytest.raises(BadInputError, match="not been confirmed") as err:
        require_confirmed_schedule(p.schedule_choices, p.protocol.phases, hint="Tick the box.")
    assert str(err.value).endswith("Tick the box.")
    assert "\n" not in str(err.value)
    for confirmed in (
        plan(cycles_open_count(), confirm_default_schedule=True),
        plan(cycles_open_count(), count=1),
    ):
        require_confirmed_schedule(confirmed.schedule_choices, confirmed.protocol.phases)


def test_course_keeps_the_choice_and_the_flag():
    p = plan(cycles_open_count(), confirm_default_schedule=True)
    course = course_from_plan(p, "M1", "dr", NOW)
    assert course.schedule_choices == p.schedule_choices and course.schedule_confirmed
    unconfirmed = course_from_plan(plan(cycles_open_count()), "M1", "dr", NOW)
    assert not unconfirmed.schedule_confirmed
    assert not any(s.schedule_confirmed for s in unconfirmed.sessions)


@pytest.mark.parametrize(
    "phase",
    [
        {"kind": "cycle", "period_days": 21, "default": {"repeats": 2, **BASIS}},  # confirmed
        {"kind": "cycle", "confirmed": False, "default": {"repeats": 2, **BASIS}},  # no period
        {
            "kind": "cycle",
            "confirmed": False,
            "period_days": 21,
            "default": {"period_days": 14, "repeats": 2, **BASIS},  # replaces a sourced period
        },
        {
            "kind": "cycle",
            "confirmed": False,
            "offsets_days": [0, 14],
            "default": {"period_days": 14, "repeats": 2, **BASIS},  # offset outside
        },
        {"kind": "cycle", "confirmed": False, "default": {"period_days": 14, "repeats": 2}},
        {
            "kind": "cycle",
            "confirmed": False,
            "default": {"period_days": 14, "repeats": 0, **BASIS},
        },
    ],
)
def test_malformed_defaults_are_rejected(phase):
    with pytest.raises(ValidationError):
        Phase.model_validate(phase)


def test_basis_follows_the_language():
    default = ScheduleDefault(repeats=1, **BASIS)
    assert default.basis("zh_CN") == "参照方案 [R1]" and default.basis("en") == BASIS["basis_en"]


@given(
    repeats=st.integers(1, 12),
    period=st.integers(8, 60),
    confirm=st.booleans(),
    count=st.none() | st.integers(1, 12),
)
def test_sessions_follow_the_numbers_in_force(repeats, period, confirm, count):
    proto = protocol(
        Phase(
            kind="cycle",
            period_days=period,
            offsets_days=(0, 7),
            confirmed=False,
            default=ScheduleDefault(repeats=repeats, **BASIS),
        )
    )
    p = plan(proto, confirm_default_schedule=confirm, count=count)
    in_force = count if count is not None else repeats
    assert len(p.sessions) == 2 * in_force
    assert [s.nominal_date for s in p.sessions[::2]] == [
        START + timedelta(days=period * r) for r in range(in_force)
    ]
    confirmed = count is not None or confirm
    assert all(s.schedule_confirmed == confirmed for s in p.sessions)
    assert p.schedule_confirmed == confirmed
