"""Find drugs by any name, and recognise never-intrathecal drugs in free text.

All matching goes through :func:`normalize_name`, so case, full-width forms, spacing and
punctuation never decide whether a drug is found (or refused). The index works on anything
with an id, names and an IT status: the full cards (:class:`DrugCatalog`) and the light
list lines the drug screen starts with (:class:`DrugListing`) share this one search.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from lmdesk.models.drugs.names import confusable_skeleton, normalize_name

if TYPE_CHECKING:  # the full cards load pydantic; the drug list starts without it
    from lmdesk.models.drugs.card import DrugCard  # noqa: F401 (named in a base class)

MIN_LATIN_LEN = 3


class NamedDrug(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def it_status(self) -> str: ...
    def all_names(self) -> list[str]: ...


D = TypeVar("D", bound=NamedDrug)


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


@dataclass(frozen=True)
class _NameKeys:
    names: dict[str, list[str]]  # normalised name -> drug ids (a name could be shared)
    display: dict[str, str]  # normalised name -> first display form, for "did you mean"
    never: list[tuple[str, str]]  # (look-alike skeleton, id) of never-IT drugs, longest first

    @classmethod
    def of(cls, cards: Iterable[NamedDrug]) -> _NameKeys:
        names: dict[str, list[str]] = {}
        display: dict[str, str] = {}
        never: list[tuple[str, str]] = []
        for card in cards:
            for name in (*card.all_names(), card.id):
                key = normalize_name(name)
                if not key:
                    continue
                ids = names.setdefault(key, [])
                if card.id not in ids:
                    ids.append(card.id)
                display.setdefault(key, name)
            if card.it_status == "never":
                never.extend(
                    (key, card.id)
                    for key in {confusable_skeleton(n) for n in (card.id, *card.all_names())}
                    if len(key) >= MIN_LATIN_LEN or (key and _is_cjk(key))
                )
        never.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        return cls(names, display, never)


class DrugNameIndex(Generic[D]):
    """An in-memory index over drugs by every name (the reference DB holds a few dozen)."""

    def __init__(self, entries: Iterable[D]) -> None:
        self._cards: dict[str, D] = {}
        for card in entries:
            if card.id in self._cards:
                raise ValueError(f"duplicate drug id {card.id!r}")
            self._cards[card.id] = card
        self._keys: _NameKeys | None = None
        self._order: dict[str, str] = {}  # drug id -> its place in a list (see set_order)

    def set_order(self, places: Mapping[str, str]) -> None:
        """Where each drug goes in the lists from now on, by id (a Chinese screen lists them
        in the pinyin order of their Chinese names); a drug without a place, and every drug
        until this is called, goes by its English name."""
        self._order = dict(places)

    def _place(self, card: D) -> str:
        return self._order.get(card.id) or card.name_en.casefold()

    def _name_keys(self) -> _NameKeys:
        """The normalised names, built on the first look-up (the drug screen starts with the
        whole list and needs them only at the first keystroke; ~3 ms for every name)."""
        if self._keys is None:
            self._keys = _NameKeys.of(self._cards.values())
        return self._keys

    def __len__(self) -> int:
        return len(self._cards)

    def all(self) -> list[D]:
        """Every drug, in list order (by English name unless ``set_order`` said otherwise)."""
        return sorted(self._cards.values(), key=self._place)

    def get(self, drug_id: str) -> D | None:
        return self._cards.get(drug_id)

    def resolve(self, name: str) -> D | None:
        """The drug whose id or any name equals ``name`` after normalisation."""
        ids = self._name_keys().names.get(normalize_name(name))
        return self._cards[ids[0]] if ids else None

    def search(self, query: str) -> list[D]:
        """Drugs ranked exact > prefix > substring match on any name; "" gives all."""
        key = normalize_name(query)
        if not key:
            return self.all()
        rank: dict[str, int] = {}
        for name, ids in self._name_keys().names.items():
            if name == key:
                tier = 0
            elif name.startswith(key):
                tier = 1
            elif key in name:
                tier = 2
            else:
                continue
            for drug_id in ids:
                rank[drug_id] = min(tier, rank.get(drug_id, tier))
        return sorted(
            (self._cards[i] for i in rank),
            key=lambda c: (rank[c.id], self._place(c)),
        )

    def never_it_match(self, text: str) -> D | None:
        """A never-IT drug one of whose names (>= 3 chars, or any CJK name) occurs in ``text``.

        Names and text are compared by their look-alike skeleton (``confusable_skeleton``):
        a Cyrillic, accented, digit-for-letter or invisibly split spelling is still found.
        Longest names are tried first so the message names the most specific drug.
        """
        haystack = confusable_skeleton(text)
        if not haystack:
            return None
        for key, drug_id in self._name_keys().never:
            if key in haystack:
                return self._cards[drug_id]
        return None

    def closest_names(self, query: str, n: int = 3) -> list[str]:
        """Display names closest to ``query`` (for "did you mean" messages)."""
        import difflib  # only for "did you mean" messages, not on the start-up path

        key = normalize_name(query)
        if not key:
            return []
        keys = self._name_keys()
        matches = difflib.get_close_matches(key, list(keys.display), n=n * 3, cutoff=0.5)
        out: list[str] = []
        seen_ids: set[str] = set()
        for match in matches:
            drug_id = keys.names[match][0]
            if drug_id in seen_ids:
                continue
            seen_ids.add(drug_id)
            out.append(keys.display[match])
            if len(out) == n:
                break
        return out


class DrugCatalog(DrugNameIndex["DrugCard"]):
    """An in-memory index over the full drug cards (the reference DB holds a few dozen)."""

    def classes(self) -> list[str]:
        """Distinct drug classes, sorted, for the view's class filter."""
        return sorted({c.drug_class for c in self._cards.values()})
