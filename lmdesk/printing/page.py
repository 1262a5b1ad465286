"""The one page set-up and footer of every printed page: A4 portrait, margins, resolution.

The regimen sheet (the page the ward works from) fixed it; the response summary and the
drug card use the same routine. The body is a QTextDocument cut into page-high slices;
every page carries a ruled footer: the document's lines (the first shares its row with
the page label, printed bold at the right) in the bundled CJK family, each wrapped to the
width it has (a long course name cut off, or run into the page label, said nothing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextLayout,
)

from lmdesk.printing.fonts import CJK_FAMILY

if TYPE_CHECKING:  # QtPrintSupport loads only where a printer is used (the sheets screen)
    from PySide6.QtPrintSupport import QPrinter

PDF_RESOLUTION = 300
MARGINS_MM = QMarginsF(12, 10, 12, 10)
FOOTER_PT = 6.5

#: ``(page, pages) -> "page x of y"`` (1-based), in the document's language.
PageLabel = Callable[[int, int], str]
#: What pages are painted on: the PDF writer, or a printer.
PrintDevice: TypeAlias = "QPdfWriter | QPrinter"
#: Told after each painted page: ``(pages done, pages in all)``; may raise to stop.
PageProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Footer:
    """What every page's foot says: ``lines`` (the first beside the page label)."""

    lines: Sequence[str]
    page_label: PageLabel


@dataclass(frozen=True)
class PageFrame:
    """The paint rectangle of a device split into the body and the footer band (pixels)."""

    width: float
    height: float
    body_height: float
    line_height: float
    font: QFont
    #: The footer's lines wrapped to the page: ``(row, beside the label)``.
    rows: tuple[tuple[str, bool], ...] = ()
    #: The page label's room at the right of the first row.
    label_width: float = 0.0


def wrap_text(text: str, font: QFont, device: PrintDevice, width: float) -> list[str]:
    """``text`` cut into rows no wider than ``width`` (Unicode line breaking: CJK anywhere)."""
    layout = QTextLayout(text, font, device)
    rows: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        rows.append(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    return rows or [text]


def footer_rows(
    footer: Footer, font: QFont, device: PrintDevice, width: float, label_width: float
) -> tuple[tuple[str, bool], ...]:
    """The footer's lines as printed rows; the first line's rows leave room for the label."""
    rows: list[tuple[str, bool]] = []
    for index, line in enumerate(footer.lines):
        room = width - label_width if index == 0 else width
        rows += [(row, index == 0) for row in wrap_text(line, font, device, room)]
    return tuple(rows)


def _label_width(footer: Footer, font: QFont, device: PrintDevice, gap: float) -> float:
    """The widest page label a document of up to 999 pages prints, and a gap."""
    metrics = QFontMetricsF(bold_of(font), device)
    labels = (footer.page_label(1, 1), footer.page_label(888, 888))
    return max(metrics.horizontalAdvance(label) for label in labels) + gap


def bold_of(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def page_frame(device: PrintDevice, footer: Footer) -> PageFrame:
    """The body and footer geometry of ``device`` (already set up with ``page_layout``)."""
    rect = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(rect.width()), float(rect.height())
    font = QFont(CJK_FAMILY)
    font.setPointSizeF(FOOTER_PT)
    line_h = QFontMetricsF(font, device).lineSpacing()
    label_w = _label_width(footer, font, device, line_h)
    rows = footer_rows(footer, font, device, width, label_w)
    footer_h = line_h * (len(rows) + 0.8)
    return PageFrame(width, height, height - footer_h, line_h, font, rows, label_w)


def body_document(device: PrintDevice, frame: PageFrame, point_size: float) -> QTextDocument:
    """An empty body document laid out for ``device``: one page = one body slice."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    body_font = QFont(CJK_FAMILY)
    body_font.setPointSizeF(point_size)
    doc.setDefaultFont(body_font)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(frame.width, frame.body_height))
    return doc


def paint_pages(
    painter: QPainter,
    device: PrintDevice,
    doc: QTextDocument,
    frame: PageFrame,
    footer: Footer,
    progress: PageProgress | None = None,
) -> int:
    """Paint every page of ``doc`` with its footer on ``device`` (begun); return the count."""
    pages = doc.pageCount()
    width, body_h = frame.width, frame.body_height
    for index in range(pages):
        if index:
            device.newPage()
        painter.save()
        painter.translate(0, -index * body_h)
        doc.drawContents(painter, QRectF(0, index * body_h, width, body_h))
        painter.restore()
        paint_footer(painter, frame, footer, index, pages)
        if progress is not None:
            progress(index + 1, pages)
    return pages


def paint_footer(
    painter: QPainter, frame: PageFrame, footer: Footer, index: int, pages: int
) -> None:
    """The rule, the footer rows and the bold page label of page ``index`` (0-based)."""
    font, width, line_h = frame.font, frame.width, frame.line_height
    rows = frame.rows or tuple((line, i == 0) for i, line in enumerate(footer.lines))
    painter.save()
    painter.setFont(font)
    top = frame.height - line_h * len(rows)
    painter.setPen(QPen(Qt.GlobalColor.black, max(1.0, line_h / 12)))
    painter.drawLine(0, int(top - line_h * 0.4), int(width), int(top - line_h * 0.4))
    label = footer.page_label(index + 1, pages)
    for i, (row, beside_label) in enumerate(rows):
        room = width - frame.label_width if beside_label else width
        box = QRectF(0, top + i * line_h, room, line_h)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, row)
    painter.setFont(bold_of(font))
    painter.drawText(
        QRectF(0, top, width, line_h),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        label,
    )
    painter.restore()


def render_pdf_bytes(title: str, paint: Callable[[QPainter, QPdfWriter], int]) -> RenderedPdf:
    """A PDF in memory with the standard page set-up; ``paint`` paints it, returns pages.

    Needs a QGuiApplication with the bundled font registered (``printing.offscreen``).
    """
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout())
    writer.setTitle(title)
    writer.setCreator("lmdesk")
    painter = QPainter(writer)
    try:
        pages = paint(painter, writer)
    finally:
        painter.end()
    buffer.close()
    return RenderedPdf(bytes(array.data()), pages)
