"""Doses of a patient's course (given and still planned sessions) as model input.

Given sessions count at the recorded time with the recorded dose and route; planned or
delayed sessions at 09:00 (a stated assumption, the plan has dates only) with the
planned dose. Held and cancelled sessions are left out. Times are wall-clock hours from
the first dose shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.compartments import ROUTE_TARGET
from lmdesk.models.pk.solver import Doses

PLANNED_HOUR = time(9, 0)


class GivenLike(Protocol):
    @property
    def at(self) -> datetime: ...
    @property
    def dose_mg(self) -> float: ...
    @property
    def route(self) -> str: ...


class SessionLike(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def drug(self) -> str: ...
    @property
    def dose_mg(self) -> float: ...
    @property
    def route(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def given(self) -> GivenLike | None: ...


@dataclass(frozen=True)
class CourseDose:
    time_h: float
    dose_mg: float
    route: str
    given: bool
    when: datetime


def course_doses(sessions: list[SessionLike], drug_id: str) -> list[CourseDose]:
    """Given + planned doses of ``drug_id`` in time order (BadInputError if there are none)."""
    moments: list[tuple[datetime, float, str, bool]] = []
    for s in sessions:
        if s.drug != drug_id:
            continue
        if s.status == "given" and s.given is not None:
            moments.append((s.given.at.replace(tzinfo=None), s.given.dose_mg, s.given.route, True))
        elif s.status in ("planned", "delayed"):
            moments.append((datetime.combine(s.date, PLANNED_HOUR), s.dose_mg, s.route, False))
    if not moments:
        raise BadInputError(f"the course has no given or planned {drug_id} sessions")
    moments.sort(key=lambda m: m[0])
    start = moments[0][0]
    return [
        CourseDose((when - start).total_seconds() / 3600.0, dose, route, given, when)
        for when, dose, route, given in moments
    ]


def doses_of(course: list[CourseDose]) -> Doses:
    """Model doses, each into the compartment its own route targets."""
    return Doses.of(
        [d.time_h for d in course],
        [d.dose_mg for d in course],
        [ROUTE_TARGET[d.route] for d in course],
    )
