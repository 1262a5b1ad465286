"""Lay a :class:`RegimenSheet` out as the rich text QTextDocument paginates.

Only Qt's rich-text subset of HTML/CSS is used. Red is kept for danger (the never-IT line,
"not saved", a stopped course, doses above the usual range); the route stands out in
bold black. The table header row repeats on every page (``<thead>``).
"""

from __future__ import annotations

from html import escape

from lmdesk.models.sheet.document import RegimenSheet, SheetField, SheetSection, SheetSessionRow
from lmdesk.printing.text_breaks import header_html

DANGER = "#b00020"
#: Relative column widths of the session table (sum 100); the first holds 序号 on one line.
COLUMN_WIDTHS = (5, 10, 11, 7, 12, 12, 12, 11, 10, 10)


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _fields(fields: tuple[SheetField, ...], columns: int) -> str:
    cells = [f"<td><b>{_e(f.label)}:</b> {_e(f.value)}</td>" for f in fields]
    rows = ["".join(cells[i : i + columns]) for i in range(0, len(cells), columns)]
    body = "".join(f"<tr>{r}</tr>" for r in rows)
    return f'<table width="100%" cellspacing="0" cellpadding="2">{body}</table>'


def _section(section: SheetSection, danger: bool = False, new_page: bool = False) -> str:
    colour = f' style="color:{DANGER}"' if danger else ""
    lines = "".join(f"<div{colour}>{_e(line)}</div>" for line in section.lines)
    brk = ' style="page-break-before: always"' if new_page else ""
    return f"<h3{brk}>{_e(section.title)}</h3>{lines}"


def _row_html(r: SheetSessionRow) -> str:
    muted = r.status_kind in ("held", "cancelled")
    style = ' style="color:#555555"' if muted else ""
    dose = f"<b>{_e(r.dose)}</b>"
    if r.above_usual:
        dose = f'<span style="color:{DANGER}">{dose}</span>'
    cells = [
        _e(str(r.n)),
        "<b>" + "<br/>".join(_e(part) for part in r.date.split(" ", 1)) + "</b>",
        _e(r.phase),
        dose,
        _e(r.route),
        _e(r.co_injection),
        _e(r.checks),
        _e(r.status),
        _e(r.given_by) or "&nbsp;",
        _e(r.checked_by) or "&nbsp;",
    ]
    return f"<tr{style}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _sessions(sheet: RegimenSheet, breaks: frozenset[int]) -> str:
    """The session table; a new table (same header) starts a new page before each break."""
    head = "".join(
        f'<th width="{w}%" align="left">{header_html(c)}</th>'
        for c, w in zip(sheet.session_columns, COLUMN_WIDTHS, strict=True)
    )
    groups: list[list[str]] = [[]]
    for index, row in enumerate(sheet.sessions):
        if index in breaks and groups[-1]:
            groups.append([])
        groups[-1].append(_row_html(row))
    tables = []
    for number, rows in enumerate(groups):
        brk = ' style="page-break-before: always"' if number else ""
        tables.append(
            f'<table class="sessions" width="100%" border="1" cellspacing="0" cellpadding="3"{brk}>'
            f'<thead><tr style="background-color:#e8e8e8">{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(tables)


STYLE = """
body { font-size: 8.5pt; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 11pt; margin-top: 6px; margin-bottom: 2px; }
h3 { font-size: 9.5pt; margin-top: 8px; margin-bottom: 2px; }
table.sessions { border-collapse: collapse; border-color: #444444; }
table.sessions td, table.sessions th { font-size: 8pt; }
.route { font-size: 16pt; font-weight: bold; }
"""


def sheet_html(
    sheet: RegimenSheet,
    font_family: str,
    breaks: frozenset[int] = frozenset(),
    section_breaks: frozenset[int] = frozenset(),
) -> str:
    """The whole sheet body (the per-page footer is painted separately). A new page starts
    before each session row in ``breaks`` and each section (by index) in ``section_breaks``."""
    parts = [
        f"<html><head><style>{STYLE} body {{ font-family: '{font_family}'; }}</style></head><body>",
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td><h1>{_e(sheet.title)}</h1>'
        f'</td><td align="right"><b>{_e(sheet.institution)}</b></td></tr></table>',
    ]
    for banner in sheet.banners:
        parts.append(f'<p style="color:{DANGER}; font-size:11pt"><b>{_e(banner)}</b></p>')
    parts.append(_fields(sheet.header, 3))
    parts.append(
        '<table width="100%" border="2" cellspacing="0" cellpadding="5"'
        ' style="border-color:#000000; border-collapse:collapse"><tr><td align="center">'
        f'<span class="route">{_e(sheet.route_in_full)}</span><br/>'
        f"<b>{_e(sheet.route_detail)}</b></td></tr></table>"
    )
    parts.append(_fields(sheet.order, 1))
    safety = "".join(f"<div>{_e(line)}</div>" for line in sheet.safety_lines)
    parts.append(
        f'<table width="100%" border="2" cellspacing="0" cellpadding="4"'
        f' style="border-color:{DANGER}; border-collapse:collapse"><tr>'
        f'<td style="color:{DANGER}"><b>{_e(sheet.safety_title)}:</b> {safety}</td>'
        "</tr></table>"
    )
    parts.append("<p></p>")
    parts.append(_sessions(sheet, breaks))
    for index, section in enumerate(sheet.sections):
        danger = section.lines and any(line.startswith("*") for line in section.lines)
        parts.append(_section(section, bool(danger), new_page=index in section_breaks))
    parts.append("<p></p>")
    parts.append(_fields(sheet.signatures, 2))
    parts.append(_fields(sheet.footer, 3))
    parts += [f'<p style="font-size:7.5pt">{_e(line)}</p>' for line in sheet.disclaimer]
    parts.append("</body></html>")
    return "".join(parts)
