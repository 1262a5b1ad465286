"""The exact solver against an independent matrix exponential, mass balance and superposition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.pk.compartments import (
    LUMBAR,
    VENTRICULAR,
    rate_matrices,
    rate_matrix,
)
from lmdesk.models.pk.parameters import Obstruction
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
from lmdesk.models.pk.solver import (
    Doses,
    auc_between,
    concentrations_at,
    decompose,
    grid_concentrations,
)
from lmdesk.models.pk.sources import PkReference


def expm_taylor(a: np.ndarray) -> np.ndarray:
    """Reference matrix exponential by scaling and squaring of a Taylor series."""
    norm = np.abs(a).sum(axis=1).max()
    squarings = max(0, int(np.ceil(np.log2(max(norm, 1e-12)))) + 4)
    scaled = a / 2.0**squarings
    term = np.eye(len(a))
    total = np.eye(len(a))
    for k in range(1, 30):
        term = term @ scaled / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def test_modal_solution_equals_matrix_exponential(mtx_model: PkModel) -> None:
    k = rate_matrix(mtx_model.physiology, mtx_model.drug, mtx_model.obstruction)
    volumes = np.asarray(mtx_model.physiology.volumes())
    system = mtx_model.system()
    doses = Doses.of([0.0], [12.0], [LUMBAR])
    for t in (0.1, 1.0, 7.5, 30.0):
        amounts = expm_taylor(k * t) @ (np.eye(5)[LUMBAR] * 12.0)
        expected = amounts / volumes * 1000.0
        got = concentrations_at(system, doses, np.array([t]))[:, 0]
        np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-10)


def test_injection_puts_whole_dose_in_target_compartment(mtx_model: PkModel) -> None:
    curves = simulate(mtx_model, make_doses("ommaya", [0.0], [12.0]), 1.0)
    assert curves.conc_mg_l[VENTRICULAR, 0] == pytest.approx(12.0 / 25.0 * 1000.0)
    assert curves.conc_mg_l[LUMBAR, 0] == pytest.approx(0.0, abs=1e-9)


def test_amount_is_conserved_without_any_way_out(pk_ref: PkReference) -> None:
    """LP dose behind a complete spinal block, drug without own clearance: nothing leaves."""
    model = PkModel(
        pk_ref.physiology,
        pk_ref.drugs["methotrexate"],
        Obstruction(flow_fraction=0.0, site="spinal"),
    )
    curves = simulate(model, make_doses("lp", [0.0], [10.0]), 48.0, 0.5)
    volumes = np.asarray(pk_ref.physiology.volumes())
    amounts = (curves.conc_mg_l * volumes[:, None] / 1000.0).sum(axis=0)
    np.testing.assert_allclose(amounts, 10.0, rtol=1e-9)


def test_two_doses_are_the_sum_of_two_single_doses(mtx_model: PkModel) -> None:
    both = simulate(mtx_model, make_doses("lp", [0.0, 30.0], [12.0, 8.0]), 72.0)
    first = simulate(mtx_model, make_doses("lp", [0.0], [12.0]), 72.0)
    second = simulate(mtx_model, make_doses("lp", [0.0], [8.0]), 72.0)
    shifted = np.zeros_like(second.conc_mg_l)
    shift = round(30.0 / both.step_h)
    shifted[:, shift:] = second.conc_mg_l[:, :-shift]
    np.testing.assert_allclose(both.conc_mg_l, first.conc_mg_l + shifted, rtol=1e-9, atol=1e-9)


def test_grid_matches_pointwise_evaluation_for_off_grid_doses(mtx_model: PkModel) -> None:
    doses = make_doses("ommaya", [0.37, 12.71, 49.05], [12.0])
    system = mtx_model.system()
    grid = grid_concentrations(system, doses, 0.25, 400)
    points = concentrations_at(system, doses, np.arange(400) * 0.25)
    np.testing.assert_allclose(grid, points, rtol=1e-9, atol=1e-12)


def test_exact_auc_matches_fine_trapezoid(mtx_model: PkModel) -> None:
    doses = make_doses("lp", [0.0, 24.0], [12.0])
    curves = simulate(mtx_model, doses, 72.0, 1.0 / 3600.0 * 10)
    trapezoid = np.trapezoid(curves.conc_mg_l, curves.times_h, axis=1)
    exact = auc_between(mtx_model.system(), doses, 0.0, 72.0)
    np.testing.assert_allclose(exact, trapezoid, rtol=2e-3)


def test_one_sided_edge_is_rejected() -> None:
    k = np.array([[-1.0, 0.0], [1.0, -0.5]])
    with pytest.raises(ValueError, match="both directions"):
        decompose(k, np.array([1.0, 1.0]))


@settings(max_examples=40, deadline=None)
@given(
    scale=st.lists(st.floats(0.2, 5.0), min_size=5, max_size=5),
    q=st.floats(1.0, 60.0),
    x=st.floats(0.5, 200.0),
    r=st.floats(0.1, 20.0),
    cl=st.floats(0.0, 50.0),
    fraction=st.floats(0.0, 1.0),
    site=st.sampled_from(["spinal", "skull_base"]),
    target=st.sampled_from([VENTRICULAR, LUMBAR]),
)
def test_concentrations_stay_non_negative_and_amount_never_grows(
    scale: list[float],
    q: float,
    x: float,
    r: float,
    cl: float,
    fraction: float,
    site: str,
    target: int,
) -> None:
    volumes = np.array([25.0, 50.0, 25.0, 25.0, 25.0]) * np.array(scale)
    obstruction = Obstruction(flow_fraction=fraction, site=site)  # type: ignore[arg-type]
    k = rate_matrices(volumes, np.array(q), np.array(x), np.array(r), np.array(cl), obstruction)
    system = decompose(k, volumes)
    doses = Doses.of([0.0], [5.0], [target])
    conc = grid_concentrations(system, doses, 0.5, 200)
    assert np.all(conc >= 0.0)
    amounts = (conc * volumes[:, None] / 1000.0).sum(axis=0)
    assert amounts[0] == pytest.approx(5.0)
    assert np.all(np.diff(amounts) <= 1e-9)
