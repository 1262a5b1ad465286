"""The plot's rounded y limits: always above the data, never absurdly far."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lmdesk.views.pk.plot_widget import nice_ceiling


@given(st.floats(1e-9, 1e9))
def test_nice_ceiling_is_a_close_round_bound(value: float) -> None:
    top = nice_ceiling(value)
    assert value <= top <= 2.5 * value * (1 + 1e-12)
    mantissa = top / 10 ** int(f"{top:e}".split("e")[1])
    assert round(mantissa, 9) in (1.0, 2.0, 5.0, 10.0)


def test_what_if_keeps_the_axes_when_the_range_does_not_change(make_view) -> None:
    view = make_view()
    before = view.plot._range
    view.controls.dose.setValue(11.5)
    assert view.plot._range == before  # same rounded limits: no axis redraw
