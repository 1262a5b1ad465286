"""Printed table headers never break inside a Chinese word (the sheet printed 序 over 号).

The sheet's session table and the summary's grids are laid out at the printed page's width;
every header cell's lines are read back from Qt's layout: no line may start between two
Chinese characters. The PDF embeds only the bundled fonts (no system fallback).
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument, QTextTable
from response_factories import baseline, course, follow_up
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, settings

from lmdesk.models.patient import Patient
from lmdesk.models.response.report import build_report
from lmdesk.models.sheet.build import build_sheet
from lmdesk.printing.fonts import CJK_FAMILY
from lmdesk.printing.page import Footer, body_document, page_frame, render_pdf_bytes
from lmdesk.printing.report_html import report_html
from lmdesk.printing.sheet_html import sheet_html
from lmdesk.printing.sheet_pdf import render_pdf

HAN = re.compile(r"[\u4e00-\u9fff]")


def _breaks_inside_han(doc: QTextDocument) -> list[str]:
    doc.pageCount()  # lays the document out
    bad = []
    for table in (f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)):
        if table.format().headerRowCount() == 0:
            continue
        for col in range(table.columns()):
            cell = table.cellAt(0, col)
            block = cell.firstCursorPosition().block()
            end = cell.lastCursorPosition().block()
            while block.isValid():
                text, layout = block.text(), block.layout()
                for n in range(1, layout.lineCount()):
                    i = layout.lineAt(n).textStart()
                    if HAN.match(text[i - 1 : i]) and HAN.match(text[i : i + 1]):
                        bad.append(f"{text[:i]}|{text[i:]}")
                if block == end:
                    break
                block = block.next()
    return bad


def _laid_out(html: str, point_size: float) -> list[str]:
    holder: list[list[str]] = []

    def paint(_painter: object, writer: object) -> int:
        frame = page_frame(writer, Footer(["x"], lambda p, n: f"{p}/{n}"))  # type: ignore[arg-type]
        doc = body_document(writer, frame, point_size)  # type: ignore[arg-type]
        doc.setHtml(html)
        holder.append(_breaks_inside_han(doc))
        return 1

    render_pdf_bytes("t", paint)  # type: ignore[arg-type]
    return holder[0]


@pytest.mark.parametrize("language", ["zh_CN", "bilingual"])
def test_sheet_headers_keep_chinese_words_whole(language: str) -> None:
    sheet = build_sheet(
        make_course(), patient(), settings(language), DATA, LIMITS, PRINTED, printed_by="t"
    )
    assert any(HAN.search(c) for c in sheet.session_columns)
    assert _laid_out(sheet_html(sheet, CJK_FAMILY), 8.5) == []


@pytest.mark.parametrize("language", ["zh_CN", "bilingual"])
def test_summary_headers_keep_chinese_words_whole(language: str) -> None:
    report = build_report(
        course(),
        Patient(mrn="M1", name="张三"),
        [baseline(), follow_up(kps=70)],
        language,  # type: ignore[arg-type]
        printed_at=datetime(2027, 3, 2, 9, 0),
    )
    assert _laid_out(report_html(report, CJK_FAMILY), 7.5) == []


def test_the_sheet_embeds_only_the_bundled_fonts(tmp_path: Path) -> None:
    sheet = build_sheet(
        make_course(), patient(), settings("bilingual"), DATA, LIMITS, PRINTED, printed_by="t"
    )
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render_pdf(sheet).data)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    names = {line.split()[0] for line in fonts.stdout.splitlines()[2:]}
    assert names == {"NotoSansCJKsc-Bold", "WenQuanYiMicroHei"}, names
