"""The one page set-up of every printed page: A4, the sheet's margins, the footer on each page.

Each kind of document (regimen sheet, response summary, drug card) is rendered to a PDF in
English and in Chinese; poppler reads it back: every page is A4, every word lies inside
the margins, and every page carries its footer line and "page x of y" at the foot.
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from html import escape
from pathlib import Path

import pytest
from response_factories import baseline, course, follow_up
from sheet_factories import DATA, LIMITS, PRINTED, make_course, patient, settings

from lmdesk.i18n import _, set_language
from lmdesk.models.patient import Patient
from lmdesk.models.response.report import build_report
from lmdesk.models.sheet.build import build_sheet
from lmdesk.printing.card_pdf import page_label, render_card_pdf
from lmdesk.printing.page import (
    FOOTER_PT,
    MARGINS_MM,
    PDF_RESOLUTION,
    Footer,
    RenderedPdf,
    page_layout,
)
from lmdesk.printing.report_pdf import render_report, report_footer
from lmdesk.printing.sheet_pdf import render_pdf, sheet_footer

A4_PT = (595.28, 841.89)
MM = 72 / 25.4
LANGUAGES = ["en", "zh_CN"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    a4 = r"Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)"
    assert re.search(a4, info.stdout), info.stdout
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


def _page_text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)
    ]


def check_pages(rendered: RenderedPdf, footer: Footer, tmp_path: Path) -> int:
    """Every page: A4, words inside the margins, the footer's first line and page label."""
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(rendered.data)
    pages = _pages(pdf)
    assert pages == rendered.pages
    left, top = MARGINS_MM.left() * MM, MARGINS_MM.top() * MM
    right, bottom = A4_PT[0] - MARGINS_MM.right() * MM, A4_PT[1] - MARGINS_MM.bottom() * MM
    for x0, y0, x1, y1, word in _words(pdf):
        assert x0 >= left - 1 and x1 <= right + 1, (word, x0, x1)
        assert y0 >= top - 1 and y1 <= bottom + 1, (word, y0, y1)
    first = _squash(footer.lines[0])[:30]
    for page in range(1, pages + 1):
        text = _squash(_page_text(pdf, page))
        assert _squash(footer.page_label(page, pages)) in text, (page, text[-300:])
        assert first in text, (page, first)
        # the page label is the last line but the footer's others: it sits at the foot
        foot = text.rsplit(_squash(footer.page_label(page, pages)), 1)[1]
        assert len(foot) <= sum(len(_squash(x)) for x in footer.lines[1:]) + 5
    return pages


def test_the_page_set_up_is_the_sheets() -> None:
    layout = page_layout()
    size = layout.pageSize().size(layout.pageSize().Unit.Millimeter)
    assert (round(size.width()), round(size.height())) == (210, 297)
    margins = layout.margins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (12, 10, 12, 10)
    assert PDF_RESOLUTION == 300 and FOOTER_PT == 6.5


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sheet_page_has_the_footer(language: str, tmp_path: Path) -> None:
    set_language(language)
    sheet = build_sheet(
        make_course(), patient(), settings(language), DATA, LIMITS, PRINTED, printed_by="t"
    )
    check_pages(render_pdf(sheet), sheet_footer(sheet), tmp_path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_summary_page_has_the_footer(language: str, tmp_path: Path) -> None:
    set_language(language)
    report = build_report(
        course(),
        Patient(mrn="M1", name="Zhang San 张三"),
        [baseline(), follow_up(kps=70), follow_up(id=3, assessed_on=datetime(2027, 3, 1).date())],
        language,  # type: ignore[arg-type]
        printed_at=datetime(2027, 3, 2, 9, 0),
        institution="Demo Hospital",
    )
    check_pages(render_report(report), report_footer(report), tmp_path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_page_has_the_footer(language: str, tmp_path: Path) -> None:
    set_language(language)
    word = "甲氨蝶呤鞘内注射" if language == "zh_CN" else "Methotrexate intrathecal"
    body = "".join(f"<p>{escape(word)} {i}</p>" for i in range(160))
    title = "Methotrexate / 甲氨蝶呤"
    lines = [title, _("Check every dose before use.")]
    rendered = render_card_pdf(f"<h1>{escape(title)}</h1>{body}", title, lines)
    pages = check_pages(rendered, Footer(lines, page_label), tmp_path)
    assert pages >= 2, "a long card runs over pages"
