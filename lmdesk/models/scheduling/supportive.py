"""Supportive care every course of a drug must carry: pemetrexed's folic acid and vitamin B12.

One rule, applied by the planner to every protocol (templates, ad-hoc plans, custom and
stored protocols): a pemetrexed course always plans folic acid and vitamin B12 as systemic
co-medications (it_safety_gates §3.1): folic acid 400 µg orally once daily [R222][R53]
from before the first IT dose until 21 days after the last [R222]; vitamin B12 1000 µg IM
before the first dose, then every 3 cycles, about every 9 weeks [R222][R219][R220].

A vitamin the protocol's own source states (a confirmed co-medication) keeps its text; an
unconfirmed or missing one is replaced by the sourced entry. The lead time before the first
IT dose is not confirmed for IT pemetrexed: the IV label's 7 days [R218] are planned as a
default and said so in a finding with the dates, never silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from lmdesk.i18n import N_, _
from lmdesk.models.finding import Finding, info, warning
from lmdesk.models.scheduling.protocol import CoMedication, Protocol
from lmdesk.models.sheet.text import SheetText

VITAMIN_DRUGS = ("folic-acid", "vitamin-b12")
#: Days before the first IT dose: the IV pemetrexed label's lead time [R218], not confirmed for IT.
VITAMIN_LEAD_DAYS = 7
VITAMINS_ADDED_RULE = "pemetrexed_vitamins_added"
VITAMIN_LEAD_RULE = "vitamin_lead_time_unconfirmed"

_FOLIC_DOSE = N_("400 µg once daily")  # the route (oral) is shown beside it
_FOLIC_TIMING = N_(
    "from {days} days before the first IT dose (the IV label's lead time; not confirmed for IT) "
    "until 21 days after the last IT dose"
)
_B12_DOSE = N_("1000 µg per injection")  # the route (IM) is shown beside it
_B12_TIMING = N_(
    "once before the first IT dose ({days} days before: the IV label's lead time; not "
    "confirmed for IT), then every 3 cycles, about every 9 weeks"
)


def _bilingual(template: str, **values: object) -> tuple[str, str]:
    return SheetText("en").one(template, **values), SheetText("zh_CN").one(template, **values)


def pemetrexed_vitamins() -> tuple[CoMedication, CoMedication]:
    """The sourced folic acid and vitamin B12 entries, in both languages."""
    folic_dose, folic_dose_zh = _bilingual(_FOLIC_DOSE)
    folic_timing, folic_timing_zh = _bilingual(_FOLIC_TIMING, days=VITAMIN_LEAD_DAYS)
    b12_dose, b12_dose_zh = _bilingual(_B12_DOSE)
    b12_timing, b12_timing_zh = _bilingual(_B12_TIMING, days=VITAMIN_LEAD_DAYS)
    return (
        CoMedication(
            drug="folic-acid",
            dose=folic_dose,
            dose_zh=folic_dose_zh,
            route="oral",
            timing=folic_timing,
            timing_zh=folic_timing_zh,
            source="R222, R53, R218",
        ),
        CoMedication(
            drug="vitamin-b12",
            dose=b12_dose,
            dose_zh=b12_dose_zh,
            route="im",
            timing=b12_timing,
            timing_zh=b12_timing_zh,
            source="R222, R219, R220, R218",
        ),
    )


def needs_vitamins(protocol: Protocol) -> bool:
    return protocol.drug == "pemetrexed"


def with_required_supportive_care(protocol: Protocol) -> tuple[Protocol, list[Finding]]:
    """``protocol`` with the co-medications its drug requires, and what was added.

    Idempotent: a protocol that already carries confirmed vitamins is returned unchanged.
    """
    if not needs_vitamins(protocol):
        return protocol, []
    sourced = dict(zip(VITAMIN_DRUGS, pemetrexed_vitamins(), strict=True))
    meds: list[CoMedication] = []
    added: list[str] = []
    for med in protocol.co_medications:
        if med.drug in sourced and not med.confirmed:
            meds.append(sourced.pop(med.drug))
            added.append(med.drug)
        elif med.drug in sourced:
            sourced.pop(med.drug)
            meds.append(med)
        else:
            meds.append(med)
    for drug, med in sourced.items():
        meds.append(med)
        added.append(drug)
    if not added:
        return protocol, []
    found = [
        info(
            VITAMINS_ADDED_RULE,
            _(
                "Folic acid 400 µg orally daily and vitamin B12 1000 µg IM are planned with "
                "every pemetrexed course [R222][R53][R219]: this protocol did not state them."
            ),
        )
    ]
    return protocol.model_copy(update={"co_medications": tuple(meds)}), found


def vitamin_start_findings(protocol: Protocol, session_dates: Iterable[dt.date]) -> list[Finding]:
    """The default vitamin start date, said with its dates and as not confirmed for IT."""
    if not needs_vitamins(protocol):
        return []
    dates = sorted(session_dates)
    if not dates:
        return []
    first = dates[0]
    start = first - dt.timedelta(days=VITAMIN_LEAD_DAYS)
    return [
        warning(
            VITAMIN_LEAD_RULE,
            _(
                "Folic acid and vitamin B12: start by {start} ({days} days before the first IT "
                "dose on {first}). Default, not confirmed: the {days} days are the IV pemetrexed "
                "label's [R218]; the IT sources say only 'before the first dose' [R222]."
            ).format(start=start.isoformat(), first=first.isoformat(), days=VITAMIN_LEAD_DAYS),
        )
    ]


_MG = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mg\b", re.IGNORECASE)


def co_medication_mg(med: CoMedication) -> float | None:
    """The dose of a co-medication in mg when its dose text starts with one (``5 mg``)."""
    match = _MG.match(med.dose)
    return float(match.group(1)) if match else None
