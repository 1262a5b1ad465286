"""Drug cards and bibliography read back from the reference DB into domain models."""

from __future__ import annotations

import json
from functools import cached_property

from lmdesk.i18n import _
from lmdesk.models.bibliography import Bibliography, Reference
from lmdesk.models.drug_card import DrugCard
from lmdesk.models.drug_catalog import DrugCatalog
from lmdesk.models.never_it import BUILTIN_NEVER_IT
from lmdesk.store.errors import ReferenceDataError
from lmdesk.store.reference import ReferenceDB


class DrugRepository:
    """Read-only; the catalog is built once (a few dozen cards) and cached."""

    def __init__(self, reference: ReferenceDB) -> None:
        self._reference = reference

    def _require(self, table: str) -> None:
        if not self._reference.has_table(table):
            raise ReferenceDataError(
                _("The reference database has no {table} table; rebuild or reinstall it.").format(
                    table=table
                )
            )

    @cached_property
    def _catalog(self) -> DrugCatalog:
        self._require("drug_cards")
        rows = self._reference.conn.execute("SELECT body FROM drug_cards ORDER BY id").fetchall()
        return DrugCatalog(DrugCard.model_validate(json.loads(row[0])) for row in rows)

    def catalog(self) -> DrugCatalog:
        return self._catalog

    @cached_property
    def _bibliography(self) -> Bibliography:
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
