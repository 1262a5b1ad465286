"""The change from the baseline as rich text: the shared rows, the call, notes, sources.

Bold marks a marker call or a rating that contradicts the findings; red is kept for
danger elsewhere and is not used here.
"""

from __future__ import annotations

from html import escape

from lmdesk.i18n import _
from lmdesk.models.response import sources
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.compare import Comparison
from lmdesk.models.response.completeness import Role
from lmdesk.models.response.describe import GROUPS, comparison_rows, overall_lines, performance_text
from lmdesk.models.response.notes import Note
from lmdesk.models.response.texts import cite, day_text


def _e(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _notes(notes: tuple[Note, ...]) -> str:
    return "".join(f"<li>{_e(n.text(_))} {cite(n.citation)}</li>" for n in notes)


def comparison_html(
    a: Assessment, role: Role, comparison: Comparison | None, notes: tuple[Note, ...]
) -> str:
    head = _("Baseline assessment") if role == "baseline" else _("Follow-up assessment")
    parts = [f"<h3>{_e(head)}: {_e(day_text(a.assessed_on))}</h3>"]
    parts += [f"<div>{_e(line)}</div>" for line in performance_text(a.kps, a.ecog, _)]
    if comparison is None:
        parts.append(
            f"<p>{_e(_('This is the baseline: later assessments are compared with it.'))}</p>"
        )
    else:
        parts.append(
            "<p>"
            + _e(
                _("Compared with the baseline of {day} ({days} days earlier):").format(
                    day=day_text(comparison.baseline.assessed_on), days=comparison.days
                )
            )
            + "</p>"
        )
        head_cells = "".join(
            f"<th align='left'>{_e(c)}</th>"
            for c in (_("Component"), _("Baseline"), _("Now"), _("Change"), _("Source"))
        )
        rows = []
        group = ""
        for r in comparison_rows(comparison, _):
            if r.group != group:
                group = r.group
                rows.append(
                    f"<tr style='background-color:#eeeeee'><td colspan='5'><b>"
                    f"{_e(_(GROUPS[group]))}</b></td></tr>"
                )
            cells = (r.label, r.baseline, r.current, r.change, r.source)
            wrap = ("<b>", "</b>") if r.attention else ("", "")
            rows.append(
                "<tr>" + "".join(f"<td>{wrap[0]}{_e(c)}{wrap[1]}</td>" for c in cells) + "</tr>"
            )
        parts.append(
            "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr>{head_cells}</tr>{''.join(rows)}</table>"
        )
        lines = overall_lines(comparison.overall, _)
        parts.append(f"<h3>{_e(_('Overall'))}: {_e(lines[0])}</h3>")
        parts += [f"<div>{_e(line)}</div>" for line in lines[1:]]
    if a.clinician_conclusion:
        label = _("Clinician's conclusion")
        parts.append(f"<p><b>{_e(label)}:</b> {_e(a.clinician_conclusion)}</p>")
    if notes:
        parts.append(f"<ul>{_notes(notes)}</ul>")
    parts.append(
        f"<p style='color:#555555'>{_e(_(sources.NOT_CONFIRMED['composite']))} "
        f"{cite(sources.RANO_LM)}</p>"
    )
    return "".join(parts)
