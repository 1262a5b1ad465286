"""Drug cards and bibliography read back from the reference DB into domain models."""

from __future__ import annotations

import json
from functools import cached_property

from lmdesk.i18n import _
from lmdesk.models.bibliography import Bibliography, Reference
from lmdesk.models.drug_card import DrugCard
from lmdesk.models.drug_catalog import DrugCatalog
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
