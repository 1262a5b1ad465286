"""Build and write the response summary PDF: the one path the CLI and the screen share.

Building reads the patient DB (fast, on the caller's thread); painting is Qt work that the
screen runs in a worker (``views.jobs``). Every written summary leaves an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lmdesk.app_context import AppContext
from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.errors import BadInputError
from lmdesk.models.response.report import ResponseReport, build_report
from lmdesk.printing.sheet_service import SheetService, sheet_language, write_file
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository


@dataclass(frozen=True)
class ReportResult:
    pages: int
    sha256: str
    language: str


class ReportService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.courses = CourseRepository(ctx.patients)
        self.assessments = AssessmentRepository(ctx.patients)
        self.events = AdverseEventRepository(ctx.patients)

    @cached_property
    def _sheets(self) -> SheetService:
        return SheetService(self.ctx)

    def build(self, course_id: int, language: str | None = None) -> ResponseReport:
        course = self.courses.get(course_id)
        try:
            patient = PatientRepository(self.ctx.patients).by_mrn(course.patient_mrn)
        except BadInputError:
            patient = None
        settings = self.ctx.settings
        ward = self.ctx.ward_settings()  # shared by the ward in the patient DB
        data = self._sheets.data
        institution = " · ".join(x.strip() for x in (ward.hospital, ward.ward) if x.strip())
        return build_report(
            course,
            patient,
            self.assessments.for_course(course_id),
            sheet_language(language, settings.sheet_language),
            printed_at=self.ctx.clock.now(),
            printed_by=self.ctx.user_label,
            institution=institution,
            reference_version=data.reference_version,
            citations=data.citations,
        )

    def record_export(self, report: ResponseReport, out: Path, sha256: str, pages: int) -> None:
        pdb = self.ctx.patients
        with pdb.transaction():
            pdb.audit(
                "assessment.report",
                "course",
                report.course_id,
                None,
                {
                    "file_name": out.name,
                    "sha256": sha256,
                    "pages": pages,
                    "language": report.language,
                },
                event=AuditEvent(
                    code="assessment.report", params={"file_name": out.name, "pages": pages}
                ),
            )

    def export_pdf(self, course_id: int, out: Path, language: str | None = None) -> ReportResult:
        """Build, render and write ``out`` (whole file or nothing), then audit it."""
        from lmdesk.printing.offscreen import ensure_gui_application
        from lmdesk.printing.report_pdf import render_report

        report = self.build(course_id, language)
        ensure_gui_application()
        rendered = render_report(report)
        write_file(out, rendered.data)
        self.record_export(report, out, rendered.sha256, rendered.pages)
        return ReportResult(rendered.pages, rendered.sha256, report.language)
