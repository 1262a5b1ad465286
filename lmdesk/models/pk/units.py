"""Concentration units: the model works in mg/L (= µg/mL); µmol/L needs the molecular weight."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from lmdesk.models.errors import BadInputError

FloatArray = npt.NDArray[np.floating[Any]]

#: Units accepted for measured CSF levels; µg/mL equals mg/L.
UNITS: Final[tuple[str, ...]] = ("mg/L", "µg/mL", "µmol/L", "nmol/L")


def mg_l_to_umol_l(value: FloatArray | float, molecular_weight: float) -> FloatArray:
    """mg/L -> µmol/L: divide by g/mol, times 1000."""
    return np.asarray(value, dtype=float) * 1000.0 / molecular_weight


def to_mg_l(value: float, unit: str, molecular_weight: float) -> float:
    """Convert a measured level to mg/L (BadInputError for an unknown unit)."""
    normal = unit.replace("u", "µ").replace("μ", "µ").replace("uM", "µmol/L").strip()
    if normal in ("µM",):
        normal = "µmol/L"
    if normal == "nM":
        normal = "nmol/L"
    if normal in ("mg/L", "µg/mL"):
        return float(value)
    if normal == "µmol/L":
        return float(value) * molecular_weight / 1000.0
    if normal == "nmol/L":
        return float(value) * molecular_weight / 1e6
    raise BadInputError(f"unknown concentration unit {unit!r}; use one of {', '.join(UNITS)}")
