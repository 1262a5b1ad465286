"""Exposure metrics: Cmax/Tmax, AUC, troughs, time above threshold, accumulation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.pk.metrics import compute_metrics, time_above
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
from lmdesk.models.pk.solver import concentrations_at
from lmdesk.models.pk.sources import PkReference


def test_time_above_interpolates_crossings() -> None:
    values = np.array([0.0, 2.0, 2.0, 0.0])
    assert time_above(values, 1.0, 1.0) == pytest.approx(0.5 + 1.0 + 0.5)
    assert time_above(values, 1.0, 3.0) == 0.0
    assert time_above(np.array([5.0]), 1.0, 1.0) == 0.0


@given(level=st.floats(0.01, 100.0), n=st.integers(2, 200), step=st.floats(0.01, 2.0))
def test_time_above_a_constant_curve_is_all_or_nothing(level: float, n: int, step: float) -> None:
    values = np.full(n, level)
    assert time_above(values, step, level * 0.5) == pytest.approx((n - 1) * step)
    assert time_above(values, step, level * 2.0) == 0.0


def test_single_dose_metrics(pk_ref: PkReference, mtx_model: PkModel) -> None:
    curves = simulate(mtx_model, make_doses("ommaya", [0.0], [12.0]), 48.0)
    threshold = pk_ref.drugs["methotrexate"].threshold_mg_l()
    assert threshold == pytest.approx(0.45445)
    metrics = compute_metrics(mtx_model.system(), curves, threshold)
    vent, lumbar = metrics["ventricular"], metrics["lumbar"]
    assert vent.cmax == pytest.approx(480.0)
    assert vent.tmax_h == 0.0
    assert lumbar.tmax_h > 1.0
    assert vent.intervals[0].trough is None
    assert vent.accumulation_cmax is None
    assert vent.time_above_threshold_h is not None
    # above threshold until the curve falls below it, and never again for one dose
    above = curves.conc_mg_l[0] >= threshold
    last = curves.times_h[np.nonzero(above)[0][-1]]
    assert vent.time_above_threshold_h == pytest.approx(last, abs=2 * curves.step_h)


def test_course_metrics_troughs_and_accumulation(mtx_model: PkModel) -> None:
    times = [0.0, 12.0, 24.0, 36.0]
    doses = make_doses("lp", times, [12.0])
    curves = simulate(mtx_model, doses, 48.0)
    metrics = compute_metrics(mtx_model.system(), curves, 0.45)
    lumbar = metrics["lumbar"]
    assert len(lumbar.intervals) == 4
    system = mtx_model.system()
    for interval, t_next in zip(lumbar.intervals, times[1:], strict=False):
        just_before = concentrations_at(system, doses, np.array([t_next - 1e-9]))[4, 0]
        assert interval.trough == pytest.approx(just_before, rel=1e-6)
    assert lumbar.intervals[-1].trough is None
    assert lumbar.accumulation_cmax is not None and lumbar.accumulation_cmax > 1.0
    assert lumbar.accumulation_auc is not None and lumbar.accumulation_auc > 1.0
    assert sum(i.auc for i in lumbar.intervals) == pytest.approx(lumbar.auc, rel=1e-9)
    per_interval = sum(i.time_above_h or 0.0 for i in lumbar.intervals)
    assert per_interval == pytest.approx(lumbar.time_above_threshold_h, abs=0.05)


def test_no_threshold_means_no_time_above(pk_ref: PkReference) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs["pemetrexed"])
    assert pk_ref.drugs["pemetrexed"].threshold_mg_l() is None
    curves = simulate(model, make_doses("lp", [0.0], [10.0]), 24.0)
    metrics = compute_metrics(model.system(), curves, None)
    assert metrics["lumbar"].time_above_threshold_h is None
    assert metrics["lumbar"].intervals[0].time_above_h is None
