"""Pre-dose gate rules over everything the patient already received, in ANY course (stopped,
cancelled and replaced ones included): interval rules, per-drug cumulative totals, and
adverse events of grade >= 3 since the last given dose.

Interval rules: at most 2 IT sessions in any 7 days and one IT drug per session [R40]; the
minimum interval is the phase's (default 3 days, "every 2-5 days" [R42]). No source gives a
cumulative ceiling for methotrexate or pemetrexed (it_safety_gates.md §7): the total is
shown, no limit is invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.local_time import local_time_text
from lmdesk.models.scheduling.calendar_rules import (
    ALLOWED_IT_COINJECTIONS,
    DEFAULT_MIN_INTERVAL_DAYS,
    MAX_SESSIONS_PER_7_DAYS,
    WINDOW_DAYS,
)
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.scheduling.gate_finding import GateFinding, passed, stopped
from lmdesk.models.scheduling.labels import course_status_text
from lmdesk.models.scheduling.protocol import DrugNames, drug_name_in
from lmdesk.models.scheduling.toxicity_rules import propose_next_step


class GivenDose(BaseModel):
    """One IT dose the patient received (from any course)."""

    model_config = ConfigDict(frozen=True)

    course_id: int | None
    session: int
    drug: str
    at: datetime
    dose_mg: float
    route: str
    course_status: str
    given_by: str = ""


class CumulativeTotal(BaseModel):
    """Per drug across every course: given so far, and with the dose about to be given."""

    model_config = ConfigDict(frozen=True)

    drug: str
    given_mg: float
    doses: int
    courses: int
    with_this_mg: float


def given_doses(courses: Sequence[Course]) -> list[GivenDose]:
    """Every given IT dose of these courses, oldest first (course status does not matter)."""
    doses = [
        GivenDose(
            course_id=c.id,
            session=s.n,
            drug=s.drug,
            at=s.given.at,
            dose_mg=s.given.dose_mg,
            route=s.given.route,
            course_status=c.status,
            given_by=s.given.given_by,
        )
        for c in courses
        for s in c.sessions
        if s.given is not None
    ]
    return sorted(doses, key=lambda d: d.at)


def interval_breaks(
    day: date, given_days: Sequence[date], min_interval_days: int = DEFAULT_MIN_INTERVAL_DAYS
) -> tuple[list[date], list[tuple[date, date]]]:
    """Given days closer than the minimum to ``day``, and each 7-day window holding ``day``
    with more than 2 sessions (its first and last day)."""
    too_close = sorted(d for d in given_days if abs((d - day).days) < min_interval_days)
    windows: list[tuple[date, date]] = []
    for k in range(WINDOW_DAYS):
        start = day - timedelta(days=WINDOW_DAYS - 1 - k)
        end = start + timedelta(days=WINDOW_DAYS - 1)
        count = 1 + sum(1 for d in given_days if start <= d <= end)
        if count > MAX_SESSIONS_PER_7_DAYS:
            windows.append((start, end))
    return too_close, windows


def _name(drug: str, names: DrugNames) -> str:
    """A card id as the reader names the drug (the id where no card names it)."""
    return drug_name_in(drug, names, current_language())


def _describe(d: GivenDose, names: DrugNames) -> str:
    """The dose as the bedside needs it: what, when (local time) and who gave it."""
    return _("{drug} {dose:g} mg at {when} by {who} (course {course}, {status})").format(
        drug=_name(d.drug, names),
        dose=d.dose_mg,
        when=local_time_text(d.at),
        who=d.given_by or "?",
        course=d.course_id if d.course_id is not None else "-",
        status=course_status_text(d.course_status),
    )


def interval_findings(
    session: Session,
    at: datetime,
    doses: Sequence[GivenDose],
    min_interval_days: int,
    names: DrugNames | None = None,
) -> list[GateFinding]:
    names = names or {}
    day = at.date()
    too_close, windows = interval_breaks(day, [d.at.date() for d in doses], min_interval_days)
    out: list[GateFinding] = []
    for other in too_close:
        near = [d for d in doses if d.at.date() == other]
        out.append(
            stopped(
                "interval_min",
                _(
                    "An IT dose was already given {gap} days from {day}: {dose}; the minimum "
                    "interval is {min} days."
                ).format(
                    gap=abs((other - day).days),
                    day=day.isoformat(),
                    dose="; ".join(_describe(d, names) for d in near),
                    min=min_interval_days,
                ),
                ("R42", "R40"),
            )
        )
    if windows:
        start, end = windows[0]
        out.append(
            stopped(
                "interval_week",
                _(
                    "This dose would make more than {n} IT sessions between {a} and {b} "
                    "(any 7 days may hold at most {n})."
                ).format(n=MAX_SESSIONS_PER_7_DAYS, a=start.isoformat(), b=end.isoformat()),
                ("R40",),
            )
        )
    extra = [m.drug for m in session.co_medications if m.route == "it"]
    second = [d for d in extra if d == session.drug or d not in ALLOWED_IT_COINJECTIONS]
    if second:
        out.append(
            stopped(
                "one_it_drug",
                _("Only one IT drug per session: {drugs} cannot be injected with {main}.").format(
                    drugs=", ".join(_name(d, names) for d in second),
                    main=_name(session.drug, names),
                ),
                ("R40",),
                overridable=False,
            )
        )
    if not out:
        out.append(
            passed(
                "interval",
                _(
                    "Interval rules kept across all {n} IT doses on record (minimum {min} days, "
                    "at most {max} in any 7 days)."
                ).format(n=len(doses), min=min_interval_days, max=MAX_SESSIONS_PER_7_DAYS),
                ("R40", "R42"),
            )
        )
    return out


def cumulative_totals(doses: Sequence[GivenDose], drug: str, dose_mg: float) -> CumulativeTotal:
    mine = [d for d in doses if d.drug == drug]
    given = round(sum(d.dose_mg for d in mine), 4)
    return CumulativeTotal(
        drug=drug,
        given_mg=given,
        doses=len(mine),
        courses=len({d.course_id for d in mine}),
        with_this_mg=round(given + dose_mg, 4),
    )


def cumulative_finding(total: CumulativeTotal, names: DrugNames | None = None) -> GateFinding:
    return passed(
        "cumulative",
        _(
            "Cumulative IT {drug}: {given:g} mg in {doses} doses over {courses} courses; "
            "{total:g} mg with this dose. No cumulative ceiling is confirmed by the sources."
        ).format(
            drug=_name(total.drug, names or {}),
            given=total.given_mg,
            doses=total.doses,
            courses=total.courses,
            total=total.with_this_mg,
        ),
    )


def adverse_event_findings(
    events: Sequence[AdverseEvent],
    last_given: datetime | None,
    drug: str,
    dose_mg: float,
    groups: dict[str, str | None],
) -> list[GateFinding]:
    """Each active AE of grade >= 3 since the last given dose (any course) stops the dose."""
    since = last_given.date() if last_given is not None else None
    serious = [
        e
        for e in events
        if e.status == "active" and e.grade >= 3 and (since is None or e.onset >= since)
    ]
    out: list[GateFinding] = []
    for e in sorted(serious, key=lambda x: (x.onset, x.id or 0)):
        proposal = propose_next_step(
            term=e.term,
            group=groups.get(e.term),
            grade=e.grade,
            attribution=e.attribution,
            drug=drug,
            current_dose_mg=dose_mg,
        )
        out.append(
            stopped(
                "ae_grade3",
                _(
                    "Adverse event grade {grade}: {term} since {day} (course {course}). "
                    "Protocol: {step}"
                ).format(
                    grade=e.grade,
                    term=e.term,
                    day=e.onset.isoformat(),
                    course=e.course_id,
                    step=proposal.text,
                ),
                proposal.sources,
            )
        )
    if not out:
        out.append(
            passed("ae_grade3", _("No adverse event of grade 3 or more since the last dose."))
        )
    return out
