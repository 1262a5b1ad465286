"""Converting a lab number into its scale's reference unit, so that a value and its LLN, ULN
or baseline are compared in one unit (ctcae_criteria.md 4.5).

Most conversions are exact by definition (1 g/dL = 10 g/L, 1 /mm3 = 0.001 x 10^9/L,
1 ukat/L = 60 U/L). Bilirubin and creatinine need the analyte's molar mass to go from mg/dL
to umol/L. CTCAE grades both as multiples of ULN or baseline, which are unit-free once both
sides are in one unit, so the factor only matters when a lab gives them in two units.
The molar masses are computed from the formula (marked computed, like the computed molar
masses of regimens_pk.md B.1) and the same table ships in resources/reference/ctcae/units.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from lmdesk.i18n import N_, _
from lmdesk.models.ctcae.units import MG_DL, MICROMOLAR, Unit

# Standard atomic weights (g/mol), abridged to 3 decimals. With them the formulas of
# regimens_pk.md B.1 give its computed molar masses (methotrexate C20H22N8O5 454.45,
# cytarabine C9H13N3O5 243.22); a test checks that.
ATOMIC_WEIGHTS: dict[str, Decimal] = {
    "C": Decimal("12.011"),
    "H": Decimal("1.008"),
    "N": Decimal("14.007"),
    "O": Decimal("15.999"),
}


@dataclass(frozen=True)
class MolarMass:
    """An analyte's molar mass and the mg/dL -> umol/L factor it gives (both computed).

    ``umol_l_per_mg_dl`` = 10 000 / ``g_per_mol`` (1 mg/dL = 10 mg/L), kept to 4 significant
    digits so that multiplying by it stays exact in decimal arithmetic.
    """

    analyte: str
    formula: str
    g_per_mol: Decimal
    umol_l_per_mg_dl: Decimal


MOLAR_MASSES: dict[str, MolarMass] = {
    "bilirubin": MolarMass("bilirubin", "C33H36N4O6", Decimal("584.67"), Decimal("17.10")),
    "creatinine": MolarMass("creatinine", "C4H7N3O", Decimal("113.12"), Decimal("88.40")),
}

ANALYTE_NAMES: dict[str, str] = {"bilirubin": N_("bilirubin"), "creatinine": N_("creatinine")}

_ELEMENT = re.compile(r"([A-Z][a-z]?)(\d*)")


def formula_mass(formula: str) -> Decimal:
    """Molar mass of a simple formula such as 'C4H7N3O' from ATOMIC_WEIGHTS, unrounded."""
    parts = _ELEMENT.findall(formula)
    if "".join(symbol + count for symbol, count in parts) != formula:
        raise ValueError(f"cannot read formula {formula!r}")
    return sum((ATOMIC_WEIGHTS[symbol] * int(count or "1") for symbol, count in parts), Decimal(0))


def to_reference(value: Decimal, unit: Unit, analyte: str | None) -> tuple[Decimal, str]:
    """``value`` in the reference unit of its scale, and that scale's name.

    A mg/dL value of an analyte with a known molar mass goes to umol/L, so mg/dL and umol/L
    of the same analyte land on one scale; for any other analyte mg/dL stays its own scale
    and cannot be compared with umol/L.
    """
    if unit.scale == MG_DL and analyte in MOLAR_MASSES:
        factor = MOLAR_MASSES[analyte].umol_l_per_mg_dl
        return value * unit.factor * factor, MICROMOLAR
    return value * unit.factor, unit.scale


def describe_factor(unit: Unit, analyte: str | None) -> str | None:
    """Where a computed factor came from, for the notes (None when exact by definition)."""
    if unit.scale == MG_DL and analyte in MOLAR_MASSES:
        mass = MOLAR_MASSES[analyte]
        return _(
            "1 mg/dL {analyte} = {factor} umol/L, computed from its molar mass {mass} g/mol "
            "({formula})."
        ).format(
            analyte=_(ANALYTE_NAMES[analyte]),
            factor=mass.umol_l_per_mg_dl,
            mass=mass.g_per_mol,
            formula=mass.formula,
        )
    return None
