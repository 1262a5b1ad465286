"""Course (or unsaved plan) + patient + settings -> :class:`RegimenSheet`.

The safety rules are applied again here, on what is about to be printed: a plan file can
be edited by hand, so a never-IT drug or a dose above the hard ceiling refuses the sheet,
and an open session above the usual range must carry its reason (which is printed).
"""

from __future__ import annotations

from datetime import date, datetime

from lmdesk.i18n import N_
from lmdesk.models.drugs.never_it import NeverItLookup, refuse_never_it_on_course
from lmdesk.models.patient import DRIVER_GENE_LABELS, IT_ACCESS_LABELS, Patient
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.scheduling.dose_safety import DoseLimits, check_dose, require_reason
from lmdesk.models.sheet.document import (
    ROUTE_IN_FULL,
    RegimenSheet,
    SheetData,
    SheetField,
    SheetSessionRow,
    SheetSettings,
)
from lmdesk.models.sheet.history import SheetHistory
from lmdesk.models.sheet.preparation import (
    NOT_CONFIRMED,
    PRESERVATIVE_FREE,
    PRESERVATIVE_FREE_SOURCES,
    preparation_for,
)
from lmdesk.models.sheet.sections import (
    build_sections,
    co_medication_dose,
    drug_name,
    it_coinjections,
)
from lmdesk.models.sheet.text import SheetText, format_mg

ROUTE_DETAIL = {
    "lp": N_("by lumbar puncture (LP)"),
    "ommaya": N_("intraventricular, by Ommaya reservoir"),
}
ROUTE_ROW = {
    "lp": N_("INTRATHECAL, lumbar puncture"),
    "ommaya": N_("INTRATHECAL, Ommaya reservoir"),
}
PHASES = {
    "induction": N_("Induction"),
    "consolidation": N_("Consolidation"),
    "maintenance": N_("Maintenance"),
    "cycle": N_("Cycle"),
}
STATUSES = {
    "planned": N_("Planned"),
    "given": N_("Given"),
    "held": N_("Held"),
    "cancelled": N_("Cancelled"),
    "delayed": N_("Delayed"),
}
CHECKS = {
    "blood_count": N_("Blood count"),
    "liver_function": N_("Liver function"),
    "csf_sample": N_("CSF sample"),
}
SEXES = {"F": N_("Female"), "M": N_("Male")}
COLUMNS = (
    N_("No."),
    N_("Date"),
    N_("Phase"),
    N_("Dose"),
    N_("Route"),
    N_("Co-injection"),
    N_("Pre-dose checks"),
    N_("Status"),
    N_("Given by"),
    N_("Checked by"),
)
NOT_RECORDED = N_("not recorded")


def age_years(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def access_text(t: SheetText, course: Course, p: Patient | None) -> str:
    """The IT access line: the course's route always; the patient's record only where it
    agrees, else said plainly (never a contradiction with the route box)."""
    text = t.one(IT_ACCESS_LABELS[course.route]) + " " + t.one(N_("(this course's route)"))
    if p is None or p.it_access == "unknown":
        return text + "; " + t.one(N_("the patient's IT access is not recorded"))
    if p.it_access != course.route:
        return (
            text
            + "; "
            + t.one_worded(
                N_("CHECK: the patient record says {access}"),
                access=IT_ACCESS_LABELS[p.it_access],
            )
        )
    if p.ommaya_implant_date:
        text += " " + t.one(N_("(implanted {date})"), date=p.ommaya_implant_date.isoformat())
    return text


def check_printable(course: Course, limits: DoseLimits, catalog: NeverItLookup | None) -> None:
    """Refuse a sheet that would print a never-IT drug or an unsafe open dose."""
    it_drugs = [course.protocol.drug, *(s.drug for s in course.sessions)]
    meds = [(m.drug, m.route) for m in course.protocol.co_medications]
    for s in course.sessions:
        meds += [(m.drug, m.route) for m in s.co_medications]
    refuse_never_it_on_course(it_drugs, meds, catalog)
    for s in course.sessions:
        if s.is_open:
            reason = s.dose_reason or course.dose_reason
            require_reason(check_dose(s.drug, s.route, s.dose_mg, limits, reason, session=s.n))


def above_usual(session: Session, limits: DoseLimits) -> bool:
    dose = session.given.dose_mg if session.given else session.dose_mg
    limit = limits.for_drug(session.drug, session.route)
    return bool(limit and limit.usual_max_mg is not None and dose > limit.usual_max_mg)


def _header(
    t: SheetText, course: Course, patient: Patient | None, name: str, today: date
) -> tuple[SheetField, ...]:
    nr = t.one(NOT_RECORDED)
    p = patient
    diagnosis = [t.one(N_("Leptomeningeal metastasis"))]
    if p and p.histology:
        diagnosis.insert(0, p.histology)
    if p and p.lm_diagnosis_date:
        diagnosis.append(t.one(N_("diagnosed {date}"), date=p.lm_diagnosis_date.isoformat()))
    access = access_text(t, course, p)
    performance = []
    if p and p.kps is not None:
        performance.append(f"KPS {p.kps}")
    if p and p.ecog is not None:
        performance.append(f"ECOG {p.ecog}")
    fields = [
        (N_("Patient"), (p.name if p else name.strip()) or nr),
        (N_("MRN"), (p.mrn if p else course.patient_mrn.strip()) or nr),
        (N_("Sex"), t.one(SEXES[p.sex]) if p and p.sex else nr),
        (
            N_("Age"),
            t.one(N_("{n} years"), n=age_years(p.birth_date, today)) if p and p.birth_date else nr,
        ),
        (N_("Weight"), f"{p.weight_kg:g} kg" if p and p.weight_kg else nr),
        (N_("Diagnosis"), "; ".join(diagnosis)),
        (N_("Driver gene"), t.one(DRIVER_GENE_LABELS[p.driver_gene]) if p else nr),
        (N_("IT access"), access),
        (N_("KPS / ECOG"), " · ".join(performance) or nr),
        (N_("Allergies"), (p.allergies if p else "") or nr),
        (N_("Protocol"), course.protocol.display_name(t.language)),
    ]
    if t.language == "bilingual" and course.protocol.name_zh:
        fields[-1] = (N_("Protocol"), f"{course.protocol.name_en} / {course.protocol.name_zh}")
    return tuple(SheetField(label=t.one(label), value=value) for label, value in fields)


def _order(
    t: SheetText, course: Course, data: SheetData, limits: DoseLimits
) -> tuple[SheetField, ...]:
    drug = course.protocol.drug
    dose = format_mg(course.dose_mg)
    limit = limits.for_drug(drug, course.route)
    if limit and limit.usual_max_mg is not None and course.dose_mg > limit.usual_max_mg:
        dose += " — " + t.one(N_("above the usual range; reason below"))
    prep = preparation_for(drug)
    prep_text = (
        f"{t.one(prep.text)} {''.join(f'[{k}]' for k in prep.sources)}"
        if prep
        else t.one(NOT_CONFIRMED)
    )
    co = it_coinjections(t, course, data)
    return (
        SheetField(label=t.one(N_("Drug")), value=drug_name(t, drug, data)),
        SheetField(label=t.one(N_("Dose per injection")), value=dose),
        SheetField(
            label=t.one(N_("Route")),
            value=f"{ROUTE_IN_FULL} — {t.one(ROUTE_DETAIL[course.route])}",
        ),
        SheetField(
            label=t.one(N_("Formulation")),
            value=f"{t.one(PRESERVATIVE_FREE)} "
            + "".join(f"[{k}]" for k in PRESERVATIVE_FREE_SOURCES),
        ),
        SheetField(label=t.one(N_("Diluent and volume")), value=prep_text),
        SheetField(
            label=t.one(N_("Co-injection")),
            value="; ".join(co) or t.one(N_("none in this protocol")),
        ),
    )


def _status(t: SheetText, s: Session, course: Course) -> str:
    text = t.one(STATUSES[s.status])
    if s.given is not None:
        text += " " + s.given.at.strftime("%Y-%m-%d %H:%M")
        if s.given.batch:
            text += " · " + t.one(N_("batch {batch}"), batch=s.given.batch)
    if s.status == "delayed" and s.delayed_from:
        text += " " + t.one(N_("from {date}"), date=s.delayed_from.isoformat())
    if s.reason:
        text += f": {s.reason}"
    if s.given is not None and s.given.override is not None:
        text += " — " + t.one(N_("gate stop overridden, see below"))
    if s.corrections:
        text += " — " + t.one(N_("a mark was corrected, see below"))
    if s.is_open and course.status == "stopped":
        text = t.one(N_("Not to be given: course stopped"))
    elif not s.schedule_confirmed:
        text += " — " + t.one(N_("default schedule, NOT CONFIRMED"))
    return text


def _row(
    t: SheetText, s: Session, course: Course, limits: DoseLimits, data: SheetData
) -> SheetSessionRow:
    phase = t.one(PHASES[s.phase])
    if s.cycle is not None:
        phase = t.one(N_("Cycle {cycle}"), cycle=s.cycle)
    if s.day is not None:
        phase += ", " + t.one(N_("day {day}"), day=s.day)
    high = above_usual(s, limits)
    dose = format_mg(s.given.dose_mg if s.given else s.dose_mg, s.unit) + (" *" if high else "")
    route = s.given.route if s.given else s.route
    co = [co_medication_dose(t, m, data) for m in s.co_medications if m.route == "it"]
    return SheetSessionRow(
        n=s.n,
        date=t.date(s.date),
        phase=phase,
        dose=dose,
        route=t.one(ROUTE_ROW[route]),
        co_injection="; ".join(co),
        checks="; ".join(t.one(CHECKS[c]) for c in s.checks),
        status=_status(t, s, course),
        status_kind=s.status,
        given_by=s.given.given_by if s.given else "",
        above_usual=high,
    )


def _banners(t: SheetText, course: Course) -> tuple[str, ...]:
    out: list[str] = []
    if course.id is None:
        out += t.lines(
            N_(
                "NOT SAVED: a plan only, not a course on record. Save the course before "
                "treating from this sheet."
            )
        )
    if not course.schedule_confirmed:
        out += t.lines(
            N_(
                "SCHEDULE NOT CONFIRMED: rows marked 'default schedule' come from a default "
                "for what the sources leave open. The clinician confirms or changes it before "
                "anyone treats from this sheet."
            )
        )
    if course.status == "stopped":
        when = course.stopped_at.strftime("%Y-%m-%d") if course.stopped_at else ""
        out += t.lines(N_("COURSE STOPPED {date}: {reason}"), date=when, reason=course.stop_reason)
    return tuple(out)


def with_audit_head(sheet: RegimenSheet, head_hash: str) -> RegimenSheet:
    """The sheet with the audit trail's head (first 12 hex) in its footer: an anchor on paper.

    ``lmdesk db verify-audit`` prints the head it checked; a printed sheet whose head is no
    longer in the trail shows the trail was cut or rewritten after it was printed.
    """
    if not head_hash.strip("0"):
        return sheet
    t = SheetText(sheet.language)
    field = SheetField(label=t.one(N_("Audit trail")), value=head_hash[:12])
    return sheet.model_copy(update={"footer": (*sheet.footer, field)})


def _footer(
    t: SheetText, course: Course, data: SheetData, printed_at: datetime, printed_by: str
) -> tuple[tuple[SheetField, ...], tuple[SheetField, ...]]:
    planned = course.planned_by or t.one(NOT_RECORDED)
    planned += ", " + course.created_at.strftime("%Y-%m-%d")
    blank = "________________"
    if course.verification:
        verified = f"{course.verification.by}, {course.verification.at.strftime('%Y-%m-%d')}"
    else:
        verified = t.one(N_("not verified")) + f" — {blank} " + t.one(N_("date")) + f" {blank}"
    signatures = (
        SheetField(label=t.one(N_("Planned by")), value=planned),
        SheetField(label=t.one(N_("Verified by")), value=verified),
    )
    course_text = (
        t.one(N_("course {id}, revision {rev}"), id=course.id, rev=course.revision)
        if course.id is not None
        else t.one(N_("not saved"))
    )
    footer = (
        SheetField(label=t.one(N_("Course")), value=course_text),
        SheetField(
            label=t.one(N_("Reference data")), value=data.reference_version or t.one(NOT_RECORDED)
        ),
        SheetField(
            label=t.one(N_("Printed")),
            value=printed_at.strftime("%Y-%m-%d %H:%M")
            + (" " + t.one(N_("by {user}"), user=printed_by) if printed_by else ""),
        ),
    )
    return signatures, footer


def build_sheet(
    course: Course,
    patient: Patient | None,
    settings: SheetSettings,
    data: SheetData,
    limits: DoseLimits,
    printed_at: datetime,
    *,
    catalog: NeverItLookup | None = None,
    patient_name: str = "",
    printed_by: str = "",
    history: SheetHistory | None = None,
) -> RegimenSheet:
    """The sheet for ``course`` (``course.id`` None = an unsaved plan) as printed now.

    ``history`` (the patient's record; None for an unsaved plan) makes the cumulative dose
    count every course of the patient and adds the grade >= 3 adverse events."""
    check_printable(course, limits, catalog)
    t = SheetText(settings.language)
    signatures, footer = _footer(t, course, data, printed_at, printed_by)
    institution = " · ".join(x.strip() for x in (settings.hospital, settings.ward) if x.strip())
    return RegimenSheet(
        language=settings.language,
        title=t.one(N_("Intrathecal regimen sheet")),
        institution=institution,
        saved=course.id is not None,
        banners=_banners(t, course),
        header=_header(t, course, patient, patient_name, printed_at.date()),
        route_in_full=ROUTE_IN_FULL,
        route_detail=t.one(ROUTE_DETAIL[course.route]),
        order=_order(t, course, data, limits),
        safety_title=t.one(N_("NEVER INTRATHECAL")),
        safety_lines=t.lines(
            N_(
                "Vincristine, vinblastine, vinorelbine, vindesine, vinflunine, bortezomib and "
                "the other drugs on the never-intrathecal list are FATAL IF GIVEN "
                "INTRATHECALLY. Check the drug, its label and the route before every "
                "injection. [R110][R112][R113]"
            )
        ),
        session_columns=tuple(t.one(c) for c in COLUMNS),
        sessions=tuple(_row(t, s, course, limits, data) for s in course.sessions),
        sections=build_sections(t, course, data, limits, history),
        signatures=signatures,
        footer=footer,
        disclaimer=t.lines(
            N_(
                "lmdesk supports, and does not replace, clinical judgement and the "
                "institution's protocol. Check drug, dose, route and date before every "
                "injection."
            )
        ),
        page_template=t.one(N_("Page {page} of {pages}")),
        course_id=course.id,
        course_revision=course.revision,
        reference_version=data.reference_version,
        printed_at=printed_at.isoformat(timespec="seconds"),
    )
