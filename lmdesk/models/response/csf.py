"""CSF findings: cytology (EANO-ESMO 2023 wording [R74]), sample volume, tumour markers.

A marker value is kept as the exact decimal the clinician typed, so that the +/-35 % rule
(``marker_change``) compares exactly at its boundary.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from lmdesk.i18n import N_

Cytology = Literal["positive", "negative", "suspicious", "not_done"]
CYTOLOGY_LABELS: dict[str, str] = {
    "positive": N_("Positive"),
    "negative": N_("Negative"),
    "suspicious": N_("Suspicious (equivocal)"),
    "not_done": N_("Not done"),
}
#: EANO-ESMO 2023: at least 5 mL of CSF, ideally more than 10 mL [R74].
CSF_MIN_ML = Decimal(5)
CSF_IDEAL_ML = Decimal(10)
#: Plausibility bounds for typed numbers (not clinical thresholds).
MAX_CSF_ML = Decimal(100)
MAX_MARKER_VALUE = Decimal("1e9")

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _clean_label(value: str) -> str:
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    if not text:
        raise ValueError("must not be empty")
    if _CONTROL.search(text):
        raise ValueError("must not contain control characters")
    return text


def marker_key(name: str) -> str:
    """Markers are matched by name whatever the case, width or spacing (CEA = cea = ＣＥＡ)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def unit_key(unit: str) -> str:
    """Units match only as written (width and spaces aside): no unit is converted."""
    return "".join(unicodedata.normalize("NFKC", unit).split())


class MarkerValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(max_length=40)
    value: Decimal = Field(ge=0, le=MAX_MARKER_VALUE, allow_inf_nan=False)
    unit: str = Field(max_length=20)

    @field_validator("name", "unit")
    @classmethod
    def _label(cls, value: str) -> str:
        return _clean_label(value)

    @property
    def key(self) -> str:
        return marker_key(self.name)


class CsfFindings(BaseModel):
    """``cytology`` None = not recorded. ``markers_not_measured`` says "none" explicitly."""

    model_config = ConfigDict(frozen=True)

    cytology: Cytology | None = None
    volume_ml: Decimal | None = Field(default=None, gt=0, le=MAX_CSF_ML, allow_inf_nan=False)
    markers: tuple[MarkerValue, ...] = Field(default=(), max_length=10)
    markers_not_measured: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> CsfFindings:
        keys = [m.key for m in self.markers]
        if len(keys) != len(set(keys)):
            raise ValueError("each marker may be entered once per assessment")
        if self.markers and self.markers_not_measured:
            raise ValueError("markers were entered but also marked as not measured")
        return self

    def marker(self, name: str) -> MarkerValue | None:
        key = marker_key(name)
        return next((m for m in self.markers if m.key == key), None)
