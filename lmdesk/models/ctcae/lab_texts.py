"""NCI's printed grade texts of the lab-gradable terms, verbatim from the CTCAE v5.0 and v6.0
tables (with the v6.0 errata); a test checks every text against the shipped CSV files.
The grader returns the text of the grade it found as the matching criterion."""

from __future__ import annotations

from lmdesk.models.ctcae.rules import VERSIONS, Version

GRADE_TEXTS: dict[tuple[Version, str], dict[int, str]] = {
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
    GRADE_TEXTS[("5.0", _name)] = _ALT_V5
    GRADE_TEXTS[("6.0", _name)] = _ALT_V6
GRADE_TEXTS[("5.0", "GGT increased")] = GRADE_TEXTS[("5.0", "Alkaline phosphatase increased")]
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
    GRADE_TEXTS[(_version, "Febrile neutropenia")] = _FN
    GRADE_TEXTS[(_version, "Hypokalemia")] = _K
    GRADE_TEXTS[(_version, "Hypoalbuminemia")] = _ALB
    GRADE_TEXTS[(_version, "Fever")] = _FEVER_TEXT
