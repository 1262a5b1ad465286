"""A long footer line wraps beside the page label instead of being cut or running into it.

A bilingual response summary for a long protocol name printed its footer's first line
to the page label and cut the rest (the Chinese name lost its last words).
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

from response_factories import baseline, course, follow_up

from lmdesk.models.patient import Patient
from lmdesk.models.response.report import build_report
from lmdesk.printing.report_pdf import render_report, report_footer

NAME_EN = "Nivolumab IT 50 mg every 2 weeks + IV 240 mg (Glitza 2023, melanoma)"
NAME_ZH = "纳武利尤单抗鞘内 50 mg 每 2 周 + 静脉 240 mg(Glitza 2023,黑色素瘤)"

Box = tuple[float, float, float, float, str]


def _words(pdf: Path) -> list[Box]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)
    ]


def test_a_long_bilingual_footer_line_wraps_clear_of_the_page_label(tmp_path: Path) -> None:
    long = course()
    protocol = long.protocol.model_copy(update={"name_en": NAME_EN, "name_zh": NAME_ZH})
    report = build_report(
        long.model_copy(update={"protocol": protocol}),
        Patient(mrn="MRN-2026-000123", name="Ouyang Xiaoming 欧阳晓明"),
        [baseline(), follow_up(kps=70)],
        "bilingual",
        printed_at=datetime(2027, 3, 2, 9, 0),
        institution="Demo Hospital",
    )
    footer = report_footer(report)
    assert NAME_ZH in footer.lines[0]
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(render_report(report).data)
    words = _words(pdf)
    text = re.sub(r"\s+", "", "".join(w[4] for w in words))
    assert "黑色素瘤" in text  # the end of the first line is printed, not cut
    # the page label: "Page 1 of 1" at the page's foot, right-aligned
    page = [w for w in words if w[4] == "Page" and w[1] > 700]
    assert len(page) == 1
    label_left, label_top, _, label_bottom, _ = page[0]
    for x0, y0, x1, y1, word in words:
        if y0 < 700 or x1 <= label_left:
            continue
        same_row = y0 < label_bottom - 1 and y1 > label_top + 1
        right_of_label = x0 >= label_left - 1
        assert right_of_label or not same_row, (word, x0, x1, label_left)
