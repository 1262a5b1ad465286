"""Read the overdose cards of the reference database."""

from __future__ import annotations

import json

from lmdesk.models.drugs.overdose import OverdoseCard
from lmdesk.store.reference import ReferenceDB


class OverdoseRepository:
    def __init__(self, reference: ReferenceDB) -> None:
        self._reference = reference

    def card(self, drug: str) -> OverdoseCard | None:
        if not self._reference.has_table("overdose_cards"):
            return None
        row = self._reference.conn.execute(
            "SELECT body FROM overdose_cards WHERE drug = ?", (drug,)
        ).fetchone()
        return OverdoseCard.model_validate(json.loads(row[0])) if row else None
