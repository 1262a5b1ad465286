"""Find drug cards by any name, and recognise never-intrathecal drugs in free text.

The matching itself (normalised names, ranking, never-IT keys) is
:class:`~lmdesk.models.drug_name_index.DrugNameIndex`, shared with the drug list.
"""

from __future__ import annotations

from lmdesk.models.drug_card import DrugCard
from lmdesk.models.drug_name_index import DrugNameIndex


class DrugCatalog(DrugNameIndex[DrugCard]):
    """An in-memory index over the full drug cards (the reference DB holds a few dozen)."""

    def classes(self) -> list[str]:
        """Distinct drug classes, sorted, for the view's class filter."""
        return sorted({c.drug_class for c in self._cards.values()})
