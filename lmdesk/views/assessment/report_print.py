"""Preview and print the response summary: the same pages as its PDF, audited when printed.

The Regimen sheets screen had the only print preview; the summary was a PDF to open
elsewhere. The preview paints with ``printing.report_pdf.paint_report`` (what the PDF
paints); a print is audited like an export (``assessment.report``, file "printer").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from lmdesk.i18n import _, ngettext
from lmdesk.printing.report_pdf import paint_report, render_report
from lmdesk.printing.report_service import ReportService
from lmdesk.views.print_preview import PreviewFactory, preview


def preview_and_print_report(
    parent: QWidget,
    reports: ReportService,
    course_id: int,
    language: str | None,
    factory: PreviewFactory | None = None,
) -> str:
    """Show the summary's preview; once printed, audit it. Returns the result to show."""
    report = reports.build(course_id, language)
    printed = preview(
        parent,
        _("Response summary — print preview"),
        lambda painter, printer: paint_report(painter, printer, report),
        factory,
    )
    if not printed:
        return _("Not printed.")
    rendered = render_report(report)  # the pages' fingerprint for the audit trail
    reports.record_export(report, Path("printer"), rendered.sha256, rendered.pages)
    return ngettext(
        "Summary sent to the printer ({pages} page).",
        "Summary sent to the printer ({pages} pages).",
        rendered.pages,
    ).format(pages=rendered.pages)
