"""A patient's IT course: a frozen protocol snapshot plus its sessions and their fate.

Courses are immutable values; ``course_actions`` returns a new course for every change
(with ``revision`` + 1) so that the store can write it together with its audit row.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_
from lmdesk.models.finding import Finding
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar, interval_findings
from lmdesk.models.scheduling.open_schedule import ScheduleChoice
from lmdesk.models.scheduling.planning import Plan, PlannedSession
from lmdesk.models.scheduling.protocol import Protocol, Route

SessionStatus = Literal["planned", "given", "held", "cancelled", "delayed"]
CourseStatus = Literal["active", "stopped"]
#: Statuses of a session that is still to be given.
OPEN_STATUSES: frozenset[str] = frozenset({"planned", "delayed"})
STATUS_LABELS: dict[str, str] = {
    "planned": N_("planned"),
    "given": N_("given"),
    "held": N_("held"),
    "cancelled": N_("cancelled"),
    "delayed": N_("delayed"),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class GateOverride(_Frozen):
    """A pre-dose gate stop overridden by a named clinician with a typed reason (printed)."""

    reason: str
    by: str
    at: datetime
    rules: tuple[str, ...]
    findings: tuple[str, ...] = ()


class GivenRecord(_Frozen):
    """What was actually given: when, how much, by which route, by whom."""

    at: datetime
    dose_mg: float
    route: Route
    given_by: str
    batch: str = ""
    dose_reason: str = ""
    override: GateOverride | None = None


class MarkCorrection(_Frozen):
    """A given or held mark taken back (a mis-click), with who, when and the typed reason;
    the session keeps it so the sheet and the history can show it."""

    mark: Literal["given", "held"]
    was: str  # what the mark said, as recorded ("12 mg by LP at 2027-01-04T09:00 by Li Na")
    reason: str
    by: str
    at: datetime


class Session(PlannedSession):
    """A planned session of a saved course, with what became of it."""

    status: SessionStatus = "planned"
    reason: str = ""
    dose_reason: str = ""
    delayed_from: dt.date | None = None
    given: GivenRecord | None = None
    #: When the hold was recorded (a correction is allowed within a window of it).
    held_at: datetime | None = None
    corrections: tuple[MarkCorrection, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Verification(_Frozen):
    by: str
    at: datetime


class CumulativeDose(_Frozen):
    drug: str
    route: Route
    given_mg: float
    planned_mg: float


class CourseSummary(_Frozen):
    planned: int
    given: int
    held: int
    cancelled: int
    delayed: int
    next_due: Session | None
    cumulative: tuple[CumulativeDose, ...]


class Course(_Frozen):
    """``protocol`` is a snapshot: later reference updates never reach an existing course."""

    id: int | None = None
    patient_mrn: str
    protocol: Protocol
    route: Route
    dose_mg: float
    dose_reason: str = ""
    calendar: ScheduleCalendar = ScheduleCalendar()
    sessions: tuple[Session, ...]
    mri_dates: tuple[dt.date, ...] = ()
    #: How the phases the sources leave open were filled (entered, or a confirmed default).
    schedule_choices: tuple[ScheduleChoice, ...] = ()
    status: CourseStatus = "active"
    stop_reason: str = ""
    stopped_at: datetime | None = None
    stopped_by: str = ""
    planned_by: str = ""
    created_at: datetime
    verification: Verification | None = None
    revision: int = 0

    @property
    def schedule_confirmed(self) -> bool:
        return all(c.confirmed for c in self.schedule_choices) and all(
            s.schedule_confirmed for s in self.sessions
        )

    def session(self, n: int) -> Session | None:
        return next((s for s in self.sessions if s.n == n), None)

    def next_due(self) -> Session | None:
        open_sessions = [s for s in self.sessions if s.is_open]
        return (
            min(open_sessions, key=lambda s: s.date)
            if open_sessions and self.status == ("active")
            else None
        )

    def cumulative(self) -> tuple[CumulativeDose, ...]:
        """Given and still-planned IT dose per drug and route (held/cancelled count nothing)."""
        totals: dict[tuple[str, Route], list[float]] = {}
        for s in self.sessions:
            if s.given is not None:
                totals.setdefault((s.drug, s.given.route), [0.0, 0.0])[0] += s.given.dose_mg
            elif s.is_open and self.status == "active":
                totals.setdefault((s.drug, s.route), [0.0, 0.0])[1] += s.dose_mg
        return tuple(
            CumulativeDose(drug=d, route=r, given_mg=round(g, 4), planned_mg=round(p, 4))
            for (d, r), (g, p) in sorted(totals.items())
        )

    def summary(self) -> CourseSummary:
        def count(status: str) -> int:
            return sum(1 for s in self.sessions if s.status == status)

        return CourseSummary(
            planned=count("planned"),
            given=count("given"),
            held=count("held"),
            cancelled=count("cancelled"),
            delayed=count("delayed"),
            next_due=self.next_due(),
            cumulative=self.cumulative(),
        )


def course_from_plan(plan: Plan, patient_mrn: str, planned_by: str, created_at: datetime) -> Course:
    """Freeze a reviewed plan into a new (unsaved, unverified) course."""
    sessions = tuple(
        Session(
            n=s.n,
            date=s.date,
            nominal_date=s.nominal_date,
            phase=s.phase,
            cycle=s.cycle,
            day=s.day,
            drug=s.drug,
            dose_mg=s.dose_mg,
            unit=s.unit,
            route=s.route,
            co_medications=s.co_medications,
            checks=s.checks,
            schedule_confirmed=s.schedule_confirmed,
            dose_reason=plan.dose_reason,
        )
        for s in plan.sessions
    )
    return Course(
        patient_mrn=patient_mrn,
        protocol=plan.protocol,
        route=plan.route,
        dose_mg=plan.dose_mg,
        dose_reason=plan.dose_reason,
        calendar=plan.calendar,
        sessions=sessions,
        mri_dates=plan.mri_dates,
        schedule_choices=plan.schedule_choices,
        planned_by=planned_by,
        created_at=created_at,
    )


def rule_findings(course: Course) -> list[Finding]:
    """Interval rules re-checked on the course as it stands (given dates as given)."""
    dates = [
        s.given.at.date() if s.given is not None else s.date
        for s in course.sessions
        if s.status in ("planned", "delayed", "given")
    ]
    return interval_findings(dates)
