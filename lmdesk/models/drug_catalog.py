"""Find drug cards by any name, and recognise never-intrathecal drugs in free text.

All matching goes through :func:`normalize_name`, so case, full-width forms, spacing and
punctuation never decide whether a drug is found (or refused).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from lmdesk.models.drug_card import DrugCard
from lmdesk.models.drug_names import normalize_name

MIN_LATIN_LEN = 3


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


class DrugCatalog:
    """An in-memory index over drug cards (the reference DB holds a few dozen)."""

    def __init__(self, cards: Iterable[DrugCard]) -> None:
        self._cards: dict[str, DrugCard] = {}
        for card in cards:
            if card.id in self._cards:
                raise ValueError(f"duplicate drug id {card.id!r}")
            self._cards[card.id] = card
        # normalized name -> card ids (a name could in principle be shared)
        self._names: dict[str, list[str]] = {}
        # normalized name -> first display form, for "did you mean"
        self._display: dict[str, str] = {}
        for card in self._cards.values():
            for name in (*card.all_names(), card.id):
                key = normalize_name(name)
                if not key:
                    continue
                ids = self._names.setdefault(key, [])
                if card.id not in ids:
                    ids.append(card.id)
                self._display.setdefault(key, name)
        self._never_keys: list[tuple[str, str]] = sorted(
            (
                (key, card.id)
                for card in self._cards.values()
                if card.it_status == "never"
                for key in {normalize_name(n) for n in (card.id, *card.all_names())}
                if len(key) >= MIN_LATIN_LEN or (key and _is_cjk(key))
            ),
            key=lambda pair: (-len(pair[0]), pair[0]),
        )

    def __len__(self) -> int:
        return len(self._cards)

    def all(self) -> list[DrugCard]:
        """Every card, sorted by English name."""
        return sorted(self._cards.values(), key=lambda c: c.name_en.casefold())

    def get(self, drug_id: str) -> DrugCard | None:
        return self._cards.get(drug_id)

    def resolve(self, name: str) -> DrugCard | None:
        """The card whose id or any name equals ``name`` after normalisation."""
        ids = self._names.get(normalize_name(name))
        return self._cards[ids[0]] if ids else None

    def search(self, query: str) -> list[DrugCard]:
        """Cards ranked exact > prefix > substring match on any name; "" gives all."""
        key = normalize_name(query)
        if not key:
            return self.all()
        rank: dict[str, int] = {}
        for name, ids in self._names.items():
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
            key=lambda c: (rank[c.id], c.name_en.casefold()),
        )

    def never_it_match(self, text: str) -> DrugCard | None:
        """A never-IT card one of whose names (>= 3 chars, or any CJK name) occurs in ``text``.

        Longest names are tried first so the message names the most specific drug.
        """
        haystack = normalize_name(text)
        if not haystack:
            return None
        for key, drug_id in self._never_keys:
            if key in haystack:
                return self._cards[drug_id]
        return None

    def closest_names(self, query: str, n: int = 3) -> list[str]:
        """Display names closest to ``query`` (for "did you mean" messages)."""
        key = normalize_name(query)
        if not key:
            return []
        matches = difflib.get_close_matches(key, list(self._display), n=n * 3, cutoff=0.5)
        out: list[str] = []
        seen_ids: set[str] = set()
        for match in matches:
            drug_id = self._names[match][0]
            if drug_id in seen_ids:
                continue
            seen_ids.add(drug_id)
            out.append(self._display[match])
            if len(out) == n:
                break
        return out

    def classes(self) -> list[str]:
        """Distinct drug classes, sorted, for the view's class filter."""
        return sorted({c.drug_class for c in self._cards.values()})
