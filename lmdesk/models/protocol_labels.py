"""A protocol's status and routes in the reader's words (the codes stay in JSON)."""

from __future__ import annotations

from collections.abc import Iterable

from lmdesk.i18n import N_, _
from lmdesk.models.drug_labels import STATUS_SHORT
from lmdesk.models.sheet_sections import ROUTE_SHORT

PROTOCOL_STATUS_LABELS: dict[str, str] = {
    "standard": STATUS_SHORT["standard"],
    "investigational": STATUS_SHORT["investigational"],
    "discontinued": STATUS_SHORT["discontinued"],
    "custom": N_("custom"),
}


def protocol_status_text(status: str) -> str:
    """``standard`` / ``investigational`` / ``discontinued`` / ``custom``, translated."""
    label = PROTOCOL_STATUS_LABELS.get(status)
    return _(label) if label else status


def routes_short_text(routes: Iterable[str]) -> str:
    """``lumbar puncture / Ommaya reservoir``: a protocol's IT routes, short, for a table
    whose heading already says they are intrathecal."""
    return " / ".join(_(ROUTE_SHORT[r]) if r in ROUTE_SHORT else r for r in routes)
