"""Reads a saved course's record for its printed sheet: every course of the patient, the
course's adverse events and their CTCAE names in English and Chinese."""

from __future__ import annotations

from lmdesk.models.scheduling.course import Course
from lmdesk.models.sheet.history import SERIOUS_GRADE, SheetHistory
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.reference import ReferenceDB


def sheet_history(reference: ReferenceDB, pdb: PatientStore, course: Course) -> SheetHistory | None:
    """The record behind ``course``'s sheet; None for an unsaved plan (no record)."""
    if course.id is None:
        return None
    courses = CourseRepository(pdb).for_patient(course.patient_mrn)
    events = [
        e for e in AdverseEventRepository(pdb).for_course(course.id) if e.grade >= SERIOUS_GRADE
    ]
    names: dict[str, tuple[str, str]] = {}
    ctcae = CtcaeRepo(reference)
    if ctcae.available():
        for e in events:
            term = ctcae.term(e.version, e.term)
            if term is not None:
                names[e.term] = (term.term, term.name_zh or "")
    return SheetHistory(
        patient_courses=tuple(courses), adverse_events=tuple(events), ae_terms=names
    )
