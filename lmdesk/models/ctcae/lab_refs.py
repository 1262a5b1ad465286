"""A query's value, LLN, ULN and baseline brought into one unit before any comparison.

Why: a lab may print the ULN in mg/dL next to a value in umol/L. Comparing the bare numbers
would silently mix units, so every number is converted to its scale's reference unit or the
query is refused with a message saying which number to re-enter (ctcae_criteria.md 4.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lmdesk.i18n import N_, _
from lmdesk.models.ctcae.conversions import describe_factor, to_reference
from lmdesk.models.ctcae.lab_query import LabQuery
from lmdesk.models.ctcae.units import Unit, parse_unit

REF_FIELDS: tuple[str, ...] = ("lln", "uln", "baseline")
FIELD_NAMES: dict[str, str] = {"lln": N_("LLN"), "uln": N_("ULN"), "baseline": N_("baseline value")}


class RefUnitError(Exception):
    """A reference number cannot be brought into the value's unit; ``field`` names it."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Refs:
    """The numbers of one query, all in the reference unit of one scale."""

    value: Decimal
    lln: Decimal | None
    uln: Decimal | None
    baseline: Decimal | None


def show_number(number: Decimal) -> str:
    """A number for a message: exact when short, else 4 significant digits; never 1E+2."""
    shown = number.normalize()
    if len(shown.as_tuple().digits) > 6:
        shown = Decimal(f"{number:.4g}")
    return f"{shown:f}"


def ref_unit(query: LabQuery, field: str, allowed: tuple[str, ...] | None = None) -> Unit | None:
    """The unit written after a reference number ('1.2 mg/dL'), or None when none was;
    ``allowed`` are the term's units (they settle "G/L", see ``parse_unit``)."""
    name: str | None = getattr(query, f"{field}_unit")
    return parse_unit(name, allowed) if name is not None else None


def to_one_unit(
    query: LabQuery,
    unit: Unit,
    units: tuple[str, ...],
    analyte: str | None,
    fields: tuple[str, ...],
    term: str,
) -> tuple[Refs, list[str]]:
    """The value and the reference numbers in ``fields``, in one unit, with a note for each
    number that had to be converted; RefUnitError when one cannot be."""
    value, scale = to_reference(query.value, unit, analyte)
    per_value_unit, _scale = to_reference(Decimal(1), unit, analyte)
    converted: dict[str, Decimal | None] = {}
    notes: list[str] = []
    factors: list[str] = []
    for field in REF_FIELDS:
        number: Decimal | None = getattr(query, field)
        own = ref_unit(query, field, units)
        if number is None or field not in fields:
            converted[field] = None
            continue
        if own is None or own.name == unit.name:
            converted[field] = to_reference(number, unit, analyte)[0]
            continue
        name = _(FIELD_NAMES[field])
        if own.name not in units:
            raise RefUnitError(
                _(
                    "The {field} is given in {ref_unit}, not a unit of {term}; use one of: {units}."
                ).format(field=name, ref_unit=own.name, term=term, units=", ".join(units)),
                field,
            )
        in_reference, own_scale = to_reference(number, own, analyte)
        if own_scale != scale:
            raise RefUnitError(
                _(
                    "The {field} in {ref_unit} cannot be converted to {unit} for {term}; "
                    "enter it in {unit}."
                ).format(field=name, ref_unit=own.name, unit=unit.name, term=term),
                field,
            )
        converted[field] = in_reference
        note = _("{field} {number} {ref_unit} taken as {converted} {unit}.").format(
            field=name,
            number=show_number(number),
            ref_unit=own.name,
            converted=show_number(in_reference / per_value_unit),
            unit=unit.name,
        )
        notes.append(note)
        factor = describe_factor(own, analyte) or describe_factor(unit, analyte)
        if factor is not None and factor not in factors:
            factors.append(factor)
    return Refs(value, converted["lln"], converted["uln"], converted["baseline"]), notes + factors
