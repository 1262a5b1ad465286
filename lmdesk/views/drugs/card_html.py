"""A drug card as HTML, for the card page (QTextBrowser) and the PDF export (QTextDocument).

Presentation only: every number and sentence comes from the DrugCard; this module decides
how it looks. Source keys become links to the card's reference list, so a reader can go
from any number to its citation; unconfirmed items are marked in words, not only in grey.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from lmdesk.i18n import _
from lmdesk.models.drugs.labels import (
    CONTENT_STATUS_LABELS,
    FATAL_BANNER,
    NOT_CONFIRMED,
    PHASE_LABELS,
    SAMPLING_LABELS,
    SPECIES_LABELS,
    route_label,
    section_title,
    status_label,
)
from lmdesk.views.disclaimer import disclaimer_text

if TYPE_CHECKING:  # the card models load with the first card, not with the screen
    from lmdesk.models.drugs.card import (
        AdverseEvent,
        DoseOption,
        DrugCard,
        EvidenceRow,
        SourcedText,
        SourcedValue,
    )

DANGER = "#b00020"
MUTED = "#666666"

STYLE = f"""
h1 {{ font-size: 16pt; margin: 0; }}
h2 {{ font-size: 12.5pt; margin-top: 14px; margin-bottom: 4px; border-bottom: 1px solid #999; }}
.sub {{ color: {MUTED}; }}
.banner {{ background: {DANGER}; color: white; font-weight: bold; font-size: 14pt; }}
.status {{ font-weight: bold; }}
.unconfirmed {{ color: {MUTED}; font-style: italic; }}
.src {{ color: #1a4f8a; font-size: 8pt; text-decoration: none; }}
td, th {{ padding: 2px 5px; vertical-align: top; }}
th {{ background: #eeeeee; text-align: left; }}
"""


def _src(keys: tuple[str, ...]) -> str:
    links = "".join(f'<a class="src" href="#{escape(k)}">[{escape(k)}]</a>' for k in keys)
    return f"<sup>{links}</sup>"


def _unconfirmed(confirmed: bool) -> str:
    return "" if confirmed else f' <span class="unconfirmed">({escape(_(NOT_CONFIRMED))})</span>'


def _text_item(item: SourcedText, lang: str) -> str:
    return (
        f"<li>{escape(item.text.get(lang))} {_src(item.source)}{_unconfirmed(item.confirmed)}</li>"
    )


def _list(key: str, items: tuple[SourcedText, ...], lang: str) -> str:
    if not items:
        return ""
    body = "".join(_text_item(i, lang) for i in items)
    return f"<h2>{escape(section_title(key))}</h2><ul>{body}</ul>"


def _value(v: SourcedValue, lang: str) -> str:
    note = f" — {escape(v.note.get(lang))}" if v.note else ""
    computed = f' <span class="sub">({escape(_("computed"))})</span>' if v.computed else ""
    return f"{escape(v.display())}{computed}{note} {_src(v.source)}{_unconfirmed(v.confirmed)}"


def _dose_row(d: DoseOption, lang: str) -> str:
    star = " ★" if d.recommended else ""
    note = f'<br><span class="sub">{escape(d.note.get(lang))}</span>' if d.note else ""
    return (
        f"<tr><td><b>{escape(d.dose_text())}</b>{star}</td>"
        f"<td>{escape(route_label(d.route))}</td>"
        f"<td>{escape(d.schedule.get(lang))}{note}</td>"
        f"<td>{escape(d.study.get(lang))} {_src(d.source)}{_unconfirmed(d.confirmed)}</td></tr>"
    )


def _doses(card: DrugCard, lang: str) -> str:
    if not card.doses:
        return ""
    head = "".join(
        f"<th>{escape(h)}</th>" for h in (_("Dose"), _("Route"), _("Schedule"), _("Study"))
    )
    rows = "".join(_dose_row(d, lang) for d in card.doses)
    legend = f'<p class="sub">★ {escape(_("recommended or most used dose in that study"))}</p>'
    return (
        f"<h2>{escape(section_title('doses'))}</h2>"
        f'<table border="1" cellspacing="0" width="100%"><tr>{head}</tr>{rows}</table>{legend}'
    )


def _schedules(card: DrugCard, lang: str) -> str:
    if not card.schedules:
        return ""
    items = "".join(
        f"<li><b>{escape(s.name.get(lang))}</b>: {escape(s.description.get(lang))} "
        f"{_src(s.source)}{_unconfirmed(s.confirmed)}</li>"
        for s in card.schedules
    )
    return f"<h2>{escape(section_title('schedules'))}</h2><ul>{items}</ul>"


def _pk(card: DrugCard, lang: str) -> str:
    pk = card.csf_pk
    items: list[str] = []
    if pk.molecular_weight:
        items.append(f"{escape(_('Molecular weight'))}: {_value(pk.molecular_weight, lang)}")
    for h in pk.half_lives:
        where = ", ".join(
            (
                _(PHASE_LABELS[h.phase]),
                _(SAMPLING_LABELS[h.sampling_site]),
                _(SPECIES_LABELS[h.species]),
            )
        )
        items.append(
            f"{escape(_('CSF half-life'))}: <b>{escape(h.display())}</b> ({escape(where)}; "
            f"{escape(h.dose_route.get(lang))}) {_src(h.source)}{_unconfirmed(h.confirmed)}"
        )
    if pk.cytotoxic_threshold:
        items.append(f"{escape(_('Cytotoxic threshold'))}: {_value(pk.cytotoxic_threshold, lang)}")
    if pk.clearance_ml_min:
        items.append(f"{escape(_('CSF clearance'))}: {_value(pk.clearance_ml_min, lang)}")
    items += [
        f"{escape(_('CSF/plasma ratio'))}: {_value(r, lang)}" for r in pk.csf_plasma_ratio_pct
    ]
    items += [f"{escape(_('CSF concentration'))}: {_value(c, lang)}" for c in pk.csf_concentrations]
    items += [
        f"{escape(n.text.get(lang))} {_src(n.source)}{_unconfirmed(n.confirmed)}" for n in pk.notes
    ]
    if not items:
        return ""
    body = "".join(f"<li>{i}</li>" for i in items)
    return f"<h2>{escape(section_title('csf_pk'))}</h2><ul>{body}</ul>"


def _num(value: float | int | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:g}{unit}"


def evidence_headers() -> list[str]:
    """Column titles of the evidence table (units in the header, as on a ward sheet)."""
    return [
        _("Study"),
        _("Design"),
        _("n"),
        _("Population"),
        _("Dose and schedule"),
        _("ORR (%)"),
        _("DCR (%)"),
        _("mPFS (months)"),
        _("mOS (months)"),
        _("Grade ≥3 AE (%)"),
        _("Notes"),
        _("Sources"),
    ]


def evidence_cells(row: EvidenceRow, lang: str) -> list[str]:
    note = row.note.get(lang) if row.note else ""
    if not row.confirmed:
        note = f"({_(NOT_CONFIRMED)}) {note}".strip()
    return [
        row.study.get(lang),
        row.design.get(lang),
        _num(row.n),
        row.population.get(lang),
        row.dose_schedule.get(lang),
        _num(row.orr_pct),
        _num(row.dcr_pct),
        _num(row.mpfs_months),
        _num(row.mos_months),
        _num(row.grade3_ae_pct),
        note,
        " ".join(f"[{k}]" for k in row.source),
    ]


def _evidence(card: DrugCard, lang: str) -> str:
    """Evidence as one block per study: a printed page is too narrow for 11 columns."""
    if not card.evidence:
        return ""
    headers = evidence_headers()
    blocks = ""
    for row in card.evidence:
        cells = evidence_cells(row, lang)
        figures = "; ".join(
            f"{headers[i]} {cells[i]}" for i in (2, 5, 6, 7, 8, 9) if cells[i] != "—"
        )
        lines = [
            f"<b>{escape(cells[0])}</b> — {escape(cells[1])} {_src(row.source)}",
            f"{escape(headers[3])}: {escape(cells[3])}",
            f"{escape(headers[4])}: {escape(cells[4])}",
        ]
        if figures:
            lines.append(escape(figures))
        if cells[10]:
            lines.append(f'<span class="sub">{escape(cells[10])}</span>')
        blocks += "<p>" + "<br>".join(lines) + "</p>"
    return f"<h2>{escape(section_title('evidence'))}</h2>{blocks}"


def _ae_item(a: AdverseEvent, lang: str) -> str:
    grade = f", {escape(_('grade'))} {escape(a.grade.get(lang))}" if a.grade else ""
    context = f" — {escape(a.context.get(lang))}" if a.context else ""
    return (
        f"<li>{escape(a.term.get(lang))}: <b>{escape(a.rate_text())}</b>{grade}{context} "
        f"{_src(a.source)}{_unconfirmed(a.confirmed)}</li>"
    )


def _adverse(card: DrugCard, lang: str) -> str:
    if not card.adverse_events:
        return ""
    items = "".join(_ae_item(a, lang) for a in card.adverse_events)
    return f"<h2>{escape(section_title('adverse_events'))}</h2><ul>{items}</ul>"


def _references(card: DrugCard) -> str:
    if not card.references:
        return ""
    items = ""
    for ref in card.references:
        items += f'<p><a name="{escape(ref.key)}"></a><b>[{escape(ref.key)}]</b> '
        items += f"{escape(ref.full_text())}</p>"
    return f"<h2>{escape(section_title('references'))}</h2>{items}"


def banner_html() -> str:
    return (
        '<table width="100%" cellpadding="8"><tr><td class="banner" align="center">'
        f"⚠ {escape(FATAL_BANNER)} ⚠</td></tr></table>"
    )


def card_html(card: DrugCard, lang: str, *, with_banner: bool, with_evidence: bool) -> str:
    """The whole card as one HTML document; sections appear only when they have content."""
    parts = [f"<html><head><style>{STYLE}</style></head><body>"]
    if with_banner and card.it_status == "never":
        parts.append(banner_html())
    other = card.name_zh if not lang.startswith("zh") else card.name_en
    parts.append(f"<h1>{escape(card.name(lang))} <span class='sub'>{escape(other)}</span></h1>")
    colour = DANGER if card.it_status == "never" else "#000000"
    parts.append(
        f'<p><span class="status" style="color:{colour}">{escape(status_label(card.it_status))}'
        f"</span> · {escape(card.class_label.get(lang))}</p>"
    )
    if card.aliases:
        names = escape(", ".join(card.aliases))
        parts.append(f'<p class="sub">{escape(_("Also called"))}: {names}</p>')
    if card.status_note:
        note = card.status_note
        parts.append(f"<p><b>{escape(note.text.get(lang))}</b> {_src(note.source)}</p>")
    if card.mechanism:
        parts.append(f"<p>{escape(card.mechanism.get(lang))}</p>")
    parts.append(_list("warnings", card.warnings, lang))
    parts.append(_list("formulation", card.formulation, lang))
    parts.append(_doses(card, lang))
    parts.append(_schedules(card, lang))
    parts.append(_list("co_medications", card.co_medications, lang))
    parts.append(_pk(card, lang))
    if with_evidence:
        parts.append(_evidence(card, lang))
    parts.append(_adverse(card, lang))
    parts.append(_list("monitoring", card.monitoring, lang))
    parts.append(_list("contraindications", card.contraindications, lang))
    if card.not_confirmed:
        items = "".join(f"<li>{escape(t.get(lang))}</li>" for t in card.not_confirmed)
        parts.append(f"<h2>{escape(section_title('not_confirmed'))}</h2><ul>{items}</ul>")
    parts.append(_references(card))
    reviewed = _("Reviewed on {date} · content status: {status}").format(
        date=card.reviewed_on.isoformat(), status=_(CONTENT_STATUS_LABELS[card.content_status])
    )
    parts.append(f'<p class="sub">{escape(reviewed)}</p>')
    parts.append(f'<p class="sub">{escape(disclaimer_text())}</p></body></html>')
    return "".join(parts)
