"""What the patient's record adds to a saved course's sheet: every course of the patient (for the
cumulative dose), the gate overrides and corrected marks of the course's sessions and its
grade >= 3 adverse events.

An unsaved plan has no record: its sheet is built without a :class:`SheetHistory` and none of
these blocks appear.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.scheduling.course import Course, CumulativeDose
from lmdesk.models.scheduling.gate_finding import rule_label
from lmdesk.models.scheduling.protocol import Route
from lmdesk.models.sheet.document import SheetSection
from lmdesk.models.sheet.text import SheetText

#: Adverse events of this grade or higher get a block of their own on the sheet.
SERIOUS_GRADE = 3


class SheetHistory(BaseModel):
    """The patient's courses (this one included or not) and the adverse events recorded on
    the course; ``ae_terms`` maps a CTCAE term to its (English, Chinese) name."""

    model_config = ConfigDict(frozen=True)

    patient_courses: tuple[Course, ...] = ()
    adverse_events: tuple[AdverseEvent, ...] = ()
    ae_terms: dict[str, tuple[str, str]] = {}


def patient_cumulative(course: Course, history: SheetHistory) -> tuple[CumulativeDose, ...]:
    """Given and still-planned IT dose per drug and route over every course of the patient
    (stopped, cancelled and replaced ones included; ``course`` as it is now)."""
    courses = [course, *(c for c in history.patient_courses if c.id != course.id)]
    totals: dict[tuple[str, Route], list[float]] = {}
    for c in courses:
        for dose in c.cumulative():
            entry = totals.setdefault((dose.drug, dose.route), [0.0, 0.0])
            entry[0] += dose.given_mg
            entry[1] += dose.planned_mg
    return tuple(
        CumulativeDose(drug=d, route=r, given_mg=round(g, 4), planned_mg=round(p, 4))
        for (d, r), (g, p) in sorted(totals.items())
    )


def patient_course_count(course: Course, history: SheetHistory) -> int:
    return 1 + sum(1 for c in history.patient_courses if c.id != course.id)


def overrides_section(t: SheetText, course: Course) -> SheetSection | None:
    """Each session given over a gate stop: who, when, the overridden rules, the typed reason."""
    lines: list[str] = []
    for s in course.sessions:
        override = s.given.override if s.given else None
        if override is None:
            continue
        lines.append(
            t.one(
                N_(
                    "Session {n} ({date}): gate stop overridden by {by} at {at}; "
                    "rules: {rules}; reason: {reason}"
                ),
                n=s.n,
                date=s.date.isoformat(),
                by=override.by,
                at=override.at.strftime("%Y-%m-%d %H:%M"),
                rules=", ".join(t.one(rule_label(r)) for r in dict.fromkeys(override.rules))
                or t.one(N_("not recorded")),
                reason=override.reason,
            )
        )
    if not lines:
        return None
    return SheetSection(title=t.one(N_("Pre-dose gate overridden")), lines=tuple(lines))


CORRECTED = {
    "given": N_(
        "Session {n} ({date}): the given mark ({was}) was taken back by {by} at {at}; "
        "reason: {reason}"
    ),
    "held": N_(
        "Session {n} ({date}): the held mark ({was}) was taken back by {by} at {at}; "
        "reason: {reason}"
    ),
}


def corrections_section(t: SheetText, course: Course) -> SheetSection | None:
    """Each given or held mark taken back (``Session.corrections``): what it said, who took
    it back, when and why. A corrected session otherwise prints as planned, and a nurse
    reading the sheet must see that a dose was once marked there."""
    lines = [
        t.one(
            CORRECTED[c.mark],
            n=s.n,
            date=s.date.isoformat(),
            was=c.was,
            by=c.by,
            at=c.at.strftime("%Y-%m-%d %H:%M"),
            reason=c.reason,
        )
        for s in course.sessions
        for c in s.corrections
    ]
    if not lines:
        return None
    return SheetSection(title=t.one(N_("Corrected marks")), lines=tuple(lines))


def serious_events_section(
    t: SheetText, course: Course, history: SheetHistory
) -> SheetSection | None:
    """Grade >= 3 adverse events recorded on the course (term, grade, onset), oldest first."""
    events = sorted(
        (
            e
            for e in history.adverse_events
            if e.course_id == course.id and e.grade >= SERIOUS_GRADE and e.status != "retracted"
        ),
        key=lambda e: (e.onset, e.id or 0),
    )
    lines = [
        t.one(
            N_("{term}: grade {grade}, onset {date}"),
            term=t.name(*history.ae_terms.get(e.term, (e.term, ""))),
            grade=e.grade,
            date=e.onset.isoformat(),
        )
        for e in events
    ]
    if not lines:
        return None
    return SheetSection(
        title=t.one(N_("Adverse events of grade 3 or higher on this course")), lines=tuple(lines)
    )
