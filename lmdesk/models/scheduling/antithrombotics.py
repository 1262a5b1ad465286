"""Anticoagulants, antiplatelets and pemetrexed vitamins on the patient record, with the hold
time each needs before a neuraxial puncture (lumbar puncture).

Hold times: ASRA 2025 (5th ed.) as rendered by [R210], cross-checked for rivaroxaban and
apixaban with [R211] (it_safety_gates.md §1.3); fondaparinux from the McMaster textbook LP
column [R242]. All are secondary renderings of anaesthesia guidelines, applied to LP as an
institutional choice [R214][R242]. Where a source gives a range (clopidogrel 5-7 days), a
dose before the lower end is a stop and one inside the range is a warning. Where the dose
band is unknown, the longer (higher-dose) hold applies and the finding says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.errors import BadInputError

MedKind = Literal["anticoagulant", "antiplatelet", "nsaid", "supportive"]
ASRA = ("R210", "R211")


@dataclass(frozen=True)
class KnownMed:
    key: str
    label: str
    kind: MedKind
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class HoldRule:
    """Hold before LP: ``min_hours`` (stop below), ``max_hours`` (warn below); ``text`` says
    what the source says; ``level_guided`` = the source asks for a drug level instead."""

    min_hours: float
    max_hours: float
    text: str
    sources: tuple[str, ...]
    level_guided: bool = False
    band_note: str = ""


KNOWN_MEDS: dict[str, KnownMed] = {
    m.key: m
    for m in (
        KnownMed("warfarin", N_("warfarin"), "anticoagulant", ("coumadin", "华法林")),
        KnownMed("rivaroxaban", N_("rivaroxaban"), "anticoagulant", ("xarelto", "利伐沙班")),
        KnownMed("apixaban", N_("apixaban"), "anticoagulant", ("eliquis", "阿哌沙班")),
        KnownMed("edoxaban", N_("edoxaban"), "anticoagulant", ("lixiana", "savaysa", "依度沙班")),
        KnownMed("dabigatran", N_("dabigatran"), "anticoagulant", ("pradaxa", "达比加群")),
        KnownMed(
            "enoxaparin",
            N_("enoxaparin (LMWH)"),
            "anticoagulant",
            ("clexane", "lovenox", "lmwh", "依诺肝素", "低分子肝素"),
        ),
        KnownMed(
            "heparin",
            N_("unfractionated heparin"),
            "anticoagulant",
            ("ufh", "unfractionated heparin", "普通肝素", "肝素"),
        ),
        KnownMed("fondaparinux", N_("fondaparinux"), "anticoagulant", ("arixtra", "磺达肝癸钠")),
        KnownMed("clopidogrel", N_("clopidogrel"), "antiplatelet", ("plavix", "氯吡格雷")),
        KnownMed("prasugrel", N_("prasugrel"), "antiplatelet", ("effient", "普拉格雷")),
        KnownMed("ticagrelor", N_("ticagrelor"), "antiplatelet", ("brilinta", "替格瑞洛")),
        KnownMed(
            "aspirin", N_("aspirin"), "antiplatelet", ("asa", "acetylsalicylic acid", "阿司匹林")
        ),
        KnownMed("ibuprofen", N_("ibuprofen (NSAID)"), "nsaid", ("布洛芬",)),
        KnownMed("naproxen", N_("naproxen (NSAID)"), "nsaid", ("萘普生",)),
        KnownMed("diclofenac", N_("diclofenac (NSAID)"), "nsaid", ("双氯芬酸",)),
        KnownMed("folic-acid", N_("folic acid"), "supportive", ("folic acid", "folate", "叶酸")),
        KnownMed(
            "vitamin-b12",
            N_("vitamin B12"),
            "supportive",
            ("vitamin b12", "b12", "cyanocobalamin", "hydroxocobalamin", "维生素b12"),
        ),
    )
}
_ALIASES: dict[str, str] = {
    normalize_name(a): m.key for m in KNOWN_MEDS.values() for a in (m.key, m.label, *m.aliases)
}


def med_label(key: str) -> str:
    med = KNOWN_MEDS.get(key)
    return _(med.label) if med else key


def find_med(name: str) -> KnownMed:
    """The drug named ``name`` (English, Chinese, brand; any case), else bad input."""
    key = _ALIASES.get(normalize_name(name))
    if key is None:
        raise BadInputError(
            _("Unknown drug {name!r} for the medication record; known: {known}.").format(
                name=name, known=", ".join(KNOWN_MEDS)
            )
        )
    return KNOWN_MEDS[key]


class MedicationRecord(BaseModel):
    """A dose of an antithrombotic (or a pemetrexed vitamin) recorded on the patient."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    drug: str
    last_dose_at: datetime
    dose_mg: float | None = None
    entered_by: str = ""
    status: str = "active"

    @property
    def kind(self) -> MedKind:
        return KNOWN_MEDS[self.drug].kind

    @property
    def label(self) -> str:
        return med_label(self.drug)


def _hours(days: float) -> float:
    return days * 24.0


def lp_hold(drug: str, dose_mg: float | None, crcl: float | None) -> HoldRule | None:
    """The hold before an LP after the last dose of ``drug`` (None: no hold needed)."""
    unknown_band = N_("dose not recorded: the longer (higher-dose) hold applies")
    if drug == "warfarin":
        return HoldRule(120, 120, N_("5 days; recheck the INR before the procedure"), ("R210",))
    if drug == "rivaroxaban":
        if dose_mg is not None and dose_mg <= 10:
            hours = 30.0 if crcl is not None and crcl < 30 else 24.0
            return HoldRule(hours, hours, N_("low dose: 24 h (30 h if CrCl < 30 mL/min)"), ASRA)
        return HoldRule(
            72,
            72,
            N_("high dose: 72 h, or a residual level < 30 ng/mL"),
            ASRA,
            band_note="" if dose_mg is not None else unknown_band,
        )
    if drug == "apixaban":
        if dose_mg is not None and dose_mg <= 2.5:
            return HoldRule(36, 36, N_("low dose (2.5 mg twice daily): 36 h"), ASRA)
        return HoldRule(
            72,
            72,
            N_("high dose (5-10 mg twice daily): 72 h, or level-guided"),
            ASRA,
            band_note="" if dose_mg is not None else unknown_band,
        )
    if drug == "edoxaban":
        return HoldRule(72, 72, N_("72 h, or level-guided"), ("R210",))
    if drug == "dabigatran":
        if crcl is not None and crcl < 30:
            return HoldRule(
                120,
                120,
                N_("CrCl < 30 mL/min: until the level is < 30 ng/mL (clinician decides)"),
                ("R210",),
                level_guided=True,
            )
        if crcl is not None and crcl >= 50:
            return HoldRule(72, 72, N_("72 h (CrCl >= 50 mL/min)"), ("R210",))
        return HoldRule(
            120,
            120,
            N_("120 h (CrCl 30-49 mL/min, or CrCl not known)"),
            ("R210",),
        )
    if drug == "enoxaparin":
        if dose_mg is not None and dose_mg <= 40:
            return HoldRule(12, 12, N_("prophylactic dose (<= 40 mg/day): 12 h"), ("R210", "R212"))
        return HoldRule(
            24,
            24,
            N_("therapeutic dose: 24 h"),
            ("R210", "R212"),
            band_note="" if dose_mg is not None else unknown_band,
        )
    if drug == "heparin":
        return HoldRule(
            4,
            24,
            N_(
                "by regimen: SC 5000 U 4-6 h; IV infusion 4-6 h with normal coagulation "
                "studies; SC 7500-10,000 U twice daily 12 h; SC > 10,000 U twice daily 24 h"
            ),
            ("R210",),
        )
    if drug == "fondaparinux":
        return HoldRule(36, 42, N_("36-42 h"), ("R242",))
    if drug == "clopidogrel":
        return HoldRule(_hours(5), _hours(7), N_("5-7 days"), ("R210",))
    if drug == "prasugrel":
        return HoldRule(_hours(7), _hours(10), N_("7-10 days"), ("R210",))
    if drug == "ticagrelor":
        return HoldRule(_hours(5), _hours(5), N_("5 days"), ("R210",))
    return None
