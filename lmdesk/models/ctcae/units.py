"""Lab units for CTCAE grading: parsing numbers exactly and naming units unambiguously.

Grades hinge on printed thresholds ("<1.5 - 1.0 x 10e9 /L"), so numbers are kept as
``Decimal`` parsed from their text (never through binary floats) and an unknown unit is
refused rather than guessed (ctcae_criteria.md 4.5).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
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

# Every spelling below means exactly its unit, read literally (ctcae_criteria.md 4.5):
# 10^9/L = G/L = /nL = 10^3/uL = K/uL = 10^6/mL, and /mm3 = /uL = 10^3/mL (admiral's "legacy CV
# unit of 10^3/mL (= /mm3)": 10^3 per mL is 1 per uL) = 10^6/L. "mc" is the clinical "micro".
UNIT_ALIASES: dict[str, tuple[Unit, tuple[str, ...]]] = {
    "10^9/L": (
        Unit("10^9/L", COUNT, Decimal(1)),
        (
            "10^9/L",
            "10e9/L",
            "10*9/L",
            "x10^9/L",
            "x10e9/L",
            "x10*9/L",
            "10^9 cells/L",
            "Gpt/L",
            "Giga/L",
            "/nL",
            "cells/nL",
        ),
    ),
    "10^3/uL": (
        Unit("10^3/uL", COUNT, Decimal(1)),
        (
            "10^3/uL",
            "10e3/uL",
            "10*3/uL",
            "x10^3/uL",
            "x10e3/uL",
            "x10*3/uL",
            "10^3/µL",
            "10^3/mcL",
            "10^3 cells/uL",
            "10^3/mm3",
            "x10^3/mm3",
            "10e3/mm3",
            "10*3/mm3",
            "K/uL",
            "K/µL",
            "K/mcL",
            "K/mm3",
            "thou/uL",
            "thou/mm3",
            "10^6/mL",
            "10e6/mL",
            "10*6/mL",
            "x10^6/mL",
        ),
    ),
    "/mm3": (
        Unit("/mm3", COUNT, Decimal("0.001")),
        (
            "/mm3",
            "/mm^3",
            "cells/mm3",
            "/uL",
            "cells/uL",
            "/µL",
            "cells/µL",
            "/mcL",
            "cells/mcL",
            "/cumm",
            "cells/cumm",
            "/cmm",
            "10^3/mL",
            "10e3/mL",
            "10*3/mL",
            "x10^3/mL",
            "10^3 cells/mL",
            "10^6/L",
            "10e6/L",
            "10*6/L",
            "x10^6/L",
        ),
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


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_EXPONENT = re.compile("([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def mark_exponents(text: str) -> str:
    """Superscript digits as an exponent ("10⁹" -> "10^9"), before NFKC makes "109" of them."""
    return _EXPONENT.sub(lambda m: "^" + m.group(1).translate(_SUPERSCRIPTS), text)


def unit_key(text: str) -> str:
    """Comparison key of a unit spelling: width/case folded, spaces dropped, micro sign as 'u'.

    A superscript is an exponent ("10⁹/L", "/mm³"): it becomes "^9", never a plain digit
    (NFKC alone would turn "10⁹" into "109").
    """
    folded = unicodedata.normalize("NFKC", mark_exponents(text)).casefold()
    folded = folded.replace("μ", "u").replace("µ", "u").replace("×", "x")
    folded = "".join(ch for ch in folded if not ch.isspace())  # before matching "mm^3"
    return folded.replace("°", "deg").replace("**", "^").replace("mm^3", "mm3")


_BY_KEY: dict[str, Unit] = {
    unit_key(alias): unit for unit, aliases in UNIT_ALIASES.values() for alias in aliases
}

# Spellings whose letter case carries the meaning: SI "G" is giga, "g" gram. "G/L" is a count
# only for a term graded in counts; anywhere else it is g/L, as all-capitals exports write grams.
CASE_SENSITIVE_ALIASES: dict[str, tuple[str, ...]] = {"10^9/L": ("G/L", "G/l")}
_EXACT: dict[str, str] = {
    alias: name for name, aliases in CASE_SENSITIVE_ALIASES.items() for alias in aliases
}

KNOWN_UNITS: tuple[str, ...] = tuple(UNIT_ALIASES)


def parse_unit(text: str | None, allowed: Collection[str] | None = None) -> Unit | None:
    """The unit named by ``text``, or None when it is missing or not one the grader knows.

    ``allowed`` (the unit names of the term being graded) settles a spelling that means two
    units by its case: "G/L" is 10^9/L where 10^9/L is allowed, else g/L.
    """
    if text is None:
        return None
    exact = _EXACT.get("".join(unicodedata.normalize("NFKC", text).split()))
    if exact is not None and allowed is not None and exact in allowed:
        return UNIT_ALIASES[exact][0]
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


def split_quantity(value: object, field: str) -> tuple[Decimal | None, str | None]:
    """A number and the unit written after it ("1.2 mg/dL"), the unit named canonically
    (or kept as written when its case carries the meaning, "G/L"); None when not given.

    Why: a lab report may print the ULN in another unit than the value; saying so lets the
    grader convert it instead of silently comparing numbers in two units.
    """
    if not isinstance(value, str):
        return to_decimal(value, field), None
    text = unicodedata.normalize("NFKC", mark_exponents(value)).strip()
    found = _QUANTITY.match(text)
    if found is None or not found.group(2):
        return to_decimal(text, field), None
    spelling = found.group(2)
    unit = parse_unit(spelling)
    if unit is None:
        raise BadInputError(
            _("{field}: unit '{unit}' is not known; use one of: {units}").format(
                field=field, unit=spelling, units=", ".join(KNOWN_UNITS)
            )
        )
    named = "".join(spelling.split()) if "".join(spelling.split()) in _EXACT else unit.name
    return to_decimal(found.group(1), field), named


def to_quantity(value: object, field: str) -> tuple[Decimal | None, Unit | None]:
    """A number with an optional unit after it; the unit is None when not given."""
    number, spelling = split_quantity(value, field)
    return number, parse_unit(spelling)
