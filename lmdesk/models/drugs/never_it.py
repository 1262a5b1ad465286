"""Refuse drugs that must never go intrathecally, whatever name they are typed under.

The list and its evidence are in the reference (regimens_pk.md §E.1: vinca alkaloids,
bortezomib, and the others [R110]-[R116]). Matching is done by the drug catalog on
normalised names (any case, width, spacing, brand, Chinese, Traditional Chinese or pinyin
name) compared by their look-alike skeleton (homoglyphs, accents, invisible characters,
digits for letters: ``names.confusable_skeleton``). A short built-in
list of the §E.1 generic names is checked as well, so the rule still holds if a card is
missing from the reference database.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Protocol

from lmdesk.i18n import _
from lmdesk.models.drugs.names import confusable_skeleton, normalize_name
from lmdesk.models.errors import SafetyRefusal

NEVER_IT_RULE = "never_it"
FATAL_TEXT = "FATAL IF GIVEN INTRATHECALLY"

#: Generic names of reference §E.1 (plus vinflunine, named in the design's safety rules).
BUILTIN_NEVER_IT: tuple[str, ...] = (
    "vincristine",
    "vinblastine",
    "vinorelbine",
    "vindesine",
    "vinflunine",
    "bortezomib",
    "asparaginase",
    "daunorubicin",
    "dactinomycin",
    "doxorubicin",
    "leucovorin",
    "levoleucovorin",
)
#: Other generic names of a built-in never-IT drug (normalised part -> the generic name).
BUILTIN_ALIASES: dict[str, str] = {"folinic": "leucovorin", "folinate": "leucovorin"}


class NamedDrug(Protocol):
    @property
    def name_en(self) -> str: ...

    @property
    def name_zh(self) -> str: ...


class NeverItLookup(Protocol):
    """What this rule needs from ``DrugCatalog``."""

    def never_it_match(self, text: str) -> NamedDrug | None: ...


@cache
def _builtin_keys() -> tuple[tuple[str, str], ...]:
    """(look-alike skeleton, generic name) of the built-in list, generic names first."""
    pairs = [(name, name) for name in BUILTIN_NEVER_IT] + list(BUILTIN_ALIASES.items())
    return tuple((confusable_skeleton(typed), name) for typed, name in pairs)


def _builtin_match(text: str) -> str | None:
    key = confusable_skeleton(text)
    for skeleton, name in _builtin_keys():
        if skeleton in key:
            return name
    return None


def never_it_message(typed: str, name_en: str, name_zh: str = "") -> str:
    names = f"{name_en} / {name_zh}" if name_zh else name_en
    return _(
        "{typed} ({names}): {fatal}. It is on the never-intrathecal list (reference §E.1): "
        "wrong-route injection into the CSF of such drugs has caused paralysis and deaths. "
        "Give it only by its labelled route; it can never be put on an IT course."
    ).format(typed=typed, names=names, fatal=FATAL_TEXT)


def refuse_never_it(name: str, catalog: NeverItLookup | None) -> None:
    """Raise ``SafetyRefusal(rule="never_it")`` if ``name`` names a never-IT drug."""
    card = catalog.never_it_match(name) if catalog is not None else None
    if card is not None:
        raise SafetyRefusal(never_it_message(name, card.name_en, card.name_zh), rule=NEVER_IT_RULE)
    builtin = _builtin_match(name)
    if builtin is not None:
        raise SafetyRefusal(never_it_message(name, builtin), rule=NEVER_IT_RULE)


#: Systemic routes by which a sourced rescue may be ordered next to an IT course.
RESCUE_ROUTES = frozenset({"oral", "iv"})
#: Never-IT drugs with a sourced systemic use next to an IT course (normalised names):
#: leucovorin is a systemic rescue; it must never be given intrathecally [R235][R115].
SYSTEMIC_RESCUE_NAMES = frozenset(
    normalize_name(n)
    for n in (
        "leucovorin",
        "levoleucovorin",
        "folinic",
        "folinate",
        "folinic acid",
        "calcium folinate",
        "亚叶酸钙",
    )
)


def _systemic_rescue(name: str, catalog: NeverItLookup | None) -> bool:
    """True if ``name`` (or the never-IT card it matches) is a sourced systemic rescue."""
    names = {normalize_name(name)}
    card = catalog.never_it_match(name) if catalog is not None else None
    if card is not None:
        names |= {normalize_name(card.name_en), normalize_name(card.name_zh)}
    builtin = _builtin_match(name)
    if builtin is not None:
        names.add(builtin)
    others = {_builtin_match(n) for n in names if n} - {None}
    return bool(names & SYSTEMIC_RESCUE_NAMES) and others <= SYSTEMIC_RESCUE_NAMES


def refuse_never_it_by_route(name: str, route: str, catalog: NeverItLookup | None) -> None:
    """The never-IT rule for a drug on an IT course given by ``route``.

    Any route other than IV or oral (``it``, ``lp``, ``ommaya``, ``unspecified``, ``im``
    or anything else) counts as intrathecal here: every never-IT name is refused. IV and
    oral pass only for a sourced systemic rescue (leucovorin); vinca alkaloids and the rest
    stay refused on an IT course by every route.
    """
    if route in RESCUE_ROUTES and _systemic_rescue(name, catalog):
        return
    refuse_never_it(name, catalog)


def refuse_any_never_it(names: Iterable[str], catalog: NeverItLookup | None) -> None:
    """Check every drug name that a course would carry (main drug and co-medications)."""
    for name in names:
        refuse_never_it(name, catalog)


def refuse_never_it_on_course(
    it_drugs: Iterable[str],
    co_medications: Iterable[tuple[str, str]],
    catalog: NeverItLookup | None,
) -> None:
    """The never-IT rule for everything a course or sheet carries: the IT drugs as intrathecal,
    each co-medication (drug, route) by its route (a systemic rescue only IV or oral)."""
    for name in dict.fromkeys(it_drugs):
        refuse_never_it(name, catalog)
    for name, route in dict.fromkeys(co_medications):
        refuse_never_it_by_route(name, route, catalog)
