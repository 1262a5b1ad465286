"""What the compare table shows for each agent: plain strings, built from the cards.

No Qt here, so the choice of rows is tested without a display. Each cell carries its
source keys, like every number in the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmdesk.i18n import N_, _
from lmdesk.models.drugs.labels import (
    FATAL_BANNER,
    NOT_CONFIRMED,
    SAMPLING_LABELS,
    SPECIES_LABELS,
    route_label,
    status_label,
)

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard

ROW_TITLES: list[tuple[str, str]] = [
    ("status", N_("Status")),
    ("class", N_("Class")),
    ("doses", N_("Dose by route")),
    ("schedule", N_("Schedule (recommended dose)")),
    ("half_life", N_("CSF half-life")),
    ("threshold", N_("Cytotoxic threshold")),
    ("outcomes", N_("Key outcomes")),
    ("toxicities", N_("Main toxicities")),
]

MAX_ITEMS = 3


def _cite(keys: tuple[str, ...]) -> str:
    return "".join(f"[{k}]" for k in keys)


def _flag(confirmed: bool) -> str:
    return "" if confirmed else f" ({_(NOT_CONFIRMED)})"


def cell_texts(card: DrugCard, lang: str) -> dict[str, str]:
    """One text per compare row for ``card``; "—" where the sources give nothing."""
    status = status_label(card.it_status)
    if card.it_status == "never":  # the banner already says it in Chinese: no second line
        status = FATAL_BANNER if status in FATAL_BANNER else f"{FATAL_BANNER}\n{status}"
    doses = [
        f"{d.dose_text()} · {route_label(d.route)} {_cite(d.source)}{_flag(d.confirmed)}"
        for d in card.doses
    ]
    recommended = [d for d in card.doses if d.recommended] or list(card.doses[:1])
    schedules = [
        f"{d.dose_text()}: {d.schedule.get(lang)} ({d.study.get(lang)}) {_cite(d.source)}"
        for d in recommended
    ]
    half_lives = [
        f"{h.display()} ({_(SAMPLING_LABELS[h.sampling_site])}"
        + ("" if h.species == "human" else f", {_(SPECIES_LABELS[h.species])}")
        + f") {_cite(h.source)}"
        f"{_flag(h.confirmed)}"
        for h in card.csf_pk.half_lives
    ]
    thr = card.csf_pk.cytotoxic_threshold
    threshold = f"{thr.display()} {_cite(thr.source)}" if thr else "—"
    outcomes = []
    for e in card.evidence:
        parts = [
            f"{label} {value:g}{unit}"
            for label, value, unit in (
                ("ORR", e.orr_pct, "%"),
                ("DCR", e.dcr_pct, "%"),
                ("mPFS", e.mpfs_months, " " + _("mo")),
                ("mOS", e.mos_months, " " + _("mo")),
            )
            if value is not None
        ]
        if parts:
            outcomes.append(
                f"{e.study.get(lang)}: {', '.join(parts)} {_cite(e.source)}{_flag(e.confirmed)}"
            )
    toxicities = [
        f"{a.term.get(lang)} {a.rate_text()} {_cite(a.source)}{_flag(a.confirmed)}"
        for a in card.adverse_events
        if a.rate_pct is not None
    ] or [f"{a.term.get(lang)} {_cite(a.source)}" for a in card.adverse_events]

    def join(items: list[str]) -> str:
        return "\n".join(items[:MAX_ITEMS]) if items else "—"

    return {
        "status": status,
        "class": card.class_label.get(lang),
        "doses": "\n".join(doses) if doses else "—",
        "schedule": join(schedules),
        "half_life": join(half_lives),
        "threshold": threshold,
        "outcomes": join(outcomes),
        "toxicities": join(toxicities),
    }
