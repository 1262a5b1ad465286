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
from typing import Literal, runtime_checkable
from typing import Protocol as Interface

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.i18n import N_, _, current_language, ngettext
from lmdesk.models.drugs.never_it import NamedDrug, NeverItLookup
from lmdesk.models.errors import BadInputError
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.scheduling.calendar_rules import (
    DEFAULT_MIN_INTERVAL_DAYS,
    ScheduleCalendar,
    interval_findings,
    systemic_same_day,
)
from lmdesk.models.scheduling.dose_safety import DoseLimits, check_dose, validate_dose_value
from lmdesk.models.scheduling.open_schedule import (
    ScheduleChoice,
    open_schedule,
    schedule_finding,
    transition_choice,
)
from lmdesk.models.scheduling.placement import Wanted, place_all
from lmdesk.models.scheduling.protocol import (
    ROUTE_LABELS,
    CheckKind,
    CoMedication,
    DoseRange,
    DrugNames,
    Phase,
    PhaseKind,
    Protocol,
    Route,
    drug_name_in,
)
from lmdesk.models.scheduling.protocol_check import check_protocol_safety as check_protocol_safety
from lmdesk.models.scheduling.supportive import (
    co_medication_mg,
    vitamin_start_findings,
    with_required_supportive_care,
)
from lmdesk.models.sheet.text import SheetText


@runtime_checkable
class DrugCards(Interface):
    """The part of the drug catalog that names a drug by its card id."""

    def get(self, drug_id: str) -> NamedDrug | None: ...


def drug_names(protocol: Protocol, catalog: NeverItLookup | None) -> DrugNames:
    """(English, Chinese) names of the protocol's drugs, where the catalog knows them."""
    if not isinstance(catalog, DrugCards):
        return {}
    names: dict[str, tuple[str, str]] = {}
    for drug in (protocol.drug, *(m.drug for m in protocol.co_medications)):
        card = catalog.get(drug)
        if card is not None:
            names[drug] = (card.name_en, card.name_zh)
    return names


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
    #: The clinician accepts the default schedule of the phases the sources leave open.
    confirm_default_schedule: bool = False


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
    #: False while the session comes from a default schedule nobody has confirmed.
    schedule_confirmed: bool = True


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
    schedule_choices: tuple[ScheduleChoice, ...] = ()

    @property
    def schedule_confirmed(self) -> bool:
        return all(c.confirmed for c in self.schedule_choices)


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
    """How many periods to lay out for a confirmed phase; None = until the horizon date."""
    if phase.repeats is not None:
        return phase.repeats
    if options.maintenance_count is not None:
        return options.maintenance_count
    if options.horizon is not None:
        return None
    return DEFAULT_MAINTENANCE_COUNT


def _needs_transition_default(
    phase: Phase, index: int, laid_out: list[tuple[date, Phase, int]]
) -> bool:
    """A maintenance phase after another phase, with no source for its first day."""
    return (
        phase.kind == "maintenance"
        and index > 0
        and bool(laid_out)
        and not phase.transition_source
        and laid_out[-1][1].kind != "maintenance"
    )


def _nominal_dates(
    protocol: Protocol, options: PlanOptions, found: list[Finding]
) -> tuple[list[tuple[date, Phase, int]], list[ScheduleChoice]]:
    """(nominal date, phase, repeat index) for each session, before the calendar rules,
    and how each phase the sources leave open was filled."""
    out: list[tuple[date, Phase, int]] = []
    choices: list[ScheduleChoice] = []
    phase_start = options.start
    for index, phase in enumerate(protocol.phases):
        every: int | None = None
        repeats: int | None
        if phase.confirmed:
            repeats = _repeats(phase, options)
        else:
            choice = open_schedule(
                index,
                phase,
                every_days=options.every_days,
                count=options.count,
                confirm_default=options.confirm_default_schedule,
                found=found,
            )
            if choice is None:
                break
            choices.append(choice)
            every, repeats = choice.period_days, choice.repeats
        transition: ScheduleChoice | None = None
        if _needs_transition_default(phase, index, out):
            # No source states when maintenance starts: one maintenance interval after the
            # last dose of the previous phase, marked as a default (never a silent extra dose).
            phase_start = _period_start(phase, out[-1][0], 1, every)
            transition = transition_choice(
                index, phase, confirm_default=options.confirm_default_schedule
            ).model_copy(update={"period_days": every})
        r = 0
        first = len(out)
        while True:
            if repeats is not None and r >= repeats:
                break
            period_start = _period_start(phase, phase_start, r, every)
            if repeats is None and options.horizon is not None and period_start > options.horizon:
                break
            if len(out) + len(phase.offsets_days) > MAX_SESSIONS:
                raise BadInputError(
                    _(
                        "A plan may have at most {max} sessions: ask for fewer (count, "
                        "maintenance sessions or an earlier end date)."
                    ).format(max=MAX_SESSIONS)
                )
            out.extend((period_start + timedelta(days=o), phase, r) for o in phase.offsets_days)
            r += 1
        phase_start = _period_start(phase, phase_start, r, every)
        if not phase.confirmed:
            found.append(schedule_finding(choices[-1], phase, len(out) - first))
        if transition is not None and len(out) > first:
            choices.append(transition)
            found.append(schedule_finding(transition, phase, len(out) - first))
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
    return out, choices


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


def _context_findings(
    protocol: Protocol, options: PlanOptions, route: Route, names: DrugNames
) -> list[Finding]:
    found: list[Finding] = []
    language = current_language()
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
    for item in protocol.unconfirmed_in(language):
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
                    ).format(
                        drug=drug_name_in(med.drug, names, language), dose=med.dose_in(language)
                    ),
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
            _("Protocol {id} is not given by route {route}.").format(
                id=protocol.display_name(current_language()), route=_(ROUTE_LABELS[route])
            )
        )
    return route


def _check_protocol_range(protocol: Protocol, dose_mg: float) -> None:
    """The protocol's own dose range; asked after the drug's hard ceiling has spoken."""
    rng = protocol.dose
    if not rng.min_mg <= dose_mg <= rng.max_mg:
        raise BadInputError(
            _(
                "{dose:g} mg is outside this protocol's range {lo:g}-{hi:g} mg; choose a dose "
                "within it or build a custom protocol."
            ).format(dose=dose_mg, lo=rng.min_mg, hi=rng.max_mg)
        )


def co_medication_dose_findings(
    protocol: Protocol, route: Route, limits: DoseLimits
) -> list[Finding]:
    """IT co-injections pass the dose rules too: above the ceiling is refused.

    A co-injection whose dose text gives no mg (``dose not confirmed``) is already reported
    as unconfirmed by the context findings.
    """
    found: list[Finding] = []
    for med in protocol.co_medications:
        if med.route != "it":
            continue
        mg = co_medication_mg(med)
        if mg is not None:
            found.extend(check_dose(med.drug, route, mg, limits))
    return found


#: The dates a plan may start and end between (a date near the calendar's end overflows).
EARLIEST_START = date(1900, 1, 1)
LATEST_START = date(2200, 12, 31)


def check_plan_dates(options: PlanOptions) -> None:
    """The start and the end date of a plan within 1900-2200, else ``BadInputError``."""
    for day in (options.start, options.horizon):
        if day is not None and not EARLIEST_START <= day <= LATEST_START:
            raise BadInputError(
                _("{day} is outside the dates a plan may use ({lo}-{hi}).").format(
                    day=day.isoformat(), lo=EARLIEST_START.year, hi=LATEST_START.year
                )
            )


def plan_course(
    protocol: Protocol,
    options: PlanOptions,
    limits: DoseLimits,
    catalog: NeverItLookup | None,
) -> Plan:
    """Lay out the dated sessions of ``protocol`` and report every rule that speaks."""
    check_plan_dates(options)
    protocol, supportive = with_required_supportive_care(protocol)
    check_protocol_safety(protocol, catalog)
    route = _choose_route(protocol, options.route)
    dose = protocol.dose.default_mg if options.dose_mg is None else options.dose_mg
    # The hard ceiling first: a dose above it is a safety refusal whatever else is wrong.
    found = check_dose(protocol.drug, route, dose, limits, options.dose_reason)
    found.extend(co_medication_dose_findings(protocol, route, limits))
    found.extend(supportive)
    _check_protocol_range(protocol, dose)
    found.extend(_context_findings(protocol, options, route, drug_names(protocol, catalog)))
    nominal, choices = _nominal_dates(protocol, options, found)
    unconfirmed_phases = {id(protocol.phases[c.phase_index]) for c in choices if not c.confirmed}
    wanted = [Wanted(day, phase.min_interval_days) for day, phase, _r in nominal]
    placed, moves = place_all(wanted, options.calendar, sorted(options.other_it_dates))
    sessions: list[PlannedSession] = []
    for day, (nominal_day, phase, r) in zip(placed, nominal, strict=True):
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
                schedule_confirmed=id(phase) not in unconfirmed_phases,
            )
        )
    sessions = _number_cycle_days(sessions, nominal)
    moved = [s for s in sessions if s.date != s.nominal_date]
    if moved:
        found.append(
            info(
                "sessions_moved",
                ngettext(
                    "{n} session moved to the next allowed day "
                    "(weekend, holiday or interval rule).",
                    "{n} sessions moved to the next allowed day "
                    "(weekend, holiday or interval rule).",
                    len(moved),
                ).format(n=len(moved)),
            )
        )
    found.extend(moves)
    found.extend(interval_findings([*placed, *options.other_it_dates]))
    found.extend(systemic_same_day(((s.n, s.date) for s in sessions), options.systemic_chemo_dates))
    found.extend(vitamin_start_findings(protocol, placed))
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
        schedule_choices=tuple(choices),
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


def adhoc_protocol(
    drug_id: str,
    dose_mg: float,
    every_days: int,
    count: int,
    catalog: NeverItLookup | None = None,
) -> Protocol:
    """A one-phase protocol for ``plan --drug``: ``count`` doses every ``every_days`` days.

    Named after the drug in both languages where the ``catalog`` knows its card, as a
    template is; else after the card id.
    """
    validate_dose_value(dose_mg)
    if every_days < 1 or count < 1:
        raise BadInputError(_("--every and --count must be at least 1."))
    card = catalog.get(drug_id) if isinstance(catalog, DrugCards) else None
    name_en, name_zh = (card.name_en, card.name_zh) if card is not None else (drug_id, "")
    title = N_("Ad-hoc {drug}")
    return Protocol(
        id=f"adhoc-{drug_id}",
        name_en=SheetText("en").one(title, drug=name_en),
        name_zh=SheetText("zh_CN").one(title, drug=name_zh) if name_zh else "",
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
