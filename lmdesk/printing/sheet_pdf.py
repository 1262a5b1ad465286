"""Paint a regimen sheet on A4 portrait pages: to PDF bytes, or straight to a printer.

One painting routine serves the PDF writer and the printer, so what is archived is what
the printer was given. Every page carries the standard footer (``printing.page``) with
the patient, the course revision, the reference-data version, the print time, "page x of
y" and the disclaimer; the session table's header row repeats on each page. The sheet uses
only the bundled CJK family (it has Latin glyphs too), so it looks the same on every
workstation and Chinese renders with no CJK font installed; Qt embeds the glyphs it uses
in the PDF. The family has a real bold face (see lmdesk/printing/fonts.py): headings and
the route line print in Noto Sans CJK SC Bold, the rest in WenQuanYi Micro Hei.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter, QTextBlock, QTextDocument, QTextTable

from lmdesk.models.sheet.document import RegimenSheet
from lmdesk.printing.fonts import CJK_FAMILY
from lmdesk.printing.page import (
    FOOTER_PT,
    PDF_RESOLUTION,
    Footer,
    PageProgress,
    PrintDevice,
    RenderedPdf,
    body_document,
    page_frame,
    page_layout,
    paint_pages,
    render_pdf_bytes,
)
from lmdesk.printing.sheet_html import sheet_html

__all__ = [
    "FOOTER_PT",
    "PDF_RESOLUTION",
    "RenderedPdf",
    "layout_sheet",
    "lone_signatures",
    "orphaned_heading",
    "page_layout",
    "paint_sheet",
    "render_pdf",
    "straddling_row",
]

BODY_PT = 8.5


def sheet_footer(sheet: RegimenSheet) -> Footer:
    values = {f.label: f.value for f in sheet.footer}
    patient = [f.value for f in sheet.header[:2]]
    first = " · ".join([*patient, *values.values()])
    return Footer([first, *sheet.disclaimer], sheet.page_label)


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


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def _last_content_before(doc: QTextDocument, position: int) -> QTextBlock:
    """The last block with text before ``position`` (empty spacer paragraphs skipped)."""
    block = doc.findBlock(max(0, position - 1))
    while block.isValid() and not block.text().strip() and block.previous().isValid():
        block = block.previous()
    return block


def lone_signatures(doc: QTextDocument, sheet: RegimenSheet, page_height: float) -> bool:
    """True when the signature block (signatures, course line, disclaimer) is split over two
    pages or starts a page with none of the sheet's content above it."""
    if not sheet.signatures:
        return False
    cursor = doc.find(sheet.signatures[0].label)
    table = cursor.currentTable() if not cursor.isNull() else None
    if table is None:
        return False
    layout = doc.documentLayout()
    top = layout.frameBoundingRect(table).top()
    last = doc.lastBlock()
    while last.isValid() and not last.text().strip() and last.previous().isValid():
        last = last.previous()
    end = layout.blockBoundingRect(last).bottom()
    before = _last_content_before(doc, table.firstPosition() - 1)
    before_end = layout.blockBoundingRect(before).bottom()
    first_page = _page(top, page_height)
    return _page(end - 1, page_height) != first_page or _page(before_end - 1, page_height) != (
        first_page
    )


def layout_sheet(doc: QTextDocument, sheet: RegimenSheet, page_height: float) -> None:
    """Lay out with no session row split over two pages, no heading without its lines and no
    signature block on a page of its own.

    A nurse signs a row; half a row on each page invites a signature on the wrong one.
    Each split row starts a new page (the table header repeats); a row is atomic. A section
    heading at the foot of a page (its lines on the next) moves to the next page with them.
    A signature block alone on the last page signs nothing it shows: the last section (or,
    with none, the last session row) moves to the next page with it.
    """
    breaks: set[int] = set()
    section_breaks: set[int] = set()
    for _attempt in range(len(sheet.sessions) + len(sheet.sections) + 2):
        doc.setHtml(sheet_html(sheet, CJK_FAMILY, frozenset(breaks), frozenset(section_breaks)))
        row = straddling_row(doc, page_height)
        if row is not None and row not in breaks:
            breaks.add(row)
            continue
        heading = orphaned_heading(doc, page_height)
        if heading is not None and heading not in section_breaks:
            section_breaks.add(heading)
            continue
        if not lone_signatures(doc, sheet, page_height):
            return
        if sheet.sections and len(sheet.sections) - 1 not in section_breaks:
            section_breaks.add(len(sheet.sections) - 1)
        elif sheet.sessions and len(sheet.sessions) - 1 not in breaks:
            breaks.add(len(sheet.sessions) - 1)
        else:
            return


def paint_sheet(
    painter: QPainter,
    device: PrintDevice,
    sheet: RegimenSheet,
    progress: PageProgress | None = None,
) -> int:
    """Paint every page of ``sheet`` on ``device`` (already begun); return the page count."""
    footer = sheet_footer(sheet)
    frame = page_frame(device, footer)
    doc = body_document(device, frame, BODY_PT)
    layout_sheet(doc, sheet, frame.body_height)
    return paint_pages(painter, device, doc, frame, footer, progress)


def render_pdf(sheet: RegimenSheet, progress: PageProgress | None = None) -> RenderedPdf:
    """The sheet as PDF bytes (needs a QGuiApplication with the bundled font registered)."""
    return render_pdf_bytes(
        sheet.title, lambda painter, writer: paint_sheet(painter, writer, sheet, progress)
    )
