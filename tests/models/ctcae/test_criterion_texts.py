"""The criterion a grade was given by, in the reader's language, with the NCI's English."""

from __future__ import annotations

from lmdesk.models.ctcae.terms import CtcaeTerm, criterion_texts

TERM = CtcaeTerm(
    version="5.0",
    term="Cerebrospinal fluid leakage",
    meddra_code="10008164",
    soc="Nervous system disorders",
    grades={3: "Severe symptoms; medical intervention indicated", 5: "Death"},
    name_zh="脑脊液漏",
    grades_zh={3: "重度症状；需要药物干预", 5: "死亡"},
)
SEVERE = "Severe symptoms; medical intervention indicated"


def test_chinese_shows_the_translation_and_keeps_the_english() -> None:
    assert criterion_texts(TERM, 3, SEVERE, "zh_CN") == ("重度症状；需要药物干预", SEVERE)


def test_english_shows_the_nci_text_alone() -> None:
    assert criterion_texts(TERM, 3, SEVERE, "en") == (SEVERE, "")


def test_a_criterion_that_is_not_the_grade_text_is_never_swapped() -> None:
    """A lab criterion computed from the value ("<LLN - 1000/mm3") has no translation to
    stand in for it: the Chinese grade text would say something else."""
    assert criterion_texts(TERM, 3, "<LLN - 1000/mm3", "zh_CN") == ("<LLN - 1000/mm3", "")


def test_no_term_no_grade_or_no_translation_leaves_the_criterion() -> None:
    assert criterion_texts(None, 3, SEVERE, "zh_CN") == (SEVERE, "")
    assert criterion_texts(TERM, None, SEVERE, "zh_CN") == (SEVERE, "")
    untranslated = TERM.model_copy(update={"grades_zh": {}})
    assert criterion_texts(untranslated, 3, SEVERE, "zh_CN") == (SEVERE, "")
