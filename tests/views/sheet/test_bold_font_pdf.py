"""Sheets in Chinese: headings and the route line are set in the real bold CJK face, and the
PDF embeds it (Noto Sans CJK SC Bold) beside the regular face."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QRawFont, QTextDocument
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, settings

from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import RegimenSheet
from lmdesk.printing.fonts import CJK_BOLD_POSTSCRIPT_NAME, CJK_FAMILY
from lmdesk.printing.sheet_html import sheet_html
from lmdesk.printing.sheet_pdf import render_pdf

REGULAR_POSTSCRIPT_NAME = "WenQuanYiMicroHei"


def zh_sheet() -> RegimenSheet:
    return build_sheet(
        make_course(),
        patient(),
        settings("zh_CN"),
        DATA,
        LIMITS,
        PRINTED,
        printed_by="tester",
    )


def os2_weight(raw: QRawFont) -> int:
    return int(struct.unpack(">H", bytes(raw.fontTable("OS/2"))[4:6])[0])


def weights_of(doc: QTextDocument, text: str) -> set[int]:
    """OS/2 weights of the font files the laid-out ``text`` (its first occurrence) uses."""
    cursor = doc.find(text)
    assert not cursor.isNull(), f"{text!r} is on the sheet"
    block = cursor.block()
    layout = block.layout()
    start = cursor.selectionStart() - block.position()
    runs = layout.glyphRuns(start, len(text))
    assert runs
    return {os2_weight(run.rawFont()) for run in runs}


@pytest.fixture
def sheet() -> RegimenSheet:
    return zh_sheet()


@pytest.fixture
def doc(sheet: RegimenSheet) -> QTextDocument:
    """The sheet laid out as paint_sheet lays it out (same HTML, same default font)."""
    document = QTextDocument()
    body = QFont(CJK_FAMILY)
    body.setPointSizeF(8.5)
    document.setDefaultFont(body)
    document.setHtml(sheet_html(sheet, CJK_FAMILY))
    document.setTextWidth(2000)
    document.documentLayout().documentSize()  # lay it out
    return document


def test_the_route_line_is_in_the_bold_face(sheet: RegimenSheet, doc: QTextDocument) -> None:
    assert sheet.route_in_full == "INTRATHECAL / 鞘内注射"
    assert weights_of(doc, "鞘内注射") == {700}
    assert weights_of(doc, sheet.route_in_full) == {700}


def test_headings_are_in_the_bold_face(sheet: RegimenSheet, doc: QTextDocument) -> None:
    assert weights_of(doc, sheet.title) == {700}
    titles = [s.title for s in sheet.sections if any("\u4e00" <= c <= "\u9fff" for c in s.title)]
    assert titles, "the zh sheet has Chinese section headings"
    for title in titles:
        assert weights_of(doc, title) == {700}, title


def test_body_text_stays_regular(sheet: RegimenSheet, doc: QTextDocument) -> None:
    line = next(line for s in sheet.sections for line in s.lines if line.strip())
    assert weights_of(doc, line) == {400}


def _pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [line.split() for line in out[2:] if line.strip()]


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (./dev setup)")
def test_the_zh_sheet_pdf_embeds_the_bold_cjk_face(tmp_path: Path, sheet: RegimenSheet) -> None:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_pdf(sheet).data)
    fonts = {row[0].split("+")[-1]: row for row in _pdffonts(path)}
    assert CJK_BOLD_POSTSCRIPT_NAME in fonts, fonts
    assert REGULAR_POSTSCRIPT_NAME in fonts, fonts
    bold = fonts[CJK_BOLD_POSTSCRIPT_NAME]
    assert bold[-5] == "yes", "embedded"  # columns: ... emb sub uni object ID


def test_the_pdf_bytes_name_the_bold_face(sheet: RegimenSheet) -> None:
    """Without poppler: the PDF's font dictionaries name the bold face."""
    data = render_pdf(sheet).data
    assert f"/BaseFont /{CJK_BOLD_POSTSCRIPT_NAME}".encode() in data
    assert f"/BaseFont /{REGULAR_POSTSCRIPT_NAME}".encode() in data
    assert data.count(b"/FontFile2") == 2  # both faces' glyphs embedded, not referenced
