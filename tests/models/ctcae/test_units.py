"""Unit spellings and exact number parsing, with property tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.ctcae.units import KNOWN_UNITS, UNIT_ALIASES, parse_unit, to_decimal

ALIASES = [(name, alias) for name, (_, aliases) in UNIT_ALIASES.items() for alias in aliases]


def _respell(alias: str, flips: list[bool], spaces: list[bool]) -> str:
    out = []
    for index, ch in enumerate(alias):
        flip = flips[index % len(flips)] if flips else False
        out.append(ch.swapcase() if flip else ch)
        if spaces and spaces[index % len(spaces)]:
            out.append(" ")
    return "".join(out)


@given(
    st.sampled_from(ALIASES),
    st.lists(st.booleans(), max_size=8),
    st.lists(st.booleans(), max_size=8),
)
def test_any_case_and_spacing_names_the_same_unit(
    pair: tuple[str, str], flips: list[bool], spaces: list[bool]
) -> None:
    name, alias = pair
    unit = parse_unit(_respell(alias, flips, spaces))
    assert unit is not None and unit.name == name


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz/^0123456789", max_size=8))
def test_unknown_text_is_never_a_unit_unless_an_alias(text: str) -> None:
    found = parse_unit(text)
    keys = {alias.replace(" ", "").casefold() for _, alias in ALIASES}
    if text.casefold().replace(" ", "") not in keys:
        assert found is None


def test_known_units_cover_the_issue_list() -> None:
    wanted = [
        "10^9/L",
        "10^3/uL",
        "/mm3",
        "g/L",
        "g/dL",
        "mmol/L",
        "umol/L",
        "mg/dL",
        "U/L",
        "degC",
        "degF",
    ]
    assert all(parse_unit(u) is not None for u in wanted)
    assert set(wanted) <= set(KNOWN_UNITS)


def test_missing_unit() -> None:
    assert parse_unit(None) is None


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=4))
def test_decimal_text_round_trips_exactly(value: Decimal) -> None:
    assert to_decimal(str(value), "value") == value


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_float_is_read_by_its_repr(value: float) -> None:
    assert to_decimal(value, "value") == Decimal(repr(value))
