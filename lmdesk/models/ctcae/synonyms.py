"""Clinical words and abbreviations that name a CTCAE term: "ALT", "ANC", "neutropenia", 转氨酶.

Why: staff search with the words of the ward, not NCI's term names ("ALT" used to find only
"Voice alteration"). Each entry names the CTCAE term(s) it stands for, in the order a search
lists them, and its source: the CTCAE text that uses the abbreviation (NCI tables in
/work/shared/reference, ctcae_v5.0.csv / ctcae_v6.0.csv), NCI's v5 -> v6 mapping of a
"count decreased" term to its "-penia" term (ctcae_v5_to_v6_mapping.csv), or the term's own
name when the word is that name in other words. Names absent from a version are skipped
there (Thrombocytopenia is v6.0, Platelet count decreased v5.0); a test checks that every
entry finds an existing term in each version it claims.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lmdesk.models.ctcae.rules import VERSIONS, Version

ALT = "Alanine aminotransferase increased"
AST = "Aspartate aminotransferase increased"
ALP = "Alkaline phosphatase increased"
ANC_LOW = "Neutrophil count decreased"
ANC_HIGH = "Neutrophil count increased"
FN = "Febrile neutropenia"
PLT_V5 = "Platelet count decreased"
PLT_V6 = "Thrombocytopenia"
LYMPH_V5 = "Lymphocyte count decreased"
LYMPH_V6 = "Lymphopenia"
LYMPH_HIGH = "Lymphocyte count increased"
WBC_LOW = "White blood cell decreased"
WBC_HIGH = "Leukocytosis"
ANEMIA = "Anemia"
HGB_HIGH = "Hemoglobin increased"

_DEF = "CTCAE {v} definition of '{term}': '{quote}'"
_MAPPING = "NCI CTCAE v5 -> v6 mapping: '{old}' -> '{new}' (a count decreased is its -penia)"
_NAME = "the CTCAE term's own name: '{term}'"


@dataclass(frozen=True)
class Synonym:
    """A word for one or more CTCAE terms (``terms`` in search order) and where it is from."""

    word: str
    terms: tuple[str, ...]
    versions: tuple[Version, ...]
    source: str


def _s(word: str, terms: tuple[str, ...], source: str, versions: str = "5.0 6.0") -> Synonym:
    found = tuple(v for v in VERSIONS if v in versions.split())
    return Synonym(word, terms, found, source)


_ALT_SRC = _DEF.format(v="v5.0/v6.0", term=ALT, quote="(ALT or SGPT)")
_AST_SRC = _DEF.format(v="v5.0/v6.0", term=AST, quote="(AST or SGOT)")
_ANC_SRC = (
    _DEF.format(v="v6.0", term=ANC_LOW, quote="(ANC)") + "; Febrile neutropenia: 'ANC <1000/mm3'"
)
_PLT_SRC = _MAPPING.format(old=PLT_V5, new=PLT_V6)
_LYMPH_SRC = _MAPPING.format(old=LYMPH_V5, new=LYMPH_V6)
_WBC_SRC = _DEF.format(v="v6.0", term=WBC_LOW, quote="white blood cells (WBC)")
_HGB_SRC = "CTCAE v5.0/v6.0 Anemia grades 'Hgb <10.0 - 8.0 g/dL'; " + _DEF.format(
    v="v6.0", term=HGB_HIGH, quote="hemoglobin (Hgb)"
)

SYNONYMS: tuple[Synonym, ...] = (
    _s("ALT", (ALT,), _ALT_SRC),
    _s("SGPT", (ALT,), _ALT_SRC),
    _s("谷丙转氨酶", (ALT,), _ALT_SRC),
    _s("AST", (AST,), _AST_SRC),
    _s("SGOT", (AST,), _AST_SRC),
    _s("谷草转氨酶", (AST,), _AST_SRC),
    _s("转氨酶", (ALT, AST), _ALT_SRC + "; " + _AST_SRC),
    _s("transaminase", (ALT, AST), _ALT_SRC + "; " + _AST_SRC),
    _s("ALP", (ALP,), _DEF.format(v="v6.0", term=ALP, quote="alkaline phosphatase (ALP)")),
    _s("ANC", (ANC_LOW, FN, ANC_HIGH), _ANC_SRC),
    _s("neutropenia", (ANC_LOW, FN), _NAME.format(term=FN) + "; " + _ANC_SRC),
    _s("中性粒细胞减少", (ANC_LOW, FN), _NAME.format(term=FN) + "; " + _ANC_SRC),
    _s("粒细胞减少", (ANC_LOW, FN), _NAME.format(term=FN) + "; " + _ANC_SRC),
    _s("PLT", (PLT_V6, PLT_V5), _PLT_SRC),
    _s("platelets", (PLT_V6, PLT_V5), _PLT_SRC),
    _s("thrombocytopenia", (PLT_V6, PLT_V5), _PLT_SRC),
    _s("血小板减少", (PLT_V6, PLT_V5), _PLT_SRC),
    _s("ALC", (LYMPH_V6, LYMPH_V5, LYMPH_HIGH), _LYMPH_SRC),
    _s("lymphopenia", (LYMPH_V6, LYMPH_V5), _LYMPH_SRC),
    _s("淋巴细胞减少", (LYMPH_V6, LYMPH_V5), _LYMPH_SRC),
    _s("WBC", (WBC_LOW, WBC_HIGH), _WBC_SRC),
    _s("leukopenia", (WBC_LOW,), _WBC_SRC),
    _s("白细胞减少", (WBC_LOW,), _WBC_SRC),
    _s("Hb", (ANEMIA, HGB_HIGH), _HGB_SRC),
    _s("Hgb", (ANEMIA, HGB_HIGH), _HGB_SRC),
    _s("hemoglobin", (ANEMIA, HGB_HIGH), _HGB_SRC),
    _s("haemoglobin", (ANEMIA, HGB_HIGH), _HGB_SRC),
    _s("血红蛋白", (ANEMIA, HGB_HIGH), _HGB_SRC),
    _s(
        "LDH",
        ("Blood lactate dehydrogenase increased",),
        _DEF.format(v="v6.0", term="Blood lactate dehydrogenase increased", quote="(LDH)"),
    ),
    _s(
        "PTT",
        ("Activated partial thromboplastin time prolonged",),
        _DEF.format(
            v="v5.0/v6.0", term="Activated partial thromboplastin time prolonged", quote="(PTT)"
        ),
    ),
    _s(
        "CrCl",
        ("Creatinine clearance decreased",),
        _DEF.format(v="v6.0", term="Creatinine clearance decreased", quote="(CrCl)"),
        "6.0",
    ),
)


def synonym_key(text: str) -> str:
    """How a synonym is looked up: width/case-folded, spaces collapsed (as term names are)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


SYNONYM_TERMS: dict[str, tuple[str, ...]] = {synonym_key(s.word): s.terms for s in SYNONYMS}


def words_for(term: str) -> tuple[str, ...]:
    """The synonyms that name ``term`` (for a filter that matches them too)."""
    return tuple(s.word for s in SYNONYMS if term in s.terms)
