"""Systemic TKI context (regimens_pk.md Part C): estimated CSF level from a plasma level.

Shown beside the IT curves for comparison only. The estimate is plasma x published
CSF/plasma ratio; for lorlatinib the ratio refers to free (unbound) plasma drug.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.protocol import text_in


class TkiComparator(BaseModel):
    """One published CSF penetration figure of a systemic drug."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    drug: str = Field(min_length=1)
    dose: str = ""
    dose_zh: str = ""
    csf: str = ""
    csf_zh: str = ""
    ratio_pct: float = Field(gt=0, le=100)
    ratio_high_pct: float | None = None
    basis: str = "plasma"
    source: tuple[str, ...] = Field(min_length=1)
    note: str = ""
    note_zh: str = ""

    def note_in(self, language: str) -> str:
        """The note in Chinese when asked and available (reference data, not gettext)."""
        return text_in(language, self.note, self.note_zh)

    def dose_in(self, language: str) -> str:
        """The dose as published (``40 mg，第 8 天``); a bare ``250 mg`` needs no Chinese."""
        return text_in(language, self.dose, self.dose_zh)

    def csf_in(self, language: str) -> str:
        """The published CSF level, with what it was measured against in words."""
        return text_in(language, self.csf, self.csf_zh)

    def ratio_text(self) -> str:
        """The ratio as published, e.g. ``2.5–16 %``."""
        if self.ratio_high_pct is not None:
            return f"{self.ratio_pct:g}–{self.ratio_high_pct:g} %"
        return f"{self.ratio_pct:g} %"


def estimate_csf(comparator: TkiComparator, plasma: float) -> tuple[float, float | None]:
    """Estimated CSF concentration (same unit as ``plasma``): low and, for a range, high."""
    if plasma < 0:
        raise BadInputError("the plasma concentration cannot be negative")
    low = plasma * comparator.ratio_pct / 100.0
    high = None if comparator.ratio_high_pct is None else plasma * comparator.ratio_high_pct / 100.0
    return low, high


def comparators_for(drug: str, comparators: list[TkiComparator]) -> list[TkiComparator]:
    """All published figures for one drug (case-insensitive)."""
    key = drug.strip().casefold()
    return [c for c in comparators if c.drug.casefold() == key]
