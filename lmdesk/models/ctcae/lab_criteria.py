"""CTCAE v5.0 and v6.0 lab criteria as data (ctcae_criteria.md sections 1.2-1.6, 2.1, 4).

Every band below is the printed range of the grade text next to it; thresholds are in the
scale's reference unit (10^9/L, g/L, mmol/L, degC, degF). The grade texts are NCI's,
verbatim, and a test checks them against the shipped CSV tables.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from lmdesk.i18n import N_
from lmdesk.models.ctcae.rules import (
    FACT_FEVER_OVER_24H,
    FACT_SYMPTOMATIC,
    VERSIONS,
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
ENZYME_UNITS = ("U/L",)
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
    SMALL_MOLECULE_UNITS, _BILI_ULN, "above_uln", mults((4, "10"), (3, "3"), (2, "1.5"), (1, "1.0"))
)
_RULES[("6.0", "Blood bilirubin increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS,
    _BILI_ULN,
    "above_uln",
    mults((4, "10"), (3, "2.5"), (2, "1.5"), (1, "1.0", True)),
)
_RULES[("5.0", "Creatinine increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS, _CREAT_ULN, "any", mults((3, "3"), (2, "1.5"))
)
_RULES[("6.0", "Creatinine increased")] = RelativeRule(
    SMALL_MOLECULE_UNITS, _CREAT_ULN, "below_lln", mults((3, "3"), (2, "1.5"))
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

_TEXTS: dict[tuple[Version, str], dict[int, str]] = {
    ("5.0", "Neutrophil count decreased"): {
        1: "<LLN - 1500/mm3; <LLN - 1.5 x 10e9 /L",
        2: "<1500 - 1000/mm3; <1.5 - 1.0 x 10e9 /L",
        3: "<1000 - 500/mm3; <1.0 - 0.5 x 10e9 /L",
        4: "<500/mm3; <0.5 x 10e9 /L",
    },
    ("6.0", "Neutrophil count decreased"): {
        1: "<1500 - 1000/mm3; <1.5 - 1.0 x 10^9/L",
        2: "<1000 - 500/mm3; <1.0 - 0.5 x 10^9/L",
        3: "<500 - 100/mm3; <0.5 - 0.1 x 10^9/L",
        4: "<100/mm3; <0.1 x 10^9/L",
    },
    ("5.0", "Platelet count decreased"): {
        1: "<LLN - 75,000/mm3; <LLN - 75.0 x 10e9 /L",
        2: "<75,000 - 50,000/mm3; <75.0 - 50.0 x 10e9 /L",
        3: "<50,000 - 25,000/mm3; <50.0 - 25.0 x 10e9 /L",
        4: "<25,000/mm3; <25.0 x 10e9 /L",
    },
    ("6.0", "Thrombocytopenia"): {
        1: "<LLN - 75,000/mm3; <LLN - 75.0 x 10^9/L",
        2: "<75,000 - 50,000/mm3; <75.0 - 50.0 x 10^9/L",
        3: "<50,000 - 10,000/mm3; <50.0 - 10.0 x 10^9/L; transfusion indicated",
        4: "<10,000/mm3; <10.0 x 10^9/L; life-threatening consequences; urgent intervention "
        "indicated",
        5: "Death",
    },
    ("5.0", "White blood cell decreased"): {
        1: "<LLN - 3000/mm3; <LLN - 3.0 x 10e9 /L",
        2: "<3000 - 2000/mm3; <3.0 - 2.0 x 10e9 /L",
        3: "<2000 - 1000/mm3; <2.0 - 1.0 x 10e9 /L",
        4: "<1000/mm3; <1.0 x 10e9 /L",
    },
    ("6.0", "White blood cell decreased"): {
        1: "<LLN - 3000/mm3; <LLN - 3.0 x 10^9/L",
        2: "<3000 - 2000/mm3; <3.0 - 2.0 x 10^9/L",
        3: "<2000 - 1000/mm3; <2.0 - 1.0 x 10^9/L",
        4: "<1000/mm3; <1.0 x 10^9/L",
    },
    ("5.0", "Lymphocyte count decreased"): {
        1: "<LLN - 800/mm3; <LLN - 0.8 x 10e9/L",
        2: "<800 - 500/mm3; <0.8 - 0.5 x 10e9 /L",
        3: "<500 - 200/mm3; <0.5 - 0.2 x 10e9 /L",
        4: "<200/mm3; <0.2 x 10e9 /L",
    },
    ("6.0", "Lymphopenia"): {1: "Present"},
    ("5.0", "Lymphocyte count increased"): {2: ">4000/mm3 - 20,000/mm3", 3: ">20,000/mm3"},
    ("6.0", "Lymphocyte count increased"): {2: ">4000/mm3 - 20,000/mm3", 3: ">20,000/mm3"},
    ("5.0", "Anemia"): {
        1: "Hemoglobin (Hgb) <LLN - 10.0 g/dL; <LLN - 6.2 mmol/L; <LLN - 100 g/L",
        2: "Hgb <10.0 - 8.0 g/dL; <6.2 - 4.9 mmol/L; <100 - 80g/L",
        3: "Hgb <8.0 g/dL; <4.9 mmol/L; <80 g/L; transfusion indicated",
        4: "Life-threatening consequences; urgent intervention indicated",
        5: "Death",
    },
    ("6.0", "Anemia"): {
        1: "Hemoglobin (Hgb) <LLN - 10.0 g/dL; <LLN - 6.2 mmol/L; <LLN - 100 g/L",
        2: "Hgb <10.0 - 8.0 g/dL; <6.2 - 4.9 mmol/L; <100 - 80 g/L",
        3: "Hgb <8.0 g/dL; <4.9 mmol/L; <80 g/L; transfusion indicated",
        4: "Life-threatening consequences; urgent intervention indicated",
        5: "Death",
    },
    ("5.0", "Alkaline phosphatase increased"): {
        1: ">ULN - 2.5 x ULN if baseline was normal; 2.0 - 2.5 x baseline if baseline was abnormal",
        2: ">2.5 - 5.0 x ULN if baseline was normal; >2.5 - 5.0 x baseline if baseline was "
        "abnormal",
        3: ">5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was "
        "abnormal",
        4: ">20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal",
    },
    ("6.0", "Alkaline phosphatase increased"): {1: ">Baseline and ULN"},
    ("5.0", "Blood bilirubin increased"): {
        1: ">ULN - 1.5 x ULN if baseline was normal; > 1.0 - 1.5 x baseline if baseline was "
        "abnormal",
        2: ">1.5 - 3.0 x ULN if baseline was normal; >1.5 - 3.0 x baseline if baseline was "
        "abnormal",
        3: ">3.0 - 10.0 x ULN if baseline was normal; >3.0 - 10.0 x baseline if baseline was "
        "abnormal",
        4: ">10.0 x ULN if baseline was normal; >10.0 x baseline if baseline was abnormal",
    },
    ("6.0", "Blood bilirubin increased"): {
        1: ">ULN - 1.5 x ULN if baseline was normal or less than normal; 1.0 - 1.5 x baseline "
        "if baseline was >ULN",
        2: ">1.5 - 3.0 x ULN if baseline was normal or less than normal; >1.5 - 2.5 x baseline "
        "if baseline was >ULN",
        3: ">3.0 - 10.0 x ULN if baseline was normal or less than normal; >2.5 - 10.0 x "
        "baseline if baseline was >ULN",
        4: ">10.0 x ULN if baseline was normal or less than normal; >10.0 x baseline if "
        "baseline was >ULN",
    },
    ("6.0", "GGT increased"): {
        1: ">ULN - 2.5 x ULN if baseline was normal or less than normal; 1.0 - 1.5 x baseline "
        "if baseline was >ULN",
        2: ">2.5 - 5.0 x ULN if baseline was normal or less than normal; >1.5 - 3.0 x baseline "
        "if baseline was >ULN",
        3: ">5.0 - 20.0 x ULN if baseline was normal or less than normal; >3.0 - 10.0 x "
        "baseline if baseline was >ULN",
        4: ">20.0 x ULN if baseline was normal or less than normal; >10.0 x baseline if "
        "baseline was >ULN",
    },
    ("5.0", "Creatinine increased"): {
        1: ">ULN - 1.5 x ULN",
        2: ">1.5 - 3.0 x baseline; >1.5 - 3.0 x ULN",
        3: ">3.0 x baseline; >3.0 - 6.0 x ULN",
        4: ">6.0 x ULN",
    },
    ("6.0", "Creatinine increased"): {
        1: ">ULN - 1.5 x ULN",
        2: ">1.5 - 3.0 x baseline if baseline is below LLN; >1.5 - 3.0 x ULN",
        3: ">3.0 x baseline if baseline is below LLN; >3.0 - 6.0 x ULN",
        4: ">6.0 x ULN",
    },
    ("5.0", "Hyponatremia"): {
        1: "<LLN - 130 mmol/L",
        2: "125-129 mmol/L and asymptomatic",
        3: "125-129 mmol/L symptomatic; 120-124 mmol/L regardless of symptoms",
        4: "<120 mmol/L; life-threatening consequences",
        5: "Death",
    },
    ("6.0", "Hyponatremia"): {
        1: "<LLN - 130 mmol/L",
        2: "125 - <130 mmol/L and asymptomatic",
        3: "125 - <130 mmol/L symptomatic; 120 - <125 mmol/L regardless of symptoms",
        4: "<120 mmol/L; life-threatening consequences",
        5: "Death",
    },
}

_ALT_V5 = {
    1: ">ULN - 3.0 x ULN if baseline was normal; 1.5 - 3.0 x baseline if baseline was abnormal",
    2: ">3.0 - 5.0 x ULN if baseline was normal; >3.0 - 5.0 x baseline if baseline was abnormal",
    3: ">5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was abnormal",
    4: ">20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal",
}
_ALT_V6 = {
    1: ">ULN - 3.0 x ULN if baseline was normal or less than normal; 1.0 - 1.5 x baseline if "
    "baseline was >ULN",
    2: ">3.0 - 5.0 x ULN if baseline was normal or less than normal; >1.5 - 2.0 x baseline if "
    "baseline was >ULN",
    3: ">5.0 - 20.0 x ULN if baseline was normal or less than normal; >2.0 - 4.0 x baseline if "
    "baseline was >ULN up to 5 x ULN",
    4: ">20.0 x ULN if baseline was normal or less than normal; >4.0 x baseline if baseline "
    "was >ULN",
}
for _name in ("Alanine aminotransferase increased", "Aspartate aminotransferase increased"):
    _TEXTS[("5.0", _name)] = _ALT_V5
    _TEXTS[("6.0", _name)] = _ALT_V6
_TEXTS[("5.0", "GGT increased")] = _TEXTS[("5.0", "Alkaline phosphatase increased")]
_FN = {
    3: "ANC <1000/mm3 with a single temperature of >38.3 degrees C (101 degrees F) or a "
    "sustained temperature of >=38 degrees C (100.4 degrees F) for more than one hour",
    4: "Life-threatening consequences; urgent intervention indicated",
    5: "Death",
}
_K = {
    1: "<LLN - 3.0 mmol/L",
    2: "Symptomatic with <LLN - 3.0 mmol/L; intervention indicated",
    3: "<3.0 - 2.5 mmol/L; hospitalization indicated",
    4: "<2.5 mmol/L; life-threatening consequences",
    5: "Death",
}
_ALB = {
    1: "<LLN - 3 g/dL; <LLN - 30 g/L",
    2: "<3 - 2 g/dL; <30 - 20 g/L",
    3: "<2 g/dL; <20 g/L",
    4: "Life-threatening consequences; urgent intervention indicated",
    5: "Death",
}
_FEVER_TEXT = {
    1: "38.0 - 39.0 degrees C (100.4 - 102.2 degrees F)",
    2: ">39.0 - 40.0 degrees C (102.3 - 104.0 degrees F)",
    3: ">40.0 degrees C (>104.0 degrees F) for <=24 hrs",
    4: ">40.0 degrees C (>104.0 degrees F) for >24 hrs",
    5: "Death",
}
for _version in VERSIONS:
    _TEXTS[(_version, "Febrile neutropenia")] = _FN
    _TEXTS[(_version, "Hypokalemia")] = _K
    _TEXTS[(_version, "Hypoalbuminemia")] = _ALB
    _TEXTS[(_version, "Fever")] = _FEVER_TEXT

LAB_TERMS: dict[tuple[Version, str], LabTerm] = {
    key: LabTerm(name=key[1], version=key[0], rule=rule, texts=_TEXTS[key])
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
