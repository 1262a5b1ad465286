"""CTCAE v5.0 and v6.0 lab criteria as data (ctcae_criteria.md sections 1.2-1.6, 2.1, 4).

Every band below is the printed range of the grade text next to it; thresholds are in the
scale's reference unit (10^9/L, g/L, mmol/L, degC, degF). The grade texts are NCI's,
verbatim, and a test checks them against the shipped CSV tables.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from lmdesk.i18n import N_
from lmdesk.models.ctcae.lab_texts import GRADE_TEXTS
from lmdesk.models.ctcae.rules import (
    FACT_FEVER_OVER_24H,
    FACT_SYMPTOMATIC,
    AbsoluteRule,
    BandSet,
    Choice,
    FebrileNeutropeniaRule,
    GradeSpec,
    LabTerm,
    RelativeRule,
    Rule,
    Version,
    above,
    above_to,
    below,
    closed,
    from_to,
    mults,
)
from lmdesk.models.ctcae.units import COUNT, DEG_C, DEG_F, MASS, SUBSTANCE

COUNT_UNITS = ("10^9/L", "10^3/uL", "/mm3")
HGB_UNITS = ("g/L", "g/dL", "mmol/L")
ALBUMIN_UNITS = ("g/L", "g/dL")
ION_UNITS = ("mmol/L", "mEq/L")
TEMP_UNITS = ("degC", "degF")
ENZYME_UNITS = ("U/L", "ukat/L")
SMALL_MOLECULE_UNITS = ("umol/L", "mg/dL")

NOTE_LYMPHOPENIA_PRESENT = N_(
    "CTCAE v6.0 Lymphopenia has only grade 1 'Present'; a count below the LLN is read as present."
)


def _decreasing(cuts: tuple[tuple[GradeSpec, str], ...], lln_from: str | None) -> BandSet:
    """Bands of a decreasing term from its cut-offs, worst first: ((4, "0.5"), (3, "1.0"), ...)."""
    bands = [below(cuts[0][0], cuts[0][1])]
    for (_grade_below, lo), (grade, hi) in itertools.pairwise(cuts):
        bands.append(from_to(grade, lo, hi))
    return BandSet(tuple(bands), Decimal(lln_from) if lln_from is not None else None)


def _counts(cuts: tuple[tuple[GradeSpec, str], ...], lln_from: str | None) -> dict[str, BandSet]:
    return {COUNT: _decreasing(cuts, lln_from)}


_HYPOKALEMIA_LLN = Choice(FACT_SYMPTOMATIC, if_true=2, if_false=1)
_SODIUM_SYMPTOMS = Choice(FACT_SYMPTOMATIC, if_true=3, if_false=2)
_FEVER_DURATION = Choice(FACT_FEVER_OVER_24H, if_true=4, if_false=3)

_FEVER = AbsoluteRule(
    direction="high",
    units=TEMP_UNITS,
    scales={
        DEG_C: BandSet(
            (
                closed(1, "38.0", "39.0"),
                above_to(2, "39.0", "40.0"),
                above(_FEVER_DURATION, "40.0"),
            )
        ),
        DEG_F: BandSet(
            (
                closed(1, "100.4", "102.2"),
                closed(2, "102.3", "104.0"),
                above(_FEVER_DURATION, "104.0"),
            )
        ),
    },
)

_LIVER_ULN_3_5_20 = mults((4, "20"), (3, "5"), (2, "3"), (1, "1"))
_ULN_25_5_20 = mults((4, "20"), (3, "5"), (2, "2.5"), (1, "1"))
_BILI_ULN = mults((4, "10"), (3, "3"), (2, "1.5"), (1, "1"))
_CREAT_ULN = mults((4, "6"), (3, "3"), (2, "1.5"), (1, "1"))

_RULES: dict[tuple[Version, str], Rule] = {}


def _v5_v6_same(name: str, rule: Rule) -> None:
    _RULES[("5.0", name)] = rule
    _RULES[("6.0", name)] = rule


_RULES[("5.0", "Neutrophil count decreased")] = AbsoluteRule(
    "low", COUNT_UNITS, _counts(((4, "0.5"), (3, "1.0"), (2, "1.5")), "1.5"), lln_grade=1
)
_RULES[("6.0", "Neutrophil count decreased")] = AbsoluteRule(
    "low", COUNT_UNITS, _counts(((4, "0.1"), (3, "0.5"), (2, "1.0"), (1, "1.5")), None)
)
_RULES[("5.0", "Platelet count decreased")] = AbsoluteRule(
    "low", COUNT_UNITS, _counts(((4, "25"), (3, "50"), (2, "75")), "75"), lln_grade=1
)
_RULES[("6.0", "Thrombocytopenia")] = AbsoluteRule(
    "low", COUNT_UNITS, _counts(((4, "10"), (3, "50"), (2, "75")), "75"), lln_grade=1
)
_v5_v6_same(
    "White blood cell decreased",
    AbsoluteRule("low", COUNT_UNITS, _counts(((4, "1.0"), (3, "2.0"), (2, "3.0")), "3.0"), 1),
)
_RULES[("5.0", "Lymphocyte count decreased")] = AbsoluteRule(
    "low", COUNT_UNITS, _counts(((4, "0.2"), (3, "0.5"), (2, "0.8")), "0.8"), lln_grade=1
)
_RULES[("6.0", "Lymphopenia")] = AbsoluteRule(
    "low",
    COUNT_UNITS,
    {COUNT: BandSet((), None)},
    lln_grade=1,
    notes=(NOTE_LYMPHOPENIA_PRESENT,),
)
_v5_v6_same(
    "Lymphocyte count increased",
    AbsoluteRule("high", COUNT_UNITS, {COUNT: BandSet((above_to(2, "4", "20"), above(3, "20")))}),
)
_v5_v6_same(
    "Anemia",
    AbsoluteRule(
        "low",
        HGB_UNITS,
        {
            MASS: _decreasing(((3, "80"), (2, "100")), "100"),
            SUBSTANCE: _decreasing(((3, "4.9"), (2, "6.2")), "6.2"),
        },
        lln_grade=1,
    ),
)
_v5_v6_same(
    "Febrile neutropenia",
    FebrileNeutropeniaRule(COUNT_UNITS, Decimal("1.0"), Decimal("38.3"), 3),
)
for _name in ("Alanine aminotransferase increased", "Aspartate aminotransferase increased"):
    _RULES[("5.0", _name)] = RelativeRule(
        ENZYME_UNITS,
        _LIVER_ULN_3_5_20,
        "above_uln",
        mults((4, "20"), (3, "5"), (2, "3"), (1, "1.5", True)),
    )
    _RULES[("6.0", _name)] = RelativeRule(
        ENZYME_UNITS,
        _LIVER_ULN_3_5_20,
        "above_uln",
        mults((4, "4"), (3, "2"), (2, "1.5"), (1, "1.0", True)),
    )
_RULES[("5.0", "Alkaline phosphatase increased")] = RelativeRule(
    ENZYME_UNITS,
    _ULN_25_5_20,
    "above_uln",
    mults((4, "20"), (3, "5"), (2, "2.5"), (1, "2.0", True)),
)
_RULES[("6.0", "Alkaline phosphatase increased")] = RelativeRule(
    ENZYME_UNITS, mults((1, "1")), "above_baseline_and_uln", mults((1, "1"))
)
# GGT v5 grade 1 with abnormal baseline is printed "2.0 - 2.5 x baseline" like ALP: inclusive
# lower end (ctcae_criteria.md 4.1 notes admiral differs here; we follow the printed text).
_RULES[("5.0", "GGT increased")] = RelativeRule(
    ENZYME_UNITS,
    _ULN_25_5_20,
    "above_uln",
    mults((4, "20"), (3, "5"), (2, "2.5"), (1, "2.0", True)),
)
_RULES[("6.0", "GGT increased")] = RelativeRule(
    ENZYME_UNITS,
    _ULN_25_5_20,
    "above_uln",
    mults((4, "10"), (3, "3"), (2, "1.5"), (1, "1.0", True)),
)
_RULES[("5.0", "Blood bilirubin increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS,
    _BILI_ULN,
    "above_uln",
    mults((4, "10"), (3, "3"), (2, "1.5"), (1, "1.0")),
    analyte="bilirubin",
)
_RULES[("6.0", "Blood bilirubin increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS,
    _BILI_ULN,
    "above_uln",
    mults((4, "10"), (3, "2.5"), (2, "1.5"), (1, "1.0", True)),
    analyte="bilirubin",
)
_RULES[("5.0", "Creatinine increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS, _CREAT_ULN, "any", mults((3, "3"), (2, "1.5")), analyte="creatinine"
)
_RULES[("6.0", "Creatinine increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS, _CREAT_ULN, "below_lln", mults((3, "3"), (2, "1.5")), analyte="creatinine"
)
_v5_v6_same(
    "Hypokalemia",
    AbsoluteRule(
        "low",
        ION_UNITS,
        {SUBSTANCE: _decreasing(((4, "2.5"), (3, "3.0")), "3.0")},
        lln_grade=_HYPOKALEMIA_LLN,
    ),
)
# v5 prints sodium bands as integers ("125-129", "120-124"): 124 < x < 125 and 129 < x < 130
# are not covered and come out ambiguous; v6 closes the gaps ("125 - <130").
_RULES[("5.0", "Hyponatremia")] = AbsoluteRule(
    "low",
    ION_UNITS,
    {
        SUBSTANCE: BandSet(
            (below(4, "120"), closed(3, "120", "124"), closed(_SODIUM_SYMPTOMS, "125", "129")),
            Decimal("130"),
        )
    },
    lln_grade=1,
)
_RULES[("6.0", "Hyponatremia")] = AbsoluteRule(
    "low",
    ION_UNITS,
    {SUBSTANCE: _decreasing(((4, "120"), (3, "125"), (_SODIUM_SYMPTOMS, "130")), "130")},
    lln_grade=1,
)
_v5_v6_same(
    "Hypoalbuminemia",
    AbsoluteRule("low", ALBUMIN_UNITS, {MASS: _decreasing(((3, "20"), (2, "30")), "30")}, 1),
)
_v5_v6_same("Fever", _FEVER)

LAB_TERMS: dict[tuple[Version, str], LabTerm] = {
    key: LabTerm(name=key[1], version=key[0], rule=rule, texts=GRADE_TEXTS[key])
    for key, rule in _RULES.items()
}

# A v5 name asked for under v6 (or the reverse) resolves to the successor term, with a note
# (ctcae_criteria.md 2.1: Platelet count decreased -> Thrombocytopenia, Lymphocyte count
# decreased -> Lymphopenia).
RENAMED: dict[tuple[Version, str], str] = {
    ("6.0", "Platelet count decreased"): "Thrombocytopenia",
    ("6.0", "Lymphocyte count decreased"): "Lymphopenia",
    ("5.0", "Thrombocytopenia"): "Platelet count decreased",
    ("5.0", "Lymphopenia"): "Lymphocyte count decreased",
}


def lab_term_names(version: Version) -> list[str]:
    """Names of the lab-gradable terms of one version, sorted."""
    return sorted(name for v, name in LAB_TERMS if v == version)
