"""Argument parsers of ``lmdesk pk``: accept what they should, refuse the rest with one line."""

from __future__ import annotations

import argparse
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.cli.pk import fraction, hour_list


@given(st.lists(st.floats(0, 1e5, allow_nan=False), min_size=1, max_size=20))
def test_hour_list_round_trips(values: list[float]) -> None:
    text = ",".join(repr(v) for v in values)
    assert hour_list(text) == values


@given(st.text(alphabet="0123456789,.-xe ", max_size=20))
def test_hour_list_accepts_or_refuses_cleanly(text: str) -> None:
    try:
        values = hour_list(text)
    except argparse.ArgumentTypeError:
        return
    assert values and all(math.isfinite(v) and v >= 0 for v in values)


@pytest.mark.parametrize("text", ["", ",", "-1", "1,-2", "nan", "inf", "a"])
def test_hour_list_refuses(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        hour_list(text)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_fraction_only_between_zero_and_one(value: float) -> None:
    if 0.0 <= value <= 1.0:
        assert fraction(repr(value)) == value
    else:
        with pytest.raises(argparse.ArgumentTypeError):
            fraction(repr(value))
