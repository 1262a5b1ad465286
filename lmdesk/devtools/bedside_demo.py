"""Bedside demo records for tests and screenshots: a patient's course, verification, labs,
apixaban and a grade 3 adverse event, written through the same repositories the CLI uses."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lmdesk.app_context import AppContext
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.ctcae.rules import DEFAULT_VERSION
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions
from lmdesk.models.scheduling.antithrombotics import MedicationRecord
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.labs import make_lab_result
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.toxicity_rules import Attribution
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.labs_repo import LabsRepository
from lmdesk.store.medications_repo import MedicationsRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository

MRN = "A1"


def add_patient(ctx: AppContext, mrn: str = MRN, name: str = "王五") -> Patient:
    return PatientRepository(ctx.patients).add(Patient(mrn=mrn, name=name))


def add_course(
    ctx: AppContext, protocol: str = "mtx-classic", start: date | None = None, mrn: str = MRN
) -> Course:
    protocols = ProtocolRepository(ctx.reference)
    plan = plan_course(
        protocols.get(protocol),
        PlanOptions(
            start=start or ctx.clock.today(), maintenance_count=2, confirm_default_schedule=True
        ),
        protocols.limits(),
        None,
    )
    return CourseRepository(ctx.patients).add(course_from_plan(plan, mrn, "Dr A", ctx.clock.now()))


def verify(ctx: AppContext, course: Course, who: str = "Dr B") -> Course:
    repo = CourseRepository(ctx.patients)
    return repo.apply(course, course_actions.verify(course, who, ctx.clock.now()))


def add_labs(
    ctx: AppContext, platelets: str = "150", at: datetime | None = None, mrn: str = MRN
) -> None:
    at = at or ctx.clock.now() - timedelta(hours=1)
    repo = LabsRepository(ctx.patients)
    for test, value, unit in (
        ("platelets", platelets, "10^9/L"),
        ("anc", "2500", "/uL"),
        ("wbc", "5", "G/L"),
        ("inr", "1.0", ""),
    ):
        repo.add(
            mrn,
            make_lab_result(
                test=test, at=at, value=value, unit=unit, now=ctx.clock.now(), entered_by="Nurse"
            ),
        )


def add_apixaban(ctx: AppContext, hours_ago: float = 12, mrn: str = MRN) -> None:
    MedicationsRepository(ctx.patients).add(
        mrn,
        MedicationRecord(
            drug="apixaban",
            last_dose_at=ctx.clock.now() - timedelta(hours=hours_ago),
            dose_mg=5,
            entered_by="Nurse",
        ),
    )


def add_grade3(ctx: AppContext, course: Course, term: str = "Arachnoiditis") -> None:
    AdverseEventRepository(ctx.patients).record(
        AdverseEvent(
            course_id=course.id or 0,
            version=DEFAULT_VERSION,
            term=term,
            grade=3,
            onset=ctx.clock.today(),
            attribution=Attribution.IT_DRUG,
            recorded_by="Dr A",
        )
    )


def when(ctx: AppContext, hours: float = 0.0) -> datetime:
    return ctx.clock.now() + timedelta(hours=hours)


def today(ctx: AppContext) -> date:
    return ctx.clock.today()
