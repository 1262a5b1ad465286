"""The CSF tumour-marker +/-35 % rule (Xu 2025 [R62], seed ref. [52]): exact at the boundary."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.response.csf import CsfFindings, MarkerValue, marker_key
from lmdesk.models.response.marker_change import THRESHOLD, compare_marker


def m(value: str, name: str = "CEA", unit: str = "ng/mL") -> MarkerValue:
    return MarkerValue(name=name, value=Decimal(value), unit=unit)


@pytest.mark.parametrize(
    ("baseline", "current", "call", "percent"),
    [
        ("10", "6.5", "predicts_response", "-35.0"),  # exactly -35 % counts
        ("10", "6.51", "within", "-34.9"),
        ("10", "13.5", "predicts_progression", "35.0"),  # exactly +35 % counts
        ("10", "13.49", "within", "34.9"),
        ("10", "10", "within", "0.0"),
        ("10", "0", "predicts_response", "-100.0"),
        ("3", "4.05", "predicts_progression", "35.0"),
        ("0.3", "0.195", "predicts_response", "-35.0"),
    ],
)
def test_calls_at_and_around_the_boundary(
    baseline: str, current: str, call: str, percent: str
) -> None:
    result = compare_marker(m(current), m(baseline))
    assert result.call == call
    assert str(result.change_percent) == percent
    assert result.citation == "R62"


def test_a_change_just_short_of_35_percent_never_shows_as_35() -> None:
    # 3 -> 1.950000001 is -34.99999996...%: within, and shown truncated, not rounded up
    result = compare_marker(m("1.950000001"), m("3"))
    assert result.call == "within"
    assert result.change_percent == Decimal("-34.9")


@pytest.mark.parametrize(
    ("baseline", "reason"),
    [
        (None, "no_baseline"),
        (m("0"), "baseline_zero"),
        (m("10", unit="ug/L"), "unit_differs"),
        (m("10", name="CYFRA21-1"), "different_marker"),
    ],
)
def test_no_call_without_a_usable_baseline(baseline: MarkerValue | None, reason: str) -> None:
    result = compare_marker(m("30"), baseline)
    assert result.call == "no_call"
    assert result.reason == reason
    assert result.change is None and result.change_percent is None


def test_names_match_whatever_the_case_width_or_spacing() -> None:
    assert marker_key("CEA") == marker_key(" cea ") == marker_key("ＣＥＡ")
    assert compare_marker(m("6", name="ｃｅａ"), m("10")).call == "predicts_response"


def test_units_are_compared_as_written_not_converted() -> None:
    assert compare_marker(m("6", unit="ng / mL"), m("10", unit="ng/mL")).call != "no_call"
    assert compare_marker(m("6", unit="ng/ml"), m("10", unit="ng/mL")).reason == "unit_differs"


def test_json_keeps_values_exact() -> None:
    data = compare_marker(m("6.50"), m("10.0")).as_json()
    assert data["value"] == "6.50" and data["baseline_value"] == "10.0"
    assert data["change_percent"] == "-35.0"
    assert data["source"] == ["R62", "seed-52"]


def test_a_marker_is_entered_once_per_assessment() -> None:
    with pytest.raises(ValueError, match="once"):
        CsfFindings(markers=(m("1"), m("2", name="cea")))
    with pytest.raises(ValueError, match="not measured"):
        CsfFindings(markers=(m("1"),), markers_not_measured=True)


@pytest.mark.parametrize("bad", ["-1", "NaN", "Infinity", "1e10"])
def test_impossible_values_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        MarkerValue(name="CEA", value=Decimal(bad), unit="ng/mL")


# -- properties ------------------------------------------------------------------------------

values = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=3, allow_nan=False)
positive = values.filter(lambda v: v > 0)


@given(baseline=positive, current=values)
def test_the_call_is_the_exact_35_percent_rule(baseline: Decimal, current: Decimal) -> None:
    result = compare_marker(m(str(current)), m(str(baseline)))
    # integer cross-multiplication: the rule without any division
    if 100 * (current - baseline) <= -35 * baseline:
        assert result.call == "predicts_response"
    elif 100 * (current - baseline) >= 35 * baseline:
        assert result.call == "predicts_progression"
    else:
        assert result.call == "within"
    assert result.change == (Fraction(current) - Fraction(baseline)) / Fraction(baseline)


@given(baseline=positive, current=values)
def test_the_shown_percent_never_crosses_the_threshold(baseline: Decimal, current: Decimal) -> None:
    result = compare_marker(m(str(current)), m(str(baseline)))
    assert result.change_percent is not None
    shown = abs(result.change_percent)
    if result.call == "within":
        assert shown < 35
    else:
        assert shown >= 35


@given(baseline=positive, current=values, scale=st.integers(min_value=1, max_value=1000))
def test_the_call_does_not_depend_on_the_scale(
    baseline: Decimal, current: Decimal, scale: int
) -> None:
    a = compare_marker(m(str(current)), m(str(baseline)))
    b = compare_marker(m(str(current * scale)), m(str(baseline * scale)))
    assert a.call == b.call and a.change == b.change


@given(baseline=positive, low=values, high=values)
def test_a_higher_value_never_calls_less_progression(
    baseline: Decimal, low: Decimal, high: Decimal
) -> None:
    low, high = min(low, high), max(low, high)
    order = {"predicts_response": 0, "within": 1, "predicts_progression": 2}
    a = compare_marker(m(str(low)), m(str(baseline))).call
    b = compare_marker(m(str(high)), m(str(baseline))).call
    assert order[a] <= order[b]


def test_threshold_is_exactly_35_percent() -> None:
    assert Fraction(35, 100) == THRESHOLD
