"""A demo regimen sheet from a reference protocol, for ``selftest`` (nothing is saved)."""

from __future__ import annotations

from lmdesk.app_context import AppContext
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.sheet.build import build_sheet
from lmdesk.printing.sheet_pdf import RenderedPdf, render_pdf
from lmdesk.printing.sheet_service import SheetService
from lmdesk.store.scheduler_context import SchedulerStores

DEMO_PROTOCOL = "mtx-classic"


def demo_pdf(ctx: AppContext, language: str) -> RenderedPdf:
    service = SheetService(ctx)
    stores = SchedulerStores(ctx.reference, ctx.patients)
    protocol = stores.protocols.get(DEMO_PROTOCOL)
    plan = plan_course(
        protocol, PlanOptions(start=ctx.clock.today()), stores.protocols.limits(), stores.catalog
    )
    course = course_from_plan(plan, "DEMO-0001", "selftest", ctx.clock.now())
    sheet = build_sheet(
        course,
        None,
        service.settings(language),
        service.data,
        stores.protocols.limits(),
        ctx.clock.now(),
        catalog=stores.catalog,
        patient_name="Demo patient",
    )
    return render_pdf(sheet)
