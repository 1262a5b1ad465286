"""Paint the response summary on A4 pages as PDF bytes, with the standard page set-up.

Every page carries the standard footer (``printing.page``): patient, course, "page x of
y" and the disclaimer. Only the bundled CJK font is used (Latin glyphs included), so
Chinese prints on any workstation and the PDF embeds it.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter

from lmdesk.models.response.report import ResponseReport
from lmdesk.printing.fonts import CJK_FAMILY
from lmdesk.printing.page import (
    Footer,
    PageProgress,
    PrintDevice,
    RenderedPdf,
    body_document,
    page_frame,
    paint_pages,
    render_pdf_bytes,
)
from lmdesk.printing.report_html import report_html

#: The rendered summary (bytes, pages, sha256): the same record as every printed PDF.
RenderedReport = RenderedPdf
#: A bilingual summary says everything twice: a smaller body type than the sheet's.
BODY_PT = 7.5


def report_footer(report: ResponseReport) -> Footer:
    who = " · ".join(f.value for f in report.header[:3])
    return Footer([who, *report.disclaimer], report.page_label)


def paint_report(
    painter: QPainter,
    device: PrintDevice,
    report: ResponseReport,
    progress: PageProgress | None = None,
) -> int:
    """Paint every page of ``report`` on ``device`` (already begun); return the page count."""
    footer = report_footer(report)
    frame = page_frame(device, footer)
    doc = body_document(device, frame, BODY_PT)
    doc.setHtml(report_html(report, CJK_FAMILY))
    return paint_pages(painter, device, doc, frame, footer, progress)


def render_report(report: ResponseReport, progress: PageProgress | None = None) -> RenderedPdf:
    """The summary as PDF bytes (needs a QGuiApplication with the bundled font)."""
    return render_pdf_bytes(
        report.title, lambda painter, writer: paint_report(painter, writer, report, progress)
    )
