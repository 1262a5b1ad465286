"""The signature block never prints on a page of its own, nor split over two pages.

A 2-session bilingual sheet put only the signature block on page 2. The sheet is laid out
over many page heights (as paint_sheet lays it out), so the block meets every boundary.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QFont, QTextDocument
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, pmlm, settings

from lmdesk.models.scheduling.protocol import Phase
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import RegimenSheet
from lmdesk.printing.fonts import CJK_FAMILY
from lmdesk.printing.sheet_html import sheet_html
from lmdesk.printing.sheet_pdf import layout_sheet, lone_signatures, render_pdf

WIDTH = 700.0


def _sheet(language: str, sessions: int = 2) -> RegimenSheet:
    phase = Phase(kind="induction", period_days=7, offsets_days=(0,), repeats=sessions)
    protocol = pmlm().model_copy(update={"phases": (phase,)})
    return build_sheet(
        make_course(protocol), patient(), settings(language), DATA, LIMITS, PRINTED, printed_by="t"
    )


def _doc(page_height: float) -> QTextDocument:
    doc = QTextDocument()
    font = QFont(CJK_FAMILY)
    font.setPointSizeF(8.5)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(WIDTH, page_height))
    return doc


@pytest.mark.parametrize("language", ["zh_CN", "en", "bilingual"])
def test_the_signature_block_stays_with_the_sheet_at_any_page_height(qapp, language) -> None:
    sheet = _sheet(language)
    alone_without_the_rule = 0
    for height in range(420, 1500, 7):
        doc = _doc(float(height))
        doc.setHtml(sheet_html(sheet, CJK_FAMILY))
        alone_without_the_rule += lone_signatures(doc, sheet, height)
        layout_sheet(doc, sheet, float(height))
        assert not lone_signatures(doc, sheet, height), height
    assert alone_without_the_rule > 0  # the heights do reach the case the rule is for


def _page_texts(pdf: Path, pages: int) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


@pytest.mark.parametrize("language", ["zh_CN", "en", "bilingual"])
def test_a_printed_2_session_sheet_signs_on_a_page_with_its_content(
    qapp, language, tmp_path: Path
) -> None:
    sheet = _sheet(language)
    rendered = render_pdf(sheet)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(rendered.data)
    texts = _page_texts(pdf, rendered.pages)
    label = sheet.signatures[0].label.split(" / ")[0]
    signing = [n for n, text in enumerate(texts) if label in text]
    assert len(signing) == 1
    page = texts[signing[0]]
    # the signing page shows some of the sheet above the block, not the block alone
    assert page.split(label)[0].strip(), page
