"""Names for the fixed vocabulary of drug cards (status, route, section headings).

Kept in the domain so the CLI, the card page and the PDF say the same thing; marked with
``N_()`` and translated where shown. Routes are written in full, never as bare codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmdesk.i18n import N_, _
from lmdesk.models.scheduling.routes import IT_ROUTE_LABELS

if TYPE_CHECKING:  # the drug list uses these labels before the card models are loaded
    from lmdesk.models.drugs.card import Route
    from lmdesk.models.drugs.listing import ItStatus

FATAL_BANNER = "FATAL IF GIVEN INTRATHECALLY / 禁止鞘内注射"
"""Shown above everything on a never-IT card. Bilingual on purpose, in either language."""

STATUS_LABELS: dict[ItStatus, str] = {
    "standard": N_("Standard intrathecal agent"),
    "investigational": N_("Investigational (intrathecal use only in studies)"),
    "discontinued": N_("Discontinued – not available"),
    "never": N_("NEVER intrathecal"),
    "systemic": N_("Systemic drug (not intrathecal)"),
}

STATUS_SHORT: dict[ItStatus, str] = {
    "standard": N_("standard"),
    "investigational": N_("investigational"),
    "discontinued": N_("discontinued"),
    "never": N_("never IT"),
    "systemic": N_("systemic"),
}

ROUTE_LABELS: dict[Route, str] = {
    "lp": IT_ROUTE_LABELS["lp"],
    "ommaya": IT_ROUTE_LABELS["ommaya"],
    "intrathecal": N_("INTRATHECAL – LP or Ommaya (source does not say)"),
    "iv": N_("Intravenous"),
    "oral": N_("Oral"),
    "im": N_("Intramuscular"),
    "unspecified": N_("Route not stated in the source"),
}

SAMPLING_LABELS: dict[str, str] = {
    "lumbar": N_("lumbar CSF"),
    "ventricular": N_("ventricular CSF"),
    "unspecified": N_("CSF, site not stated"),
}

PHASE_LABELS: dict[str, str] = {
    "single": N_("one phase"),
    "initial": N_("initial phase"),
    "terminal": N_("terminal phase"),
}

SPECIES_LABELS: dict[str, str] = {
    "human": N_("human"),
    "monkey": N_("non-human primate"),
    "rat": N_("rat"),
}

CONTENT_STATUS_LABELS: dict[str, str] = {
    "draft": N_("draft – not yet reviewed by a pharmacist"),
    "reviewed": N_("reviewed"),
    "needs-review": N_("needs review"),
}

SECTION_TITLES: dict[str, str] = {
    "overview": N_("Overview"),
    "warnings": N_("Warnings"),
    "formulation": N_("Formulation and preparation"),
    "doses": N_("Doses by route"),
    "schedules": N_("Schedules"),
    "co_medications": N_("Co-medications"),
    "csf_pk": N_("CSF pharmacokinetics"),
    "evidence": N_("Evidence"),
    "adverse_events": N_("Adverse events"),
    "monitoring": N_("Monitoring"),
    "contraindications": N_("Contraindications and exclusions"),
    "not_confirmed": N_("Not confirmed"),
    "references": N_("References"),
}

NOT_CONFIRMED = N_("not confirmed")


def status_label(status: ItStatus) -> str:
    return _(STATUS_LABELS[status])


def route_label(route: Route) -> str:
    return _(ROUTE_LABELS[route])


def section_title(key: str) -> str:
    return _(SECTION_TITLES[key])
