"""Properties of the metrics that must hold for any dose, schedule and threshold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.pk.metrics import compute_metrics
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
from lmdesk.models.pk.sources import PkReference

schedules = st.lists(st.floats(0.0, 96.0), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None)
@given(times=schedules, dose=st.floats(0.5, 15.0), route=st.sampled_from(["lp", "ommaya"]))
def test_auc_and_cmax_scale_with_dose(pk_ref: PkReference, times, dose, route) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs["cytarabine"])
    system = model.system()
    one = compute_metrics(
        system, simulate(model, make_doses(route, times, [1.0]), 120.0, 0.1), None
    )
    many = compute_metrics(
        system, simulate(model, make_doses(route, times, [dose]), 120.0, 0.1), None
    )
    for name in one:
        assert many[name].auc == pytest.approx(dose * one[name].auc, rel=1e-9, abs=1e-12)
        assert many[name].cmax == pytest.approx(dose * one[name].cmax, rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(times=schedules, low=st.floats(0.01, 10.0), factor=st.floats(1.0, 100.0))
def test_time_above_shrinks_as_the_threshold_rises(pk_ref: PkReference, times, low, factor) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs["methotrexate"])
    curves = simulate(model, make_doses("lp", times, [12.0]), 120.0, 0.1)
    system = model.system()
    at_low = compute_metrics(system, curves, low)
    at_high = compute_metrics(system, curves, low * factor)
    for name in at_low:
        assert at_high[name].time_above_threshold_h <= at_low[name].time_above_threshold_h + 1e-9
        assert 0.0 <= at_low[name].time_above_threshold_h <= 120.0


@settings(max_examples=25, deadline=None)
@given(times=schedules)
def test_interval_aucs_add_up_and_peaks_bound_troughs(pk_ref: PkReference, times) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs["methotrexate"])
    metrics = compute_metrics(
        model.system(), simulate(model, make_doses("ommaya", times, [12.0]), 120.0, 0.1), 0.45
    )
    for m in metrics.values():
        assert sum(i.auc for i in m.intervals) == pytest.approx(m.auc, rel=1e-9)
        assert m.cmax >= max(i.cmax for i in m.intervals) - 1e-12
        for i in m.intervals:
            assert i.trough is None or i.trough <= m.cmax + 1e-9
