"""Lab units for CTCAE grading: parsing numbers exactly and naming units unambiguously.

Grades hinge on printed thresholds ("<1.5 - 1.0 x 10e9 /L"), so numbers are kept as
``Decimal`` parsed from their text (never through binary floats) and an unknown unit is
refused rather than guessed (ctcae_criteria.md 4.5).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError


@dataclass(frozen=True)
class Unit:
    """A unit the grader knows: its display name, the scale it belongs to and the factor
    that converts a value in this unit to the scale's reference unit."""

    name: str
    scale: str
    factor: Decimal


# scale -> reference unit of that scale. Factors are exact decimals (1 /mm3 = 0.001 x 10^9/L,
# 1 g/dL = 10 g/L; CTCAE prints the same thresholds in each: ctcae_criteria.md 1.2, 4.5).
COUNT = "10^9/L"
MASS = "g/L"
SUBSTANCE = "mmol/L"
ACTIVITY = "U/L"
MICROMOLAR = "umol/L"
MG_DL = "mg/dL"
DEG_C = "degC"
DEG_F = "degF"

UNIT_ALIASES: dict[str, tuple[Unit, tuple[str, ...]]] = {
    "10^9/L": (Unit("10^9/L", COUNT, Decimal(1)), ("10^9/L", "10e9/L", "10*9/L", "x10^9/L")),
    "10^3/uL": (
        Unit("10^3/uL", COUNT, Decimal(1)),
        ("10^3/uL", "10e3/uL", "10*3/uL", "x10^3/uL", "10^3/µL", "10^3/mm3", "K/uL"),
    ),
    "/mm3": (
        Unit("/mm3", COUNT, Decimal("0.001")),
        ("/mm3", "/mm^3", "cells/mm3", "/uL", "cells/uL", "/µL"),
    ),
    "g/L": (Unit("g/L", MASS, Decimal(1)), ("g/L",)),
    "g/dL": (Unit("g/dL", MASS, Decimal(10)), ("g/dL",)),
    "mmol/L": (Unit("mmol/L", SUBSTANCE, Decimal(1)), ("mmol/L", "mM")),
    "mEq/L": (Unit("mEq/L", SUBSTANCE, Decimal(1)), ("mEq/L",)),
    "U/L": (Unit("U/L", ACTIVITY, Decimal(1)), ("U/L", "IU/L")),
    # SI enzyme activity: 1 kat = 1 mol/s and 1 U = 1 umol/min, so 1 ukat/L = 60 U/L (computed)
    "ukat/L": (Unit("ukat/L", ACTIVITY, Decimal(60)), ("ukat/L", "µkat/L", "μkat/L")),
    "umol/L": (Unit("umol/L", MICROMOLAR, Decimal(1)), ("umol/L", "µmol/L", "μmol/L")),
    "mg/dL": (Unit("mg/dL", MG_DL, Decimal(1)), ("mg/dL",)),
    "degC": (Unit("degC", DEG_C, Decimal(1)), ("degC", "°C", "C", "celsius", "deg C")),
    "degF": (Unit("degF", DEG_F, Decimal(1)), ("degF", "°F", "F", "fahrenheit", "deg F")),
}


def unit_key(text: str) -> str:
    """Comparison key of a unit spelling: width/case folded, spaces dropped, micro sign as 'u'."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("μ", "u").replace("µ", "u").replace("×", "x").replace("³", "3")
    folded = folded.replace("°", "deg").replace("**", "^")
    return "".join(ch for ch in folded if not ch.isspace())


_BY_KEY: dict[str, Unit] = {
    unit_key(alias): unit for unit, aliases in UNIT_ALIASES.values() for alias in aliases
}

KNOWN_UNITS: tuple[str, ...] = tuple(UNIT_ALIASES)


def parse_unit(text: str | None) -> Unit | None:
    """The unit named by ``text``, or None when it is missing or not one the grader knows."""
    if text is None:
        return None
    return _BY_KEY.get(unit_key(text))


_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def _plain_number(text: str) -> str:
    """Drop thousands separators ("75,000"); a decimal comma ("1,5") is refused, not guessed."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise InvalidOperation
        cleaned = cleaned.replace(",", "")
    return cleaned


def to_decimal(value: object, field: str) -> Decimal | None:
    """Exact decimal of a number given as text, int, float or Decimal; None stays None.

    Floats go through ``repr`` (shortest round-trip text), so 1.8 is exactly 1.8.
    Negative, infinite and NaN values are bad input: no lab value or temperature is negative.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadInputError(
            _("{field}: expected a number, got {value!r}").format(field=field, value=value)
        )
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, str):
            number = Decimal(_plain_number(value))
        else:
            raise InvalidOperation
    except InvalidOperation:
        raise BadInputError(
            _("{field}: not a number: {value!r}").format(field=field, value=value)
        ) from None
    if not number.is_finite():
        raise BadInputError(_("{field}: not a finite number").format(field=field))
    if number < 0:
        raise BadInputError(_("{field}: must not be negative").format(field=field))
    return number


_QUANTITY = re.compile(r"^([+-]?[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?)\s*(.*)$")


def to_quantity(value: object, field: str) -> tuple[Decimal | None, Unit | None]:
    """A number with an optional unit after it ("1.2 mg/dL"); the unit is None when not given.

    Why: a lab report may print the ULN in another unit than the value; saying so lets the
    grader convert it instead of silently comparing numbers in two units.
    """
    if not isinstance(value, str):
        return to_decimal(value, field), None
    text = unicodedata.normalize("NFKC", value).strip()
    found = _QUANTITY.match(text)
    if found is None or not found.group(2):
        return to_decimal(text, field), None
    unit = parse_unit(found.group(2))
    if unit is None:
        raise BadInputError(
            _("{field}: unit '{unit}' is not known; use one of: {units}").format(
                field=field, unit=found.group(2), units=", ".join(KNOWN_UNITS)
            )
        )
    return to_decimal(found.group(1), field), unit
