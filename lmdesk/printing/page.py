"""The one page set-up and footer of every printed page: A4 portrait, margins, resolution.

The regimen sheet (the page the ward works from) fixed it; the response summary and the
drug card use the same routine. The body is a QTextDocument cut into page-high slices;
every page carries a ruled footer: the document's lines (the first shares its row with
the page label, printed bold at the right) in the bundled CJK family.
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
    footer_h = line_h * (len(footer.lines) + 0.8)
    return PageFrame(width, height, height - footer_h, line_h, font)


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
    """The rule, the footer lines and the bold page label of page ``index`` (0-based)."""
    font, width, line_h, lines = frame.font, frame.width, frame.line_height, footer.lines
    painter.save()
    painter.setFont(font)
    top = frame.height - line_h * len(lines)
    painter.setPen(QPen(Qt.GlobalColor.black, max(1.0, line_h / 12)))
    painter.drawLine(0, int(top - line_h * 0.4), int(width), int(top - line_h * 0.4))
    label = footer.page_label(index + 1, pages)
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
