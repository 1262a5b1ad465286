"""Build, render and archive regimen sheets: the one path the CLI and the views share.

Every PDF that leaves lmdesk (export or print) is archived first, in the same call, so
there is no way to hand out a sheet that the archive does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.planning import adhoc_protocol
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import RegimenSheet, SheetData, SheetSettings
from lmdesk.models.sheet.history import SheetHistory
from lmdesk.models.sheet.plan import plan_from_json, plan_protocol_id
from lmdesk.models.sheet.text import SHEET_LANGUAGES, SheetLanguage
from lmdesk.private_files import private_temp_beside, write_private
from lmdesk.store.ics_export import course_calendar
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.sheet_archive import ArchivedSheet, SheetArchive, SheetKind
from lmdesk.store.sheet_history import sheet_history


@dataclass(frozen=True)
class SheetJob:
    """A built sheet and what it was built from (``course.id`` None = unsaved plan)."""

    sheet: RegimenSheet
    course: Course


def sheet_language(value: str | None, fallback: str) -> SheetLanguage:
    for candidate in (value, fallback):
        for language in SHEET_LANGUAGES:
            if candidate == language:
                return language
    return "bilingual"


class SheetService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    @cached_property
    def stores(self) -> SchedulerStores:
        return SchedulerStores(self.ctx.reference, self.ctx.patients)

    @cached_property
    def archive(self) -> SheetArchive:
        return SheetArchive(self.ctx.patients)

    @cached_property
    def data(self) -> SheetData:
        ref = self.ctx.reference
        names: dict[str, tuple[str, str]] = {}
        if ref.has_table("drug_cards"):
            for drug, en, zh in ref.conn.execute("SELECT id, name_en, name_zh FROM drug_cards"):
                names[str(drug)] = (str(en), str(zh or ""))
        citations: dict[str, str] = {}
        if ref.has_table("bibliography"):
            for key, citation in ref.conn.execute("SELECT key, citation FROM bibliography"):
                citations[str(key)] = str(citation)
        return SheetData(
            reference_version=ref.content_version, drug_names=names, citations=citations
        )

    def settings(self, language: str | None = None) -> SheetSettings:
        """Hospital and ward as the ward set them (shared in the patient DB); the sheet
        language as this workstation chose it."""
        ward = self.ctx.ward_settings()
        return SheetSettings(
            hospital=ward.hospital,
            ward=ward.ward,
            language=sheet_language(language, self.ctx.settings.sheet_language),
        )

    def _build(
        self,
        course: Course,
        patient: Patient | None,
        language: str | None,
        patient_name: str = "",
        history: SheetHistory | None = None,
    ) -> SheetJob:
        sheet = build_sheet(
            course,
            patient,
            self.settings(language),
            self.data,
            self.stores.protocols.limits(),
            self.ctx.clock.now(),
            catalog=self.stores.catalog,
            patient_name=patient_name,
            printed_by=self.ctx.user_label,
            history=history,
        )
        if self.ctx.patients_opened():  # the audit head, anchored on paper (issue 28)
            from lmdesk.models.sheet.build import with_audit_head
            from lmdesk.store.audit import head

            sheet = with_audit_head(sheet, head(self.ctx.patients.conn)[1])
        return SheetJob(sheet, course)

    def for_course(self, course_id: int, language: str | None = None) -> SheetJob:
        course = self.stores.courses.get(course_id)
        patient = self.stores.patients.by_mrn(course.patient_mrn)
        history = sheet_history(self.ctx.reference, self.ctx.patients, course)
        return self._build(course, patient, language, history=history)

    def for_plan(
        self, doc: Any, language: str | None = None, patient_name: str = "", mrn: str = ""
    ) -> SheetJob:
        protocol_id = plan_protocol_id(doc)
        if protocol_id.startswith("adhoc-"):
            sessions = doc.get("sessions") or []
            protocol = adhoc_protocol(
                protocol_id.removeprefix("adhoc-"),
                float(doc.get("dose_mg") or 0),
                7,
                max(1, len(sessions)),
                self.stores.catalog,
            )
        else:
            protocol = self.stores.protocols.get(protocol_id)
        plan = plan_from_json(doc, protocol, self.stores.protocols.limits(), self.stores.catalog)
        course = course_from_plan(plan, mrn.strip(), self.ctx.user_label, self.ctx.clock.now())
        return self._build(course, None, language, patient_name)

    def archive_pdf(
        self, job: SheetJob, data: bytes, pages: int, kind: SheetKind, file_name: str = ""
    ) -> ArchivedSheet:
        return self.archive.record(
            data,
            course_id=job.course.id,
            course_revision=job.course.revision,
            patient_mrn=job.course.patient_mrn,
            kind=kind,
            language=job.sheet.language,
            pages=pages,
            reference_version=job.sheet.reference_version,
            file_name=file_name,
        )

    def export_pdf(self, job: SheetJob, out: Path) -> ArchivedSheet:
        """Render, archive, then write ``out`` (the file holds exactly the archived bytes)."""
        from lmdesk.printing.offscreen import ensure_gui_application
        from lmdesk.printing.sheet_pdf import render_pdf

        ensure_gui_application()
        rendered = render_pdf(job.sheet)
        tmp = temp_beside(out, rendered.data)
        try:
            archived = self.archive_pdf(job, rendered.data, rendered.pages, "pdf", out.name)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        return archived

    def calendar(self, course_id: int) -> bytes:
        course = self.stores.courses.get(course_id)
        patient = self.stores.patients.by_mrn(course.patient_mrn)
        return course_calendar(course, self.ctx.clock.now(), patient.name)


def temp_beside(path: Path, data: bytes) -> Path:
    """``data`` in an owner-only temporary file next to ``path`` (renamed over it once all
    went well): every exported file is 0600 (``private_files``)."""
    return private_temp_beside(path, data)


def write_file(path: Path, data: bytes) -> None:
    """Write a whole file or nothing (temp file + rename), readable by its owner only."""
    write_private(path, data)
