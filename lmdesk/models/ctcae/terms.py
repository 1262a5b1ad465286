"""A CTCAE term as NCI prints it, with lmdesk's Chinese translation where one exists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from lmdesk.models.ctcae.rules import Version
from lmdesk.models.ctcae.synonyms import SYNONYM_TERMS

Group = Literal["neuro", "lab", "other"]
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
GRADES: tuple[int, ...] = (1, 2, 3, 4, 5)


class CtcaeTerm(BaseModel):
    """One term of one CTCAE version. ``grades`` holds only the grades that exist ('-' dropped)."""

    model_config = ConfigDict(frozen=True)

    version: Version
    term: str
    meddra_code: str
    soc: str
    grades: dict[int, str]
    definition: str | None = None
    navigational_note: str | None = None
    change: str | None = None
    name_zh: str | None = None
    grades_zh: dict[int, str] = {}
    #: lmdesk's Chinese for ``definition`` (IT-relevant terms); the English stays authoritative
    definition_zh: str | None = None
    group: Group | None = None
    it_order: int | None = None
    lab_gradable: bool = False

    @field_validator("grades", "grades_zh")
    @classmethod
    def _grades_1_to_5(cls, value: dict[int, str]) -> dict[int, str]:
        if any(grade not in GRADES for grade in value):
            raise ValueError("grades are 1 to 5")
        return value

    @property
    def it_relevant(self) -> bool:
        return self.group is not None

    def name(self, language: str) -> str:
        """The term's name in ``language`` (English when there is no Chinese)."""
        if language == "zh_CN" and self.name_zh:
            return self.name_zh
        return self.term

    def definition_texts(self, language: str) -> tuple[str, str]:
        """The definition to show in ``language`` and the NCI's English to show beside it
        ("" when there is nothing to add); ("", "") for a term without a definition."""
        english = self.definition or ""
        if language == "zh_CN" and self.definition_zh and english:
            return self.definition_zh, english
        return english, ""

    def grade_text(self, grade: int, language: str = "en") -> str | None:
        """The descriptor of ``grade`` in ``language`` (Chinese falls back to English)."""
        if language == "zh_CN" and grade in self.grades_zh:
            return self.grades_zh[grade]
        return self.grades.get(grade)


def criterion_texts(
    term: CtcaeTerm | None, grade: int | None, criterion: str, language: str
) -> tuple[str, str]:
    """The criterion a grade was given by, to show in ``language``, and the NCI's English to
    show beside it ("" when nothing is translated): the English text stays authoritative."""
    if language != "zh_CN" or term is None or grade is None:
        return criterion, ""
    chinese = term.grades_zh.get(grade)
    if chinese and chinese != criterion and term.grades.get(grade) == criterion:
        return chinese, criterion
    return criterion, ""


def search_key(text: str) -> str:
    """Width/case-folded text with whitespace collapsed, for matching names in any language."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=4096)
def pinyin_key(text: str) -> str:
    """Sort key of a name in pinyin order: Chinese characters by their pinyin (with the tone
    number, as a Chinese dictionary orders them), anything else as written, case-folded."""
    if not _HAN.search(text):
        return text.casefold()
    from pypinyin import Style, lazy_pinyin  # its dictionaries load on first use (~0.3 s)

    return " ".join(p.casefold() for p in lazy_pinyin(text, style=Style.TONE3) if p.strip())


def sort_key(term: CtcaeTerm, language: str) -> str:
    """Where ``term`` goes in a list shown in ``language`` (Chinese names in pinyin order)."""
    return pinyin_key(term.name(language)) if language == "zh_CN" else term.term.casefold()


def terms_for_word(terms: Iterable[CtcaeTerm], text: str) -> list[CtcaeTerm]:
    """The terms a clinical word or abbreviation stands for ("ALT", "neutropenia", 转氨酶),
    in the synonym table's order; [] when ``text`` is not one (synonyms.py)."""
    names = SYNONYM_TERMS.get(search_key(text), ())
    by_name = {t.term: t for t in terms if t.term in names}
    return [by_name[n] for n in names if n in by_name]


def _at_word_start(wanted: str, name: str) -> bool:
    return any(word.startswith(wanted) for word in re.split(r"[^0-9a-z]+", name))


def search_terms(terms: Iterable[CtcaeTerm], text: str, language: str = "en") -> list[CtcaeTerm]:
    """Terms for ``text``: those a clinical synonym names first ("ALT" -> Alanine
    aminotransferase increased), then names equal to it, starting with it, containing it;
    IT-relevant ones first within each, then in the list order of ``language`` (pinyin for
    Chinese). A short Latin text (under 4 letters) must start a word of the English name, so
    "ANC" does not list every name with "anc" inside. Empty text lists every term."""
    terms = list(terms)
    wanted = search_key(text)
    first = {t.term: n for n, t in enumerate(terms_for_word(terms, text))}
    short = len(wanted) < 4 and wanted.isascii()
    scored: list[tuple[int, int, int, str, CtcaeTerm]] = []
    for term in terms:
        english = search_key(term.term)
        chinese = search_key(term.name_zh) if term.name_zh else ""
        names = [english] + ([chinese] if chinese else [])
        if term.term in first:
            rank = -1
        elif wanted in names:
            rank = 0
        elif any(name.startswith(wanted) for name in names):
            rank = 1
        elif short and wanted and not _at_word_start(wanted, english):
            continue
        elif not wanted or any(wanted in name for name in names):
            rank = 2
        else:
            continue
        it_rank = term.it_order if term.it_order is not None else 10_000
        scored.append((rank, first.get(term.term, 0), it_rank, sort_key(term, language), term))
    scored.sort(key=lambda item: item[:4])
    return [item[4] for item in scored]


def find_term(terms: Iterable[CtcaeTerm], name: str) -> CtcaeTerm | None:
    """The term whose English or Chinese name is exactly ``name`` (any case/width/spacing)."""
    wanted = search_key(name)
    for term in terms:
        if search_key(term.term) == wanted or (term.name_zh and search_key(term.name_zh) == wanted):
            return term
    return None
