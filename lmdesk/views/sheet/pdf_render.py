"""Paint a regimen sheet on A4 portrait pages: to PDF bytes, or straight to a printer.

One painting routine serves the PDF writer and the printer, so what is archived is what
the printer was given. Every page carries a footer with the patient, the course
revision, the reference-data version, the print time, "page x of y" and the disclaimer;
the session table's header row repeats on each page. The sheet uses only the bundled
CJK family (it has Latin glyphs too), so it looks the same on every workstation and
Chinese renders with no CJK font installed; Qt embeds the glyphs it uses in the PDF.
The family has a real bold face (see lmdesk/views/fonts.py): headings and the route
line print in Noto Sans CJK SC Bold, the rest in WenQuanYi Micro Hei.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextTable,
)

from lmdesk.models.sheet.document import RegimenSheet
from lmdesk.views.fonts import CJK_FAMILY
from lmdesk.views.sheet.sheet_html import sheet_html

PDF_RESOLUTION = 300
MARGINS_MM = QMarginsF(12, 10, 12, 10)
FOOTER_PT = 6.5


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _footer_lines(sheet: RegimenSheet) -> list[str]:
    values = {f.label: f.value for f in sheet.footer}
    patient = [f.value for f in sheet.header[:2]]
    first = " · ".join([*patient, *values.values()])
    return [first, *sheet.disclaimer]


def _row_extent(doc: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    layout = doc.documentLayout()
    tops, bottoms = [], []
    for col in range(table.columns()):
        cell = table.cellAt(row, col)
        tops.append(layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottoms.append(layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return min(tops), max(bottoms)


def straddling_row(doc: QTextDocument, page_height: float) -> int | None:
    """Index (in sheet.sessions) of the first session row split over two pages, if any."""
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    index = 0
    for table in (t for t in tables if t.format().headerRowCount() > 0):
        first = table.format().headerRowCount()
        for row in range(first, table.rows()):
            top, bottom = _row_extent(doc, table, row)
            if row > first and int(top // page_height) != int((bottom - 1) // page_height):
                return index
            index += 1
    return None


def orphaned_heading(doc: QTextDocument, page_height: float) -> int | None:
    """Index (in sheet.sections) of the first section heading left alone at the foot of a
    page, its first line on the next, if any (section headings are the document's h3)."""
    layout = doc.documentLayout()
    index = -1
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == 3:
            index += 1
            following = block.next()
            if following.isValid():
                bottom = layout.blockBoundingRect(block).bottom()
                top = layout.blockBoundingRect(following).top()
                if int((bottom - 1) // page_height) != int(top // page_height):
                    return index
        block = block.next()
    return None


def layout_sheet(doc: QTextDocument, sheet: RegimenSheet, page_height: float) -> None:
    """Lay out with no session row split over two pages and no heading without its lines.

    A nurse signs a row; half a row on each page invites a signature on the wrong one.
    Each split row starts a new page (the table header repeats); a row is atomic. A section
    heading at the foot of a page (its lines on the next) moves to the next page with them.
    """
    breaks: set[int] = set()
    section_breaks: set[int] = set()
    for _attempt in range(len(sheet.sessions) + len(sheet.sections) + 1):
        doc.setHtml(sheet_html(sheet, CJK_FAMILY, frozenset(breaks), frozenset(section_breaks)))
        row = straddling_row(doc, page_height)
        if row is not None and row not in breaks:
            breaks.add(row)
            continue
        heading = orphaned_heading(doc, page_height)
        if heading is None or heading in section_breaks:
            return
        section_breaks.add(heading)


def paint_sheet(painter: QPainter, device: QPagedPaintDevice, sheet: RegimenSheet) -> int:
    """Paint every page of ``sheet`` on ``device`` (already begun); return the page count."""
    dpi = device.resolution()
    rect = device.pageLayout().paintRectPixels(dpi)
    width, height = float(rect.width()), float(rect.height())
    footer_font = QFont(CJK_FAMILY)
    footer_font.setPointSizeF(FOOTER_PT)
    metrics = QFontMetricsF(footer_font, device)
    lines = _footer_lines(sheet)
    line_h = metrics.lineSpacing()
    footer_h = line_h * (len(lines) + 0.8)

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    body_font = QFont(CJK_FAMILY)
    body_font.setPointSizeF(8.5)
    doc.setDefaultFont(body_font)
    doc.setDocumentMargin(0)
    body_h = height - footer_h
    doc.setPageSize(QSizeF(width, body_h))
    layout_sheet(doc, sheet, body_h)
    pages = doc.pageCount()

    for index in range(pages):
        if index:
            device.newPage()
        painter.save()
        painter.translate(0, -index * body_h)
        doc.drawContents(painter, QRectF(0, index * body_h, width, body_h))
        painter.restore()
        _paint_footer(painter, sheet, lines, footer_font, width, height, line_h, index, pages)
    return pages


def _paint_footer(
    painter: QPainter,
    sheet: RegimenSheet,
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
    label = sheet.page_label(index + 1, pages)
    label_w = QFontMetricsF(font, painter.device()).horizontalAdvance(label) + line_h
    for i, line in enumerate(lines):
        box = QRectF(0, top + i * line_h, width - (label_w if i == 0 else 0), line_h)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.drawText(
        QRectF(0, top, width, line_h),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        label,
    )
    painter.restore()


def render_pdf(sheet: RegimenSheet) -> RenderedPdf:
    """The sheet as PDF bytes (needs a QGuiApplication with the bundled font registered)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout())
    writer.setTitle(sheet.title)
    writer.setCreator("lmdesk")
    painter = QPainter(writer)
    try:
        pages = paint_sheet(painter, writer, sheet)
    finally:
        painter.end()
    buffer.close()
    return RenderedPdf(bytes(array.data()), pages)
