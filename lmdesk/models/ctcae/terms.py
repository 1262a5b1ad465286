"""A CTCAE term as NCI prints it, with lmdesk's Chinese translation where one exists."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from lmdesk.models.ctcae.rules import Version

Group = Literal["neuro", "lab", "other"]
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


def search_terms(terms: Iterable[CtcaeTerm], text: str) -> list[CtcaeTerm]:
    """Terms whose English or Chinese name contains ``text``; exact and prefix matches first,
    then IT-relevant ones, then alphabetical. Empty text lists every term."""
    wanted = search_key(text)
    scored: list[tuple[int, int, str, CtcaeTerm]] = []
    for term in terms:
        names = [search_key(term.term)] + ([search_key(term.name_zh)] if term.name_zh else [])
        if wanted and not any(wanted in name for name in names):
            continue
        if wanted in names:
            rank = 0
        elif any(name.startswith(wanted) for name in names):
            rank = 1
        else:
            rank = 2
        it_rank = term.it_order if term.it_order is not None else 10_000
        scored.append((rank, it_rank, term.term.casefold(), term))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]


def find_term(terms: Iterable[CtcaeTerm], name: str) -> CtcaeTerm | None:
    """The term whose English or Chinese name is exactly ``name`` (any case/width/spacing)."""
    wanted = search_key(name)
    for term in terms:
        if search_key(term.term) == wanted or (term.name_zh and search_key(term.name_zh) == wanted):
            return term
    return None
