"""Paint the response summary on A4 pages as PDF bytes, with the sheet's page set-up.

Every page carries a footer: patient, course, "page x of y" and the disclaimer. Only the
bundled CJK font is used (Latin glyphs included), so Chinese prints on any workstation and
the PDF embeds it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPdfWriter, QPen, QTextDocument

from lmdesk.models.response.report import ResponseReport
from lmdesk.views.assessment.report_html import report_html
from lmdesk.views.fonts import CJK_FAMILY
from lmdesk.views.sheet.pdf_render import FOOTER_PT, PDF_RESOLUTION, page_layout


@dataclass(frozen=True)
class RenderedReport:
    data: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _footer_lines(report: ResponseReport) -> list[str]:
    who = " · ".join(f.value for f in report.header[:3])
    return [who, *report.disclaimer]


def render_report(report: ResponseReport) -> RenderedReport:
    """The summary as PDF bytes (needs a QGuiApplication with the bundled font)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout())
    writer.setTitle(report.title)
    writer.setCreator("lmdesk")
    painter = QPainter(writer)
    try:
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        width, height = float(rect.width()), float(rect.height())
        font = QFont(CJK_FAMILY)
        font.setPointSizeF(FOOTER_PT)
        line_h = QFontMetricsF(font, writer).lineSpacing()
        lines = _footer_lines(report)
        body_h = height - line_h * (len(lines) + 0.8)
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        body_font = QFont(CJK_FAMILY)
        body_font.setPointSizeF(7.5)
        doc.setDefaultFont(body_font)
        doc.setDocumentMargin(0)
        doc.setPageSize(QSizeF(width, body_h))
        doc.setHtml(report_html(report, CJK_FAMILY))
        pages = doc.pageCount()
        for index in range(pages):
            if index:
                writer.newPage()
            painter.save()
            painter.translate(0, -index * body_h)
            doc.drawContents(painter, QRectF(0, index * body_h, width, body_h))
            painter.restore()
            _footer(painter, report, lines, font, width, height, line_h, index, pages)
    finally:
        painter.end()
    buffer.close()
    return RenderedReport(bytes(array.data()), pages)


def _footer(
    painter: QPainter,
    report: ResponseReport,
    lines: list[str],
    font: QFont,
    width: float,
    height: float,
    line_h: float,
    index: int,
    pages: int,
) -> None:
    painter.save()
    painter.setFont(font)
    top = height - line_h * len(lines)
    painter.setPen(QPen(Qt.GlobalColor.black, max(1.0, line_h / 12)))
    painter.drawLine(0, int(top - line_h * 0.4), int(width), int(top - line_h * 0.4))
    label = report.page_label(index + 1, pages)
    label_w = QFontMetricsF(font, painter.device()).horizontalAdvance(label) + line_h
    for i, line in enumerate(lines):
        box = QRectF(0, top + i * line_h, width - (label_w if i == 0 else 0), line_h)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    painter.drawText(
        QRectF(0, top, width, line_h),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        label,
    )
    painter.restore()
