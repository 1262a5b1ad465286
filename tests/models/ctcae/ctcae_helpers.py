"""Small helpers shared by the CTCAE engine tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lmdesk.models.ctcae import LabGrade, LabQuery, grade_lab


def grade(term: str, value: Any, unit: str | None, version: str = "5.0", **extra: Any) -> LabGrade:
    raw: dict[str, Any] = {"term": term, "value": value, "unit": unit, "version": version}
    raw.update(extra)
    return grade_lab(LabQuery.from_raw(raw))


def scaled(value: str, factor: int) -> str:
    """``value`` x ``factor`` as exact text (1.5 x 1000 -> '1500.0')."""
    return str(Decimal(value) * factor)
