"""Drug cards and bibliography read back from the reference DB into domain models.

Two depths: :meth:`DrugRepository.listings` (names, status, class; plain JSON, no pydantic)
is what the drug screen needs to take input at start-up; :meth:`DrugRepository.catalog`
validates the full cards (pydantic, ~0.1 s on first use) and checks that they agree with
the listings served before. The card models are imported on first use only.
"""

from __future__ import annotations

import json
import threading
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lmdesk.i18n import _
from lmdesk.models.drugs.listing import DrugListing, listing_of
from lmdesk.store.errors import ReferenceDataError
from lmdesk.store.reference import ReferenceDB

if TYPE_CHECKING:
    from lmdesk.models.bibliography import Bibliography
    from lmdesk.models.drugs.name_index import DrugCatalog


class DrugRepository:
    """Read-only; cards are read once (a few dozen) and cached. ``catalog()`` may be called
    from a worker thread (the drug screen parses the cards in the background)."""

    def __init__(self, reference: ReferenceDB) -> None:
        self._reference = reference
        self._lock = threading.Lock()
        self._bodies: list[dict[str, Any]] | None = None
        self._listings: list[DrugListing] | None = None
        self._catalog: DrugCatalog | None = None

    def _require(self, table: str) -> None:
        if not self._reference.has_table(table):
            raise ReferenceDataError(
                _("The reference database has no {table} table; rebuild or reinstall it.").format(
                    table=table
                )
            )

    def _stored_cards(self) -> list[dict[str, Any]]:
        """Every stored card as decoded JSON, in id order (one small query, read once)."""
        if self._bodies is None:
            self._require("drug_cards")
            rows = self._reference.conn.execute(
                "SELECT body FROM drug_cards ORDER BY id"
            ).fetchall()
            try:
                self._bodies = [json.loads(row[0]) for row in rows]
            except ValueError as exc:
                raise self._damaged(exc) from exc
        return self._bodies

    def _damaged(self, exc: Exception) -> ReferenceDataError:
        return ReferenceDataError(
            _("The reference database holds a damaged drug card ({detail}); reinstall it.").format(
                detail=exc
            )
        )

    def listings(self) -> list[DrugListing]:
        """Names, IT status and class of every card, in id order, without the card models."""
        with self._lock:
            return self._read_listings()

    def _read_listings(self) -> list[DrugListing]:
        if self._listings is None:
            try:
                self._listings = [DrugListing.from_stored(b) for b in self._stored_cards()]
            except ValueError as exc:
                raise self._damaged(exc) from exc
        return self._listings

    def catalog(self) -> DrugCatalog:
        """Every card, validated; refused if a card disagrees with its listing."""
        with self._lock:
            if self._catalog is None:
                from lmdesk.models.drugs.card import DrugCard
                from lmdesk.models.drugs.name_index import DrugCatalog

                catalog = DrugCatalog(DrugCard.model_validate(b) for b in self._stored_cards())
                cards = [listing_of(c) for c in sorted(catalog.all(), key=lambda c: c.id)]
                if cards != self._read_listings():
                    raise ReferenceDataError(
                        _(
                            "The drug list does not match the drug cards in the reference "
                            "database; reinstall it."
                        )
                    )
                self._catalog = catalog
            return self._catalog

    def catalog_loaded(self) -> bool:
        return self._catalog is not None

    @cached_property
    def _bibliography(self) -> Bibliography:
        from lmdesk.models.bibliography import Bibliography, Reference

        self._require("bibliography")
        rows = self._reference.conn.execute(
            "SELECT key, citation, doi, url, strength FROM bibliography ORDER BY key"
        ).fetchall()
        return Bibliography(
            Reference(key=k, citation=c, doi=d, url=u, strength=s) for k, c, d, u, s in rows
        )

    def bibliography(self) -> Bibliography:
        """Every reference entry (other features cite the same keys)."""
        return self._bibliography


def self_check(repo: DrugRepository) -> str:
    """For ``lmdesk selftest``: the cards load, never-IT drugs are caught, citations resolve."""
    from lmdesk.models.drugs.never_it import BUILTIN_NEVER_IT

    catalog = repo.catalog()
    for name in BUILTIN_NEVER_IT:  # reference §E.1: each must be caught by a never-IT card
        card = catalog.never_it_match(name)
        if card is None or card.it_status != "never":
            raise RuntimeError(f"never-IT drug {name} has no never-IT card")
    caught = catalog.never_it_match("ｖｉｎ ｃｒｉｓｔｉｎｅ 2 mg")
    if caught is None or caught.id != "vincristine":
        raise RuntimeError("never-IT matching failed for a full-width spelling of vincristine")
    found = catalog.resolve("甲氨蝶呤")
    if found is None or found.id != "methotrexate":
        raise RuntimeError("甲氨蝶呤 does not resolve to methotrexate")
    missing = repo.bibliography().missing(k for c in catalog.all() for k in c.cited_keys())
    if missing:
        raise RuntimeError(f"citations without reference: {missing}")
    return _("{n} drug cards, {never} never-IT, every citation resolves").format(
        n=len(catalog), never=sum(1 for c in catalog.all() if c.it_status == "never")
    )
