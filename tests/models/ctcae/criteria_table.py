"""Expected grades for every lab criterion, hand-written from ctcae_criteria.md (1.2-1.6, 2.1, 4).

Each ``edge(at, below, on, above)`` is one printed boundary: the grade just below it
(at - at/10000), exactly on it, and just above it (at + at/10000), per the reference's
'<' vs '<=' convention (4.1). Expectations: an int is the grade (0 = normal), ``AMB`` is
ambiguous (a value between printed bands), ``needs(field)`` is not gradable until that
input is given. test_every_criterion.py checks that every boundary and every unit the
code knows has a row here, so a new criterion without rows fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AMB = "ambiguous"


def needs(name: str) -> str:
    return f"needs:{name}"


Expect = int | str


@dataclass(frozen=True)
class Edge:
    at: str
    below: Expect
    on: Expect
    above: Expect


@dataclass(frozen=True)
class Row:
    value: str
    unit: str
    extra: dict[str, Any]
    expect: Expect


@dataclass(frozen=True)
class Scenario:
    """Boundaries and values graded with one unit and one set of LLN/ULN/baseline/facts."""

    unit: str
    extra: dict[str, Any]
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Criterion:
    scenarios: tuple[Scenario, ...]
    below: tuple[Row, ...]  # a value below the range: normal, or the opposite direction
    units: tuple[Row, ...]  # the SI and other accepted units, and mixed-unit references
    more: tuple[Row, ...] = field(default=())


def edge(at: str, below: Expect, on: Expect, above: Expect) -> Edge:
    return Edge(at, below, on, above)


def sc(unit: str, extra: dict[str, Any], *edges: Edge) -> Scenario:
    return Scenario(unit, extra, edges)


def row(value: str, unit: str, expect: Expect, **extra: Any) -> Row:
    return Row(value, unit, extra, expect)


def _counts_v5(cuts: tuple[str, str, str], lln: str, si: tuple[Row, ...]) -> Criterion:
    """v5 decreasing counts: G4 <a, G3 a-<b, G2 b-<c, G1 c-<LLN (4.1)."""
    a, b, c = cuts
    return Criterion(
        (
            sc(
                "10^9/L",
                {"lln": lln},
                edge(a, 4, 3, 3),
                edge(b, 3, 2, 2),
                edge(c, 2, 1, 1),
                edge(lln, 1, 0, 0),
            ),
        ),
        (row(str(float(lln) * 3), "10^9/L", 0, lln=lln),),
        si,
    )


ALT_AST_V5 = Criterion(
    (
        sc("U/L", {"uln": "40"}, edge("40", 0, 0, 1), edge("120", 1, 1, 2)),
        sc("U/L", {"uln": "40", "baseline": "30"}, edge("200", 2, 2, 3), edge("800", 3, 3, 4)),
        # abnormal baseline 80 > ULN: 1.5 x baseline inclusive, then >3, >5, >20 x baseline
        sc(
            "U/L",
            {"uln": "40", "baseline": "80"},
            edge("120", 0, 1, 1),
            edge("240", 1, 1, 2),
            edge("400", 2, 2, 3),
            edge("1600", 3, 3, 4),
        ),
    ),
    (row("20", "U/L", 0, uln="40"), row("100", "U/L", 0, uln="40", baseline="80")),
    (
        row("2", "ukat/L", 1, uln="40 U/L"),  # 120 U/L = 3.0 x ULN exactly
        row("2.01", "ukat/L", 2, uln="40 U/L"),
        row("3.5", "ukat/L", 3, uln="0.5"),
        row("121", "IU/L", 2, uln="40"),
    ),
)

ALT_AST_V6 = Criterion(
    (
        sc("U/L", {"uln": "40"}, edge("40", 0, 0, 1), edge("120", 1, 1, 2)),
        sc("U/L", {"uln": "40", "baseline": "40"}, edge("200", 2, 2, 3), edge("800", 3, 3, 4)),
        # baseline >ULN: 1.0 x baseline inclusive (the baseline visit is grade 1), >1.5, >2, >4
        sc(
            "U/L",
            {"uln": "40", "baseline": "80"},
            edge("80", 0, 1, 1),
            edge("120", 1, 1, 2),
            edge("160", 2, 2, 3),
            edge("320", 3, 3, 4),
        ),
    ),
    (row("35", "U/L", 0, uln="40"), row("79", "U/L", 0, uln="40", baseline="80")),
    (
        row("2", "ukat/L", 1, uln="40 U/L"),
        row("2.01", "ukat/L", 2, uln="40 U/L"),
        row("1.5", "ukat/L", 1, uln="40 U/L", baseline="1.5 ukat/L"),  # 90 U/L = baseline
    ),
)

ALP_GGT_V5 = Criterion(
    (
        sc("U/L", {"uln": "40"}, edge("40", 0, 0, 1), edge("100", 1, 1, 2)),
        sc("U/L", {"uln": "40", "baseline": "20"}, edge("200", 2, 2, 3), edge("800", 3, 3, 4)),
        # abnormal baseline 80: G1 '2.0 - 2.5 x baseline' inclusive (GGT too, by the text; 4.1)
        sc(
            "U/L",
            {"uln": "40", "baseline": "80"},
            edge("160", 0, 1, 1),
            edge("200", 1, 1, 2),
            edge("400", 2, 2, 3),
            edge("1600", 3, 3, 4),
        ),
    ),
    (row("25", "U/L", 0, uln="40"), row("150", "U/L", 0, uln="40", baseline="80")),
    (row("2", "ukat/L", 2, uln="40 U/L"), row("1.5", "ukat/L", 1, uln="40 U/L")),
)

GGT_V6 = Criterion(
    (
        sc("U/L", {"uln": "40"}, edge("40", 0, 0, 1), edge("100", 1, 1, 2)),
        sc("U/L", {"uln": "40"}, edge("200", 2, 2, 3), edge("800", 3, 3, 4)),
        sc(
            "U/L",
            {"uln": "40", "baseline": "80"},
            edge("80", 0, 1, 1),
            edge("120", 1, 1, 2),
            edge("240", 2, 2, 3),
            edge("800", 3, 3, 4),
        ),
    ),
    (row("40", "U/L", 0, uln="40"), row("60", "U/L", 0, uln="40", baseline="80")),
    (row("2", "ukat/L", 2, uln="40 U/L"), row("0.5", "ukat/L", 0, uln="40 U/L")),
)

ALP_V6 = Criterion(
    (
        # '>Baseline and ULN': at or below ULN is normal whatever the baseline
        sc("U/L", {"uln": "40", "baseline": "30"}, edge("40", 0, 0, 1)),
        sc("U/L", {"uln": "40", "baseline": "60"}, edge("60", 0, 0, 1)),
    ),
    (
        row("40", "U/L", 0, uln="120"),  # the example: no baseline needed
        row("120", "U/L", 0, uln="120"),
        row("100", "U/L", 0, uln="120", baseline="150"),
    ),
    (
        row("1", "ukat/L", 1, uln="40 U/L", baseline="30 U/L"),  # 60 U/L
        row("0.5", "ukat/L", 0, uln="40 U/L"),
        row("2000", "U/L", 1, uln="1 ukat/L", baseline="50"),
    ),
    (
        row("50", "U/L", needs("baseline"), uln="40"),
        row("50", "U/L", 0, uln="40", baseline="50"),
    ),
)

BILI_V5 = Criterion(
    (
        sc("umol/L", {"uln": "20"}, edge("20", 0, 0, 1), edge("30", 1, 1, 2)),
        sc("umol/L", {"uln": "20", "baseline": "10"}, edge("60", 2, 2, 3), edge("200", 3, 3, 4)),
        # abnormal baseline 40: G1 '> 1.0 - 1.5 x baseline' (strict), >1.5, >3, >10
        sc(
            "umol/L",
            {"uln": "20", "baseline": "40"},
            edge("40", 0, 0, 1),
            edge("60", 1, 1, 2),
            edge("120", 2, 2, 3),
            edge("400", 3, 3, 4),
        ),
    ),
    (row("5", "umol/L", 0, uln="20"),),
    (
        row("1.8", "mg/dL", 1, uln="1.2"),  # 1.5 x ULN; a binary float would say grade 2
        row("1.81", "mg/dL", 2, uln="1.2"),
        row("30.78", "umol/L", 1, uln="1.2 mg/dL"),  # ULN = 20.52 umol/L; 1.5 x ULN exactly
        row("30.79", "umol/L", 2, uln="1.2 mg/dL"),
        row("1.8", "µmol/L", 0, uln="20"),
    ),
)

BILI_V6 = Criterion(
    (
        sc("umol/L", {"uln": "20"}, edge("20", 0, 0, 1), edge("30", 1, 1, 2)),
        sc("umol/L", {"uln": "20"}, edge("60", 2, 2, 3), edge("200", 3, 3, 4)),
        sc(
            "umol/L",
            {"uln": "20", "baseline": "40"},
            edge("40", 0, 1, 1),
            edge("60", 1, 1, 2),
            edge("100", 2, 2, 3),
            edge("400", 3, 3, 4),
        ),
    ),
    (row("10", "umol/L", 0, uln="20"), row("35", "umol/L", 0, uln="20", baseline="40")),
    (
        row("1.8", "mg/dL", 1, uln="1.2"),
        row("3.61", "mg/dL", 3, uln="1.2"),
        row("2.4", "mg/dL", 1, uln="1.2", baseline="41.04 umol/L"),  # = 1.0 x baseline
        row("61.56", "umol/L", 2, uln="1.2 mg/dL"),  # 3.0 x ULN (20.52 umol/L): still grade 2
    ),
)

CREAT_V5 = Criterion(
    (
        sc("umol/L", {"uln": "100"}, edge("100", 0, 0, 1), edge("150", 1, 1, 2)),
        sc("umol/L", {"uln": "100"}, edge("300", 2, 2, 3), edge("600", 3, 3, 4)),
        # any baseline: >1.5 x baseline is grade 2, >3.0 x baseline grade 3, even within normal
        sc("umol/L", {"uln": "100", "baseline": "40"}, edge("60", 0, 0, 2), edge("120", 2, 2, 3)),
    ),
    (row("50", "umol/L", 0, uln="100", baseline="60"), row("80", "umol/L", 0, uln="100")),
    (
        row("1.7", "mg/dL", 1, uln="1.2"),
        row("7.2", "mg/dL", 3, uln="1.2"),  # 6 x 1.2 as a float is 7.199999999999999
        row("132.6", "umol/L", 0, uln="1.5 mg/dL"),  # ULN = 132.6 umol/L: at ULN is normal
        row("132.7", "umol/L", 1, uln="1.5 mg/dL"),
        row("133", "umol/L", 2, uln="1.0 mg/dL"),  # ULN 88.40 umol/L; 1.5045 x ULN
        row("132.6", "umol/L", 1, uln="1.0 mg/dL"),  # 1.5 x ULN exactly
        row("1.5", "mg/dL", 2, uln="1.2", baseline="53.04 umol/L"),  # baseline 0.6 mg/dL
        row("42", "µmol/L", 2, uln="100", baseline="14"),  # admiral exp_creatn #13
    ),
)

CREAT_V6 = Criterion(
    (
        sc("umol/L", {"uln": "100"}, edge("100", 0, 0, 1), edge("150", 1, 1, 2)),
        sc(
            "umol/L",
            {"uln": "100", "baseline": "60", "lln": "45"},  # baseline not below LLN: ULN rule
            edge("300", 2, 2, 3),
            edge("600", 3, 3, 4),
        ),
        # baseline 40 below LLN 45: the baseline multiples count
        sc(
            "umol/L",
            {"uln": "100", "baseline": "40", "lln": "45"},
            edge("60", 0, 0, 2),
            edge("120", 2, 2, 3),
        ),
    ),
    (
        row("80", "umol/L", 0, uln="100", baseline="40", lln="35"),  # baseline not below LLN
        row("80", "umol/L", 0, uln="100", baseline="45", lln="45"),  # equal is not below
        row("60", "umol/L", 0, uln="100"),
    ),
    (
        row("120", "µmol/L", 1, uln="110", baseline="60", lln="60"),
        row("120", "µmol/L", 2, uln="1.2 mg/dL", baseline="0.6 mg/dL", lln="0.7 mg/dL"),
        row("1.5", "mg/dL", 2, uln="1.2", baseline="0.5", lln="0.6"),
        row("1.5", "mg/dL", 1, uln="106.08 umol/L"),  # ULN 1.2 mg/dL
    ),
    (
        row("80", "umol/L", 2, uln="100", baseline="44.99", lln="45"),
        row("80", "umol/L", needs("lln"), uln="100", baseline="40"),
        row("650", "umol/L", 4, uln="100", baseline="40"),  # LLN cannot change grade 4
        row("120", "umol/L", 1, uln="100", baseline="100"),  # baseline at ULN: no LLN needed
    ),
)

FEVER = Criterion(
    (
        sc("degC", {}, edge("38.0", 0, 1, 1), edge("39.0", 1, 1, 2), edge("40.0", 2, 2, 4)),
        sc("degC", {"hours_above_40c": "10"}, edge("40.0", 2, 2, 3)),
        sc(
            "degF",
            {"hours_above_40c": "30"},
            edge("100.4", 0, 1, 1),
            edge("102.2", 1, 1, AMB),  # 102.21-102.29 degF is in no printed band (4.1)
            edge("102.3", AMB, 2, 2),
            edge("104.0", 2, 2, 4),
        ),
    ),
    (row("36.5", "degC", 0), row("98.6", "degF", 0)),
    (row("39.5", "°C", 2), row("103", "°F", 2)),
)

FN = Criterion(
    (sc("10^9/L", {"max_temp_c": "38.5"}, edge("1.0", 3, 0, 0)),),
    (row("2.0", "10^9/L", 0, max_temp_c="39"),),
    (
        row("999", "/mm3", 3, max_temp_c="38.5"),
        row("1000", "/mm3", 0, max_temp_c="38.5"),
        row("0.5", "10^3/uL", 3, sustained_38c_over_1h="yes"),
    ),
    (
        row("0.5", "10^9/L", 0, max_temp_c="38.3", sustained_38c_over_1h="no"),
        row("0.5", "10^9/L", 3, max_temp_c="38.31", sustained_38c_over_1h="no"),
    ),
)

HYPOKALEMIA = Criterion(
    (
        # symptoms unknown: '<LLN - 3.0' is taken as symptomatic grade 2 (the worse case, 4.6)
        sc(
            "mmol/L",
            {"lln": "3.5"},
            edge("2.5", 4, 3, 3),
            edge("3.0", 3, 2, 2),
            edge("3.5", 2, 0, 0),
        ),
        sc(
            "mmol/L",
            {"lln": "3.5", "symptomatic": "no"},
            edge("3.0", 3, 1, 1),
            edge("3.5", 1, 0, 0),
        ),
    ),
    (row("4.5", "mmol/L", 0, lln="3.5"),),
    (
        row("2.9", "mEq/L", 3, lln="3.5"),
        row("3.2", "mEq/L", 1, lln="3.5 mmol/L", symptomatic="no"),
        row("3.2", "mM", 2, lln="3.5", symptomatic="yes"),
    ),
)

HYPONATREMIA_V5 = Criterion(
    (
        # integer bands "125-129", "120-124": 124 < x < 125 and 129 < x < 130 are in none (4.1)
        sc(
            "mmol/L",
            {"lln": "135"},
            edge("120", 4, 3, 3),
            edge("124", 3, 3, AMB),
            edge("125", AMB, 3, 3),
            edge("129", 3, 3, AMB),
            edge("130", AMB, 1, 1),
            edge("135", 1, 0, 0),
        ),
        sc(
            "mmol/L",
            {"lln": "135", "symptomatic": "no"},
            edge("125", AMB, 2, 2),
            edge("129", 2, 2, AMB),
        ),
    ),
    (row("140", "mmol/L", 0, lln="135"),),
    (row("127", "mEq/L", 2, lln="135", symptomatic="no"), row("119", "mEq/L", 4, lln="135")),
)

HYPONATREMIA_V6 = Criterion(
    (
        sc(
            "mmol/L",
            {"lln": "135"},
            edge("120", 4, 3, 3),
            edge("125", 3, 3, 3),
            edge("130", 3, 1, 1),
            edge("135", 1, 0, 0),
        ),
        sc(
            "mmol/L",
            {"lln": "135", "symptomatic": "no"},
            edge("125", 3, 2, 2),
            edge("130", 2, 1, 1),
        ),
    ),
    (row("142", "mmol/L", 0, lln="135"),),
    (row("129.9", "mEq/L", 2, lln="135", symptomatic="no"), row("124.9", "mEq/L", 3, lln="135")),
)

ANEMIA = Criterion(
    (
        sc("g/L", {"lln": "120"}, edge("80", 3, 2, 2), edge("100", 2, 1, 1), edge("120", 1, 0, 0)),
        sc(
            "mmol/L",
            {"lln": "7.4"},
            edge("4.9", 3, 2, 2),
            edge("6.2", 2, 1, 1),
            edge("7.4", 1, 0, 0),
        ),
    ),
    (row("150", "g/L", 0, lln="120"), row("9.0", "mmol/L", 0, lln="7.4")),
    (
        row("9.9", "g/dL", 2, lln="12"),
        row("7.99", "g/dL", 3, lln="12"),
        row("10.0", "g/dL", 1, lln="12.0"),
        row("9", "g/dL", 2, lln="120 g/L"),
        row("6", "mmol/L", needs("lln"), lln="120 g/L"),  # Hgb mmol/L has its own bands
    ),
)

HYPOALBUMINEMIA = Criterion(
    (sc("g/L", {"lln": "35"}, edge("20", 3, 2, 2), edge("30", 2, 1, 1), edge("35", 1, 0, 0)),),
    (row("45", "g/L", 0, lln="35"),),
    (
        row("2.9", "g/dL", 2, lln="3.5"),
        row("1.99", "g/dL", 3, lln="3.5"),
        row("3.2", "g/dL", 1, lln="35 g/L"),
    ),
)

COUNT_SI_V5_ANC = (
    row("1000", "/mm3", 2, lln="2000"),
    row("0.7", "10^3/uL", 3, lln="2.0"),
    row("700", "/mm3", 3, lln="2.0 10^9/L"),
    row("1.45", "10^9/L", 2, lln="1.4"),  # absolute cut-offs apply above the lab's LLN (4.1)
)

TABLE: dict[tuple[str, str], Criterion] = {
    ("5.0", "Neutrophil count decreased"): _counts_v5(
        ("0.5", "1.0", "1.5"), "2.0", COUNT_SI_V5_ANC
    ),
    ("6.0", "Neutrophil count decreased"): Criterion(
        (
            sc(
                "10^9/L",
                {},
                edge("0.1", 4, 3, 3),
                edge("0.5", 3, 2, 2),
                edge("1.0", 2, 1, 1),
                edge("1.5", 1, 0, 0),
            ),
        ),
        (row("3.0", "10^9/L", 0),),
        (row("100", "/mm3", 3), row("1499", "/mm3", 1), row("1.5", "10^3/uL", 0)),
    ),
    ("5.0", "Platelet count decreased"): _counts_v5(
        ("25", "50", "75"),
        "150",
        (
            row("49,999", "/mm3", 3, lln="150000"),
            row("75000", "/mm3", 1, lln="150000"),
            row("24.9", "10^3/uL", 4, lln="150"),
            row("100", "10^9/L", 1, lln="150000 /mm3"),
        ),
    ),
    ("6.0", "Thrombocytopenia"): Criterion(
        (
            sc(
                "10^9/L",
                {"lln": "150"},
                edge("10", 4, 3, 3),
                edge("50", 3, 2, 2),
                edge("75", 2, 1, 1),
                edge("150", 1, 0, 0),
            ),
        ),
        (row("300", "10^9/L", 0, lln="150"),),
        (
            row("10,000", "/mm3", 3, lln="150000"),
            row("9999", "/mm3", 4, lln="150000"),
            row("74.9", "10^3/uL", 2, lln="150"),
        ),
    ),
    ("5.0", "White blood cell decreased"): _counts_v5(
        ("1.0", "2.0", "3.0"),
        "4.0",
        (row("2000", "/mm3", 2, lln="4000"), row("0.99", "10^3/uL", 4, lln="4.0")),
    ),
    ("6.0", "White blood cell decreased"): _counts_v5(
        ("1.0", "2.0", "3.0"),
        "4.0",
        (row("2999", "/mm3", 2, lln="4.0 10^9/L"), row("3.5", "10^3/uL", 1, lln="4.0")),
    ),
    ("5.0", "Lymphocyte count decreased"): _counts_v5(
        ("0.2", "0.5", "0.8"),
        "1.0",
        (row("500", "/mm3", 2, lln="1000"), row("0.19", "10^3/uL", 4, lln="1.0")),
    ),
    ("6.0", "Lymphopenia"): Criterion(
        (sc("10^9/L", {"lln": "1.0"}, edge("1.0", 1, 0, 0)),),
        (row("2.0", "10^9/L", 0, lln="1.0"),),
        (row("999", "/mm3", 1, lln="1000"), row("1.0", "10^3/uL", 0, lln="1.0")),
        (row("0.5", "10^9/L", needs("lln")),),
    ),
    **{
        (version, "Lymphocyte count increased"): Criterion(
            # ">4000/mm3 - 20,000/mm3" and ">20,000/mm3"; no grade 1, ULN not used (4.3)
            (sc("10^9/L", {}, edge("4", 0, 0, 2), edge("20", 2, 2, 3)),),
            (row("1.0", "10^9/L", 0),),
            (row("4001", "/mm3", 2), row("20000", "/mm3", 2), row("20.1", "10^3/uL", 3)),
        )
        for version in ("5.0", "6.0")
    },
    **{(version, "Anemia"): ANEMIA for version in ("5.0", "6.0")},
    **{(version, "Febrile neutropenia"): FN for version in ("5.0", "6.0")},
    **{(version, "Fever"): FEVER for version in ("5.0", "6.0")},
    **{(version, "Hypokalemia"): HYPOKALEMIA for version in ("5.0", "6.0")},
    **{(version, "Hypoalbuminemia"): HYPOALBUMINEMIA for version in ("5.0", "6.0")},
    ("5.0", "Hyponatremia"): HYPONATREMIA_V5,
    ("6.0", "Hyponatremia"): HYPONATREMIA_V6,
    ("5.0", "Alanine aminotransferase increased"): ALT_AST_V5,
    ("5.0", "Aspartate aminotransferase increased"): ALT_AST_V5,
    ("6.0", "Alanine aminotransferase increased"): ALT_AST_V6,
    ("6.0", "Aspartate aminotransferase increased"): ALT_AST_V6,
    ("5.0", "Alkaline phosphatase increased"): ALP_GGT_V5,
    ("5.0", "GGT increased"): ALP_GGT_V5,
    ("6.0", "Alkaline phosphatase increased"): ALP_V6,
    ("6.0", "GGT increased"): GGT_V6,
    ("5.0", "Blood bilirubin increased"): BILI_V5,
    ("6.0", "Blood bilirubin increased"): BILI_V6,
    ("5.0", "Creatinine increased"): CREAT_V5,
    ("6.0", "Creatinine increased"): CREAT_V6,
}
