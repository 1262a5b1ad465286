"""Lay a :class:`ResponseReport` out as rich text for QTextDocument (Qt's HTML subset).

Bold marks what the reader must see (a marker call, a contradicted rating); red is not
used: nothing on this summary is a danger in itself.
"""

from __future__ import annotations

from html import escape

from lmdesk.models.response.report import ResponseReport
from lmdesk.models.sheet.document import SheetField
from lmdesk.printing.text_breaks import header_html

#: A bilingual summary says everything twice: a smaller type keeps it on one page.
COMPACT = """
body { font-size: 6.6pt; }
h3 { font-size: 7.5pt; margin-top: 3px; margin-bottom: 1px; }
table.grid td, table.grid th { font-size: 6.1pt; }
.small { font-size: 5.8pt; }
"""
STYLE = """
body { font-size: 7.5pt; }
h1 { font-size: 13pt; margin: 0; }
h3 { font-size: 8.5pt; margin-top: 6px; margin-bottom: 2px; }
table.grid { border-collapse: collapse; border-color: #555555; }
table.grid td, table.grid th { font-size: 7pt; }
.route { font-size: 11pt; font-weight: bold; }
.small { font-size: 6.5pt; }
"""


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _fields(fields: tuple[SheetField, ...], columns: int) -> str:
    cells = [f"<td><b>{_e(f.label)}:</b> {_e(f.value)}</td>" for f in fields]
    rows = ["".join(cells[i : i + columns]) for i in range(0, len(cells), columns)]
    body = "".join(f"<tr>{r}</tr>" for r in rows)
    return f'<table width="100%" cellspacing="0" cellpadding="2">{body}</table>'


def _grid(
    columns: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
    bold: tuple[int, ...] = (),
    padding: int = 2,
) -> str:
    head = "".join(f'<th align="left">{header_html(c)}</th>' for c in columns)
    body = []
    for index, row in enumerate(rows):
        cells = "".join(
            f"<td><b>{_e(c)}</b></td>" if index in bold else f"<td>{_e(c)}</td>" for c in row
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        f'<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="{padding}">'
        f'<thead><tr style="background-color:#e8e8e8">{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _lines(lines: tuple[str, ...], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return "".join(f"<div{cls}>{_e(line)}</div>" for line in lines)


def report_html(report: ResponseReport, font_family: str) -> str:
    """The whole summary body (the per-page footer is painted separately)."""
    pad = 1 if report.language == "bilingual" else 2
    parts = [
        f"<html><head><style>{STYLE}{COMPACT if report.language == 'bilingual' else ''}"
        f" body {{ font-family: '{font_family}'; }}</style></head><body>",
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td><h1>{_e(report.title)}</h1>'
        f'</td><td align="right"><b>{_e(report.institution)}</b></td></tr></table>',
        _fields(report.header, 2),
        '<table width="100%" border="2" cellspacing="0" cellpadding="3"'
        ' style="border-color:#000000; border-collapse:collapse"><tr><td align="center">'
        f'<span class="route">{_e(report.route)}</span></td></tr></table>',
        f"<h3>{_e(report.history_title)}</h3>",
        _grid(report.history_columns, report.history, padding=pad),
        f"<h3>{_e(report.comparison_title)}</h3>",
    ]
    if report.comparison:
        parts.append(
            _grid(report.comparison_columns, report.comparison, report.attention_rows, pad)
        )
    if report.overall:
        parts.append(f"<h3>{_e(report.overall_title)}</h3>")
        parts.append(f"<div><b>{_e(report.overall[0])}</b></div>")
        parts.append(_lines(report.overall[1:]))
    if report.conclusion:
        parts.append(_lines(report.conclusion))
    if report.notes:
        parts.append(f"<h3>{_e(report.notes_title)}</h3>")
        parts.append(_lines(report.notes))
    parts.append(f"<h3>{_e(report.caveats_title)}</h3>")
    parts.append(_lines(report.caveats, "small"))
    parts.append(f"<h3>{_e(report.sources_title)}</h3>")
    parts.append(f'<div class="small">{_e("; ".join(report.sources))}</div>')
    parts.append(_fields(report.footer, 2))
    parts.append("</body></html>")
    return "".join(parts)
