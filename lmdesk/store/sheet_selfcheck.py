"""``lmdesk selftest`` core check: plan a demo course, save it, build its sheet and calendar."""

from __future__ import annotations

from typing import Protocol

from icalendar import Calendar

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import ROUTE_IN_FULL, SheetData, SheetSettings
from lmdesk.store.ics_export import course_calendar
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.sheet_archive import SheetArchive


class _Context(Protocol):
    @property
    def reference(self) -> ReferenceDB: ...

    @property
    def patients(self) -> PatientStore: ...

    @property
    def clock(self) -> Clock: ...


def check_sheet(ctx: _Context) -> str:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    limits = stores.protocols.limits()
    plan = plan_course(
        stores.protocols.get("mtx-classic"),
        PlanOptions(start=ctx.clock.today(), maintenance_count=0),
        limits,
        stores.catalog,
    )
    stores.patients.add(Patient(mrn="SELFTEST-SHEET", name="Selftest 自检"))
    course = stores.courses.add(
        course_from_plan(plan, "SELFTEST-SHEET", "selftest", ctx.clock.now())
    )
    assert course.id is not None
    data = SheetData(reference_version=ctx.reference.content_version)
    sheet = build_sheet(
        course, None, SheetSettings(language="bilingual"), data, limits, ctx.clock.now()
    )
    text = sheet.all_text()
    missing = [s.date.isoformat() for s in course.sessions if s.date.isoformat() not in text]
    if ROUTE_IN_FULL not in text or missing:
        raise RuntimeError(f"sheet text incomplete (route or dates {missing})")
    ics = Calendar.from_ical(course_calendar(course, ctx.clock.now()))
    dates = [e.decoded("dtstart") for e in ics.walk() if e.name == "VEVENT"]
    if dates != [s.date for s in course.sessions]:
        raise RuntimeError("calendar dates differ from the course")
    SheetArchive(ctx.patients).status(course.id, course.revision)  # the archive answers
    return _("demo course of {n} sessions: sheet and calendar ok").format(n=len(course.sessions))
