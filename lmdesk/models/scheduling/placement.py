"""Where a course meets another: place a plan's sessions and say, in words, what moved and why.

The calendar and interval rules (calendar_rules) hold across all the patient's courses.
When a session has to move because of another course's IT dose, every later session of
this course moves with it, so each cycle keeps the protocol's length (a 21-day cycle stays
21 days between cycle starts). A move forced only by a weekend, a holiday or this course's
own interval rule moves that session alone. Each move is a finding that names the day it
left, the day it lands on and the rule that moved it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lmdesk.i18n import _
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.local_time import WEEKDAYS
from lmdesk.models.scheduling.calendar_rules import (
    MAX_SESSIONS_PER_7_DAYS,
    WINDOW_DAYS,
    ScheduleCalendar,
    place_session,
)

MOVED_BY_OTHER_COURSE = "moved_by_other_course"
MOVED_BY_CALENDAR = "moved_by_calendar"
MOVED_BY_INTERVAL = "moved_by_interval"
COURSE_SHIFTED = "course_shifted_by_other_course"


@dataclass(frozen=True)
class Wanted:
    """One session as the protocol lays it out: its day and its phase's minimum interval."""

    day: date
    min_interval_days: int


def _weekday(day: date) -> str:
    return f"{day.isoformat()} {_(WEEKDAYS[day.weekday()])}"


def _nearby(day: date, others: Sequence[date]) -> list[date]:
    return sorted(d for d in others if abs((d - day).days) < WINDOW_DAYS)


def place_all(
    wanted: Sequence[Wanted],
    calendar: ScheduleCalendar,
    others: Sequence[date] = (),
) -> tuple[list[date], list[Finding]]:
    """The day of each session, and a finding for each one that moved, in words."""
    placed: list[date] = []
    found: list[Finding] = []
    shift = timedelta(0)
    first_shifted = 0
    other_days = sorted(others)
    for n, item in enumerate(wanted, start=1):
        target = item.day + shift
        alone = place_session(target, placed, calendar, item.min_interval_days)
        day = place_session(target, placed, calendar, item.min_interval_days, others=other_days)
        if day > alone:
            # Another course's dose is in the way: this course moves from here on, whole.
            shift += day - alone
            first_shifted = first_shifted or n
            near = _nearby(alone, other_days)
            found.append(
                warning(
                    MOVED_BY_OTHER_COURSE,
                    _(
                        "Session {n} moved from {wanted} to {day}: the patient has an IT dose "
                        "of another course on {others}; IT doses must be at least {min} days "
                        "apart and at most {cap} in any 7 days, across all courses [R40][R42]. "
                        "Every later session of this course moves with it, so each cycle "
                        "keeps its length."
                    ).format(
                        n=n,
                        wanted=_weekday(item.day),
                        day=_weekday(day),
                        others=", ".join(_weekday(d) for d in near) or "-",
                        min=item.min_interval_days,
                        cap=MAX_SESSIONS_PER_7_DAYS,
                    ),
                    session=n,
                )
            )
        elif day != item.day and shift and day == target:
            pass  # moved only with the rest of the course: said once in the summary
        elif day != target and not calendar.allows(target):
            found.append(
                info(
                    MOVED_BY_CALENDAR,
                    _(
                        "Session {n} moved from {wanted} to {day}: the day is a weekend or "
                        "holiday that the plan avoids."
                    ).format(n=n, wanted=_weekday(target), day=_weekday(day)),
                    session=n,
                )
            )
        elif day != target:
            found.append(
                info(
                    MOVED_BY_INTERVAL,
                    _(
                        "Session {n} moved from {wanted} to {day}: at least {min} days are "
                        "needed after the previous session and at most {cap} in any 7 days "
                        "[R40][R42]."
                    ).format(
                        n=n,
                        wanted=_weekday(target),
                        day=_weekday(day),
                        min=item.min_interval_days,
                        cap=MAX_SESSIONS_PER_7_DAYS,
                    ),
                    session=n,
                )
            )
        placed.append(day)
    if shift:
        found.append(
            warning(
                COURSE_SHIFTED,
                _(
                    "Because of the patient's other course, this course moves {days} days later "
                    "from session {n} ({day}) on; the protocol's intervals between its sessions "
                    "are kept."
                ).format(days=shift.days, n=first_shifted, day=_weekday(placed[first_shifted - 1])),
            )
        )
    return placed, found
