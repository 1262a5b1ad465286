"""Read the PK model inputs from the reference DB."""

from __future__ import annotations

import json
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.pk.sources import PkReference, reference_from
from lmdesk.store.errors import ReferenceDataError
from lmdesk.store.reference import ReferenceDB


class PkRepository:
    """PK parameters, validation cases and TKI comparators (parsed once, then cached)."""

    def __init__(self, reference: ReferenceDB) -> None:
        self._reference = reference
        self._cached: PkReference | None = None

    def load(self) -> PkReference:
        if self._cached is None:
            if not self._reference.has_table("pk_sources"):
                raise ReferenceDataError(
                    _("The reference database has no PK parameters; rebuild or reinstall it.")
                )
            rows = self._reference.conn.execute("SELECT name, body FROM pk_sources").fetchall()
            docs: dict[str, dict[str, Any]] = {str(n): json.loads(b) for n, b in rows}
            self._cached = reference_from(
                docs["physiology"], docs["drugs"], docs["validation"], docs["tki_csf"]
            )
        return self._cached

    def drug_ids(self) -> list[str]:
        """Drugs the model has parameters for, sorted."""
        return sorted(self.load().drugs)
