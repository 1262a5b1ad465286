"""Protocol + start date + route + dose + options -> dated sessions and findings.

Nothing is saved here: the result is a :class:`Plan` that the user reviews; a course is
made from it (``course.course_from_plan``). Refusals (never-IT drug, dose over the hard
ceiling, a second IT drug) raise ``SafetyRefusal``; impossible input raises
``BadInputError``; everything else the clinician should know is a :class:`Finding`.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.i18n import _
from lmdesk.models.dose_safety import DoseLimits, check_dose, validate_dose_value
from lmdesk.models.errors import BadInputError
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.never_it import NeverItLookup, refuse_any_never_it
from lmdesk.models.protocol import (
    PHASE_LABELS,
    CheckKind,
    CoMedication,
    DoseRange,
    Phase,
    PhaseKind,
    Protocol,
    Route,
)
from lmdesk.models.scheduling_rules import (
    DEFAULT_MIN_INTERVAL_DAYS,
    ScheduleCalendar,
    check_one_it_drug,
    interval_findings,
    place_session,
    systemic_same_day,
)

DEFAULT_MAINTENANCE_COUNT = 6
MAX_SESSIONS = 400
CsfFlow = Literal["normal", "obstructed", "unknown"]


class PlanOptions(BaseModel):
    """Everything the clinician chooses when planning."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    route: Route | None = None
    dose_mg: float | None = None
    dose_reason: str = ""
    calendar: ScheduleCalendar = ScheduleCalendar()
    maintenance_count: int | None = Field(default=None, ge=0)
    horizon: dt.date | None = None
    every_days: int | None = Field(default=None, ge=1)
    count: int | None = Field(default=None, ge=1)
    mri_every_weeks: int | None = Field(default=None, ge=1)
    systemic_chemo_dates: frozenset[dt.date] = frozenset()
    #: The patient's IT sessions in other courses: the interval rules hold across courses.
    other_it_dates: frozenset[dt.date] = frozenset()
    csf_flow: CsfFlow | None = None
    has_ommaya: bool | None = None


class PlannedSession(BaseModel):
    """One dated IT session of a plan."""

    model_config = ConfigDict(frozen=True)

    n: int
    date: dt.date
    nominal_date: dt.date
    phase: PhaseKind
    cycle: int | None = None
    day: int | None = None
    drug: str
    dose_mg: float
    unit: str = "mg"
    route: Route
    co_medications: tuple[CoMedication, ...] = ()
    checks: tuple[CheckKind, ...] = ()


class Plan(BaseModel):
    """A reviewed-but-unsaved course: the protocol used, sessions, MRI dates and findings."""

    model_config = ConfigDict(frozen=True)

    protocol: Protocol
    route: Route
    dose_mg: float
    dose_reason: str = ""
    calendar: ScheduleCalendar = ScheduleCalendar()
    sessions: tuple[PlannedSession, ...]
    mri_dates: tuple[dt.date, ...] = ()
    findings: tuple[Finding, ...] = ()


def add_months(day: dt.date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _period_start(phase: Phase, phase_start: dt.date, r: int, every_days: int | None) -> date:
    if phase.period_months is not None:
        return add_months(phase_start, r * phase.period_months)
    period = phase.period_days if phase.period_days is not None else every_days
    if period is None:
        raise BadInputError(_("Enter the interval in days for the unconfirmed phase."))
    return phase_start + timedelta(days=r * period)


def _repeats(phase: Phase, options: PlanOptions) -> int | None:
    """How many periods to lay out; None = until the horizon date."""
    if not phase.confirmed:
        return options.count
    if phase.repeats is not None:
        return phase.repeats
    if options.maintenance_count is not None:
        return options.maintenance_count
    if options.horizon is not None:
        return None
    return DEFAULT_MAINTENANCE_COUNT


def _nominal_dates(
    protocol: Protocol, options: PlanOptions, found: list[Finding]
) -> list[tuple[date, Phase, int]]:
    """(nominal date, phase, repeat index) for each session, before the calendar rules."""
    out: list[tuple[date, Phase, int]] = []
    phase_start = options.start
    for phase in protocol.phases:
        needs_period = phase.period_days is None and phase.period_months is None
        if not phase.confirmed and (
            options.count is None or (needs_period and options.every_days is None)
        ):
            found.append(
                warning(
                    "needs_clinician_input",
                    _(
                        "The sources do not confirm the {phase} schedule of this protocol "
                        "({note}): "
                        "enter the interval in days and the number of sessions."
                    ).format(
                        phase=_(PHASE_LABELS[phase.kind]), note=phase.note or _("not confirmed")
                    ),
                )
            )
            break
        every = options.every_days if not phase.confirmed else None
        repeats = _repeats(phase, options)
        r = 0
        while len(out) < MAX_SESSIONS:
            if repeats is not None and r >= repeats:
                break
            period_start = _period_start(phase, phase_start, r, every)
            if repeats is None and options.horizon is not None and period_start > options.horizon:
                break
            out.extend((period_start + timedelta(days=o), phase, r) for o in phase.offsets_days)
            r += 1
        phase_start = _period_start(phase, phase_start, r, every)
        if phase.open_ended and phase.confirmed and phase.kind == "maintenance":
            found.append(
                info(
                    "maintenance_open_ended",
                    _(
                        "Maintenance runs until the course is stopped; "
                        "{n} maintenance sessions are shown."
                    ).format(n=r * len(phase.offsets_days)),
                )
            )
    return out


def _mri_dates(
    protocol: Protocol, options: PlanOptions, last: dt.date | None, found: list[Finding]
) -> tuple[dt.date, ...]:
    weeks = options.mri_every_weeks or protocol.mri.every_weeks
    if weeks is None:
        found.append(
            info(
                "mri_interval_unconfirmed",
                _(
                    "The reassessment MRI interval for IT therapy is not confirmed by the sources "
                    "(reference §A.11): enter it to see MRI dates."
                ),
            )
        )
        return ()
    if last is None:
        return ()
    dates = []
    day = options.start + timedelta(weeks=weeks)
    while day <= last:
        dates.append(day)
        day += timedelta(weeks=weeks)
    return tuple(dates)


def _context_findings(protocol: Protocol, options: PlanOptions, route: Route) -> list[Finding]:
    found: list[Finding] = []
    if protocol.status == "discontinued":
        found.append(
            warning(
                "protocol_discontinued",
                _(
                    "This product is discontinued and not available [R15][R16][R17]; "
                    "the template is kept for reference only."
                ),
            )
        )
    for item in protocol.unconfirmed:
        found.append(
            info("unconfirmed", _("Not confirmed by the sources: {what}").format(what=item))
        )
    for med in protocol.co_medications:
        if not med.confirmed:
            found.append(
                info(
                    "co_medication_unconfirmed",
                    _(
                        "Co-medication {drug} {dose}: not confirmed by the sources; ask the "
                        "prescriber."
                    ).format(drug=med.drug, dose=med.dose),
                )
            )
    if options.csf_flow == "obstructed":
        found.append(
            warning(
                "csf_flow_obstructed",
                _(
                    "CSF flow is obstructed: IT therapy with blocked flow brought more toxicity "
                    "and worse survival [R27][R29]; consider restoring flow first."
                ),
            )
        )
    if route == "ommaya" and options.has_ommaya is False:
        found.append(
            warning(
                "no_ommaya",
                _("The route is Ommaya but the patient has no Ommaya reservoir on record."),
            )
        )
    return found


def _choose_route(protocol: Protocol, route: Route | None) -> Route:
    if route is None:
        return protocol.routes[0]
    if route not in protocol.routes:
        raise BadInputError(
            _("Protocol {id} is not given by route {route}.").format(id=protocol.id, route=route)
        )
    return route


def _choose_dose(protocol: Protocol, dose_mg: float | None) -> float:
    if dose_mg is None:
        return protocol.dose.default_mg
    validate_dose_value(dose_mg)
    rng = protocol.dose
    if not rng.min_mg <= dose_mg <= rng.max_mg:
        raise BadInputError(
            _(
                "{dose:g} mg is outside this protocol's range {lo:g}-{hi:g} mg; choose a dose "
                "within it or build a custom protocol."
            ).format(dose=dose_mg, lo=rng.min_mg, hi=rng.max_mg)
        )
    return dose_mg


def check_protocol_safety(protocol: Protocol, catalog: NeverItLookup | None) -> None:
    """Never-IT names anywhere on the protocol, and a second IT drug, are refused."""
    refuse_any_never_it([protocol.drug, *(m.drug for m in protocol.co_medications)], catalog)
    check_one_it_drug(protocol.drug, [m.drug for m in protocol.co_medications if m.route == "it"])


def plan_course(
    protocol: Protocol,
    options: PlanOptions,
    limits: DoseLimits,
    catalog: NeverItLookup | None,
) -> Plan:
    """Lay out the dated sessions of ``protocol`` and report every rule that speaks."""
    check_protocol_safety(protocol, catalog)
    route = _choose_route(protocol, options.route)
    dose = _choose_dose(protocol, options.dose_mg)
    found = check_dose(protocol.drug, route, dose, limits, options.dose_reason)
    found.extend(_context_findings(protocol, options, route))
    nominal = _nominal_dates(protocol, options, found)
    placed: list[date] = []
    sessions: list[PlannedSession] = []
    for nominal_day, phase, r in nominal:
        day = place_session(
            nominal_day,
            placed,
            options.calendar,
            phase.min_interval_days,
            others=sorted(options.other_it_dates),
        )
        placed.append(day)
        sessions.append(
            PlannedSession(
                n=len(sessions) + 1,
                date=day,
                nominal_date=nominal_day,
                phase=phase.kind,
                cycle=r + 1 if phase.kind == "cycle" else None,
                drug=protocol.drug,
                dose_mg=dose,
                route=route,
                co_medications=protocol.co_medications,
                checks=protocol.checks,
            )
        )
    sessions = _number_cycle_days(sessions, nominal)
    moved = [s for s in sessions if s.date != s.nominal_date]
    if moved:
        found.append(
            info(
                "sessions_moved",
                _(
                    "{n} sessions moved to the next allowed day "
                    "(weekend, holiday or interval rule)."
                ).format(n=len(moved)),
            )
        )
    found.extend(interval_findings([*placed, *options.other_it_dates]))
    found.extend(systemic_same_day(((s.n, s.date) for s in sessions), options.systemic_chemo_dates))
    mri = _mri_dates(protocol, options, placed[-1] if placed else None, found)
    return Plan(
        protocol=protocol,
        route=route,
        dose_mg=dose,
        dose_reason=options.dose_reason,
        calendar=options.calendar,
        sessions=tuple(sessions),
        mri_dates=mri,
        findings=tuple(found),
    )


def _number_cycle_days(
    sessions: list[PlannedSession], nominal: list[tuple[date, Phase, int]]
) -> list[PlannedSession]:
    """Cycle sessions carry their day within the cycle (day 1, day 8 ...)."""
    out: list[PlannedSession] = []
    for session, (_day, phase, _r) in zip(sessions, nominal, strict=True):
        if phase.kind == "cycle":
            index = sum(1 for s in out if s.phase == "cycle" and s.cycle == session.cycle)
            out.append(session.model_copy(update={"day": phase.offsets_days[index] + 1}))
        else:
            out.append(session)
    return out


def adhoc_protocol(drug_id: str, dose_mg: float, every_days: int, count: int) -> Protocol:
    """A one-phase protocol for ``plan --drug``: ``count`` doses every ``every_days`` days."""
    validate_dose_value(dose_mg)
    if every_days < 1 or count < 1:
        raise BadInputError(_("--every and --count must be at least 1."))
    return Protocol(
        id=f"adhoc-{drug_id}",
        name_en=f"Ad-hoc {drug_id}",
        drug=drug_id,
        status="custom",
        dose=DoseRange(min_mg=dose_mg, max_mg=dose_mg, default_mg=dose_mg),
        phases=(
            Phase(
                kind="cycle",
                period_days=every_days,
                repeats=count,
                min_interval_days=DEFAULT_MIN_INTERVAL_DAYS,
            ),
        ),
    )
