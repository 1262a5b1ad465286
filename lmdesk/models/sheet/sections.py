"""The text blocks under the session table: supportive plan, monitoring, cumulative dose,
gate overrides and grade >= 3 adverse events (saved courses), doses above the usual range,
what the sources leave unconfirmed, and the references."""

from __future__ import annotations

import re

from lmdesk.i18n import N_
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.open_schedule import TRANSITION_BASIS, schedule_shape_text
from lmdesk.models.scheduling.protocol import CO_MED_ROUTE_LABELS, PHASE_LABELS, CoMedication
from lmdesk.models.scheduling.routes import ROUTE_SHORT
from lmdesk.models.sheet.document import SheetData, SheetSection
from lmdesk.models.sheet.history import (
    SheetHistory,
    corrections_section,
    overrides_section,
    patient_course_count,
    patient_cumulative,
    serious_events_section,
)
from lmdesk.models.sheet.preparation import PRESERVATIVE_FREE_SOURCES, preparation_for
from lmdesk.models.sheet.text import SheetText, format_mg

MED_ROUTES = CO_MED_ROUTE_LABELS
PHASES = PHASE_LABELS
CHECK_TEXT = {
    "blood_count": N_("blood count with differential"),
    "liver_function": N_("liver function tests"),
    "csf_sample": N_("CSF sample (cytology and markers)"),
}
#: Keys the sheet itself cites (preservative-free rule, never-IT line).
SHEET_KEYS: tuple[str, ...] = (*PRESERVATIVE_FREE_SOURCES, "R110", "R112", "R113")
_KEY = re.compile(r"\b(R\d+[a-z]?|seed-\d+)\b")


def drug_name(t: SheetText, drug: str, data: SheetData) -> str:
    en, zh = data.drug_names.get(drug, (drug.replace("-", " ").capitalize(), ""))
    return t.name(en, zh)


def _cite(source: str) -> str:
    return "".join(f"[{k}]" for k in _KEY.findall(source))


def co_medication_dose(t: SheetText, med: CoMedication, data: SheetData) -> str:
    """``地塞米松 5 mg`` / ``Dexamethasone 5 mg`` in the sheet's language."""
    return f"{drug_name(t, med.drug, data)} {t.data(med.dose, med.dose_zh)}"


def _med(t: SheetText, med: CoMedication, data: SheetData) -> str:
    text = co_medication_dose(t, med, data)
    if not med.confirmed:
        text += " — " + t.one(N_("not confirmed by the sources; ask the prescriber"))
    return f"{text} {_cite(med.source)}".strip()


def it_coinjections(t: SheetText, course: Course, data: SheetData) -> list[str]:
    return [
        _med(t, m, data) + " — " + t.one(N_("co-injected in the same session"))
        for m in course.protocol.co_medications
        if m.route == "it"
    ]


def _supportive(t: SheetText, course: Course, data: SheetData) -> SheetSection:
    lines = [
        f"{_med(t, m, data)} — {t.one(MED_ROUTES[m.route])}"
        + (t.aside(t.data(m.timing, m.timing_zh)) if m.timing else "")
        for m in course.protocol.co_medications
        if m.route != "it"
    ]
    if not lines:
        lines = [t.one(N_("No supportive medication in this protocol."))]
    return SheetSection(title=t.one(N_("Supportive plan")), lines=tuple(lines))


def _monitoring(t: SheetText, course: Course) -> SheetSection:
    lines: list[str] = []
    checks = course.protocol.checks
    if checks:
        lines.append(
            t.one(N_("Before each dose:"))
            + " "
            + "; ".join(t.one(CHECK_TEXT[c]) for c in checks)
            + " "
            + _cite(" ".join(course.protocol.sources))
        )
    if course.mri_dates:
        lines.append(
            t.one(N_("Reassessment MRI:")) + " " + ", ".join(t.date(d) for d in course.mri_dates)
        )
    else:
        lines.append(
            t.one(
                N_(
                    "Reassessment MRI: interval not confirmed by the sources (reference §A.11); "
                    "dates per the treating team: ____________"
                )
            )
        )
    return SheetSection(title=t.one(N_("Monitoring plan")), lines=tuple(lines))


def _cumulative(
    t: SheetText, course: Course, data: SheetData, history: SheetHistory | None
) -> SheetSection:
    doses = course.cumulative() if history is None else patient_cumulative(course, history)
    lines = [
        t.one(
            N_("{drug}, {route}: given {given}, still planned {planned}, total {total}"),
            drug=drug_name(t, c.drug, data),
            route=t.one(ROUTE_SHORT[c.route]),
            given=format_mg(c.given_mg),
            planned=format_mg(c.planned_mg),
            total=format_mg(round(c.given_mg + c.planned_mg, 4)),
        )
        for c in doses
    ]
    lines = lines or [t.one(N_("No dose given or planned."))]
    if history is not None:
        lines += t.lines(
            N_(
                "Counted over all courses of this patient ({n}), stopped, cancelled and "
                "replaced ones included."
            ),
            n=patient_course_count(course, history),
        )
    return SheetSection(title=t.one(N_("Cumulative intrathecal dose")), lines=tuple(lines))


def _above_usual(t: SheetText, course: Course, limits: DoseLimits) -> SheetSection:
    lines: list[str] = []
    for s in course.sessions:
        dose = s.given.dose_mg if s.given else s.dose_mg
        limit = limits.for_drug(s.drug, s.given.route if s.given else s.route)
        if not limit or limit.usual_max_mg is None or dose <= limit.usual_max_mg:
            continue
        reason = (s.given.dose_reason if s.given else "") or s.dose_reason or course.dose_reason
        lines.append(
            t.one(
                N_("* Session {n} ({date}): {dose}, usual up to {usual} {cite}; reason: {reason}"),
                n=s.n,
                date=s.date.isoformat(),
                dose=format_mg(dose),
                usual=format_mg(limit.usual_max_mg),
                cite=_cite(limit.usual_source),
                reason=reason or t.one(N_("NONE RECORDED")),
            )
        )
    return SheetSection(
        title=t.one(N_("Doses above the usual range")),
        lines=tuple(lines or [t.one(N_("None."))]),
    )


def _unconfirmed(t: SheetText, course: Course) -> SheetSection | None:
    pairs = course.protocol.unconfirmed_pairs()
    lines = [line for en, zh in pairs for line in t.data_variants(en, zh)]
    if not lines:
        return None
    return SheetSection(title=t.one(N_("Not confirmed by the sources")), lines=tuple(lines))


ORIGIN_TEXT = {
    "clinician": N_("entered by the clinician"),
    "default_confirmed": N_("default, confirmed by the clinician"),
    "default": N_("default, NOT CONFIRMED"),
}


def _open_schedule(t: SheetText, course: Course) -> SheetSection | None:
    """How each phase the sources leave open was filled, and the basis of a default."""
    lines: list[str] = []
    for choice in course.schedule_choices:
        phase = course.protocol.phases[choice.phase_index]
        template, values = schedule_shape_text(choice, phase)
        lines.append(
            f"{t.one(PHASES[choice.kind])}: {t.one(template, **values)} — "
            f"{t.one(ORIGIN_TEXT[choice.origin])}"
        )
        default = phase.default
        if default is not None and (choice.interval_from_default or choice.count_from_default):
            basis = {"en": (default.basis_en,), "zh_CN": (default.basis_zh,)}.get(
                t.language, (default.basis_en, default.basis_zh)
            )
            lines += [t.one(N_("Basis of the default:")) + " " + b for b in basis]
        if choice.transition_from_default:
            lines.append(t.one(N_("Basis of the default:")) + " " + t.one(TRANSITION_BASIS))
    if not lines:
        return None
    return SheetSection(title=t.one(N_("Schedule the sources leave open")), lines=tuple(lines))


def _references(t: SheetText, course: Course, data: SheetData) -> SheetSection:
    protocol = course.protocol
    text = " ".join(
        [
            *protocol.sources,
            protocol.dose.source,
            *(m.source for m in protocol.co_medications),
            *(p.source for p in protocol.phases),
        ]
    )
    keys = list(dict.fromkeys(_KEY.findall(text)))
    prep = preparation_for(protocol.drug)
    extra = [*(prep.sources if prep else ()), *SHEET_KEYS]
    keys += [k for k in extra if k not in keys]
    lines = [f"[{k}] {data.citations.get(k, '')}".strip() for k in keys]
    return SheetSection(title=t.one(N_("References")), lines=tuple(lines))


def _protocol_notes(t: SheetText, course: Course) -> SheetSection | None:
    """The protocol's own notes (limits, eligibility), under their own heading."""
    protocol = course.protocol
    if not protocol.notes:
        return None
    return SheetSection(
        title=t.one(N_("Protocol notes")),
        lines=t.data_variants(protocol.notes, protocol.notes_zh),
    )


def build_sections(
    t: SheetText,
    course: Course,
    data: SheetData,
    limits: DoseLimits,
    history: SheetHistory | None = None,
) -> tuple[SheetSection, ...]:
    """The blocks in print order; ``history`` None (an unsaved plan) = no record blocks."""
    sections = [
        _supportive(t, course, data),
        _monitoring(t, course),
        _cumulative(t, course, data, history),
        overrides_section(t, course),
        corrections_section(t, course),
        serious_events_section(t, course, history) if history is not None else None,
        _above_usual(t, course, limits),
        _unconfirmed(t, course),
        _open_schedule(t, course),
        _protocol_notes(t, course),
        _references(t, course, data),
    ]
    return tuple(s for s in sections if s is not None)
