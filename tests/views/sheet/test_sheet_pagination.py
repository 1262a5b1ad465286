"""Sheet pagination: no session row split over two pages, no heading left at a page's foot.

The sheet is laid out as paint_sheet lays it out, over many page heights, so every row and
every section heading meets a page boundary somewhere.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QFont, QTextDocument
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, settings

from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import RegimenSheet
from lmdesk.printing.fonts import CJK_FAMILY
from lmdesk.printing.sheet_html import sheet_html
from lmdesk.printing.sheet_pdf import layout_sheet, orphaned_heading, straddling_row

WIDTH = 700.0


def _sheet(language: str) -> RegimenSheet:
    return build_sheet(
        make_course(), patient(), settings(language), DATA, LIMITS, PRINTED, printed_by="t"
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
def test_no_heading_is_orphaned_and_no_row_split_at_any_page_height(qapp, language) -> None:
    sheet = _sheet(language)
    assert len(sheet.sections) >= 4
    orphans_without_the_rule = 0
    for height in range(380, 1300, 9):
        doc = _doc(float(height))
        doc.setHtml(sheet_html(sheet, CJK_FAMILY))
        orphans_without_the_rule += orphaned_heading(doc, height) is not None
        layout_sheet(doc, sheet, float(height))
        assert straddling_row(doc, height) is None, height
        assert orphaned_heading(doc, height) is None, height
    assert orphans_without_the_rule > 0  # the heights do reach the case the rule is for


def test_a_moved_heading_starts_the_next_page(qapp) -> None:
    sheet = _sheet("zh_CN")
    for height in range(380, 1300, 9):
        doc = _doc(float(height))
        doc.setHtml(sheet_html(sheet, CJK_FAMILY))
        index = orphaned_heading(doc, height)
        if index is None:
            continue
        doc.setHtml(sheet_html(sheet, CJK_FAMILY, section_breaks=frozenset({index})))
        cursor = doc.find(sheet.sections[index].title)
        top = doc.documentLayout().blockBoundingRect(cursor.block()).top()
        assert top % height < 30, (height, top)  # at the head of its page
        return
    pytest.fail("no page height left a heading at a page's foot")
