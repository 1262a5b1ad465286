"""Print a drug card's HTML to an A4 PDF file with the standard page set-up and footer.

The card's HTML is the screen's (``views.drugs.card_html`` makes it, banner and evidence
table included); this module only lays it out on pages: body slices, and on each page the
footer with the card's name, the disclaimer and "page x of y".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QPainter

from lmdesk.i18n import _
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
from lmdesk.printing.sheet_service import write_file

#: The card's running text: its headings set their own (larger) sizes.
BODY_PT = 9.0


def page_label(page: int, pages: int) -> str:
    return _("Page {page} of {pages}").format(page=page, pages=pages)


def paint_card(
    painter: QPainter,
    device: PrintDevice,
    html: str,
    footer_lines: Sequence[str],
    progress: PageProgress | None = None,
) -> int:
    """Paint the card's pages on ``device`` (already begun); return the page count."""
    footer = Footer(list(footer_lines), page_label)
    frame = page_frame(device, footer)
    doc = body_document(device, frame, BODY_PT)
    doc.setHtml(html)
    return paint_pages(painter, device, doc, frame, footer, progress)


def render_card_pdf(
    html: str, title: str, footer_lines: Sequence[str], progress: PageProgress | None = None
) -> RenderedPdf:
    """The card as PDF bytes (needs a QGuiApplication with the bundled font)."""
    return render_pdf_bytes(
        title, lambda painter, writer: paint_card(painter, writer, html, footer_lines, progress)
    )


def write_card_pdf(
    html: str,
    title: str,
    footer_lines: Sequence[str],
    target: Path,
    progress: PageProgress | None = None,
) -> Path:
    """Render the card and write ``target`` whole or not at all; return ``target``."""
    write_file(target, render_card_pdf(html, title, footer_lines, progress).data)
    return target
