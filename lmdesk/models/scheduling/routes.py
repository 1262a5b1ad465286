"""The two intrathecal routes and the one wording every screen uses for them.

Both routes are INTRATHECAL (into the CSF); an Ommaya reservoir reaches it through the
ventricles. One wording everywhere avoids a nurse reading two names for one route.
"""

from __future__ import annotations

from typing import Literal

from lmdesk.i18n import N_, _

ItRoute = Literal["lp", "ommaya"]

IT_ROUTE_LABELS: dict[str, str] = {
    "lp": N_("INTRATHECAL by lumbar puncture"),
    "ommaya": N_("INTRATHECAL (intraventricular) by Ommaya reservoir"),
}

# The access alone, for places whose heading already says "intrathecal".
ROUTE_SHORT: dict[str, str] = {"lp": N_("lumbar puncture"), "ommaya": N_("Ommaya reservoir")}


def it_route_label(route: str) -> str:
    """The translated wording of an IT route; an unknown code is shown as it is."""
    label = IT_ROUTE_LABELS.get(route)
    return _(label) if label else route
