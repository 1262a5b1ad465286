"""The exact solver against an independent matrix exponential, mass balance and superposition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.pk.compartments import (
    INJECTION_TANK,
    LUMBAR,
    SAC,
    VENTRICULAR,
    CsfNetwork,
    network,
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
from lmdesk.models.pk.validation import tracer


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


def region_conc(net: CsfNetwork, amounts: np.ndarray) -> np.ndarray:
    return net.regions @ (amounts / net.tank_ml) * 1000.0


@pytest.mark.parametrize("drug_id", ["methotrexate", "cytarabine"])  # with and without tissue
@pytest.mark.parametrize("region", [VENTRICULAR, LUMBAR])
def test_modal_solution_equals_matrix_exponential(
    pk_ref: PkReference, drug_id: str, region: int
) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs[drug_id])
    net = model.network()
    system = model.system()
    doses = Doses.of([0.0], [12.0], [region])
    start = np.zeros(net.k.shape[0])
    start[INJECTION_TANK[region]] = 12.0
    for t in (0.1, 1.0, 7.5, 30.0):
        expected = region_conc(net, expm_taylor(net.k * t) @ start)
        got = concentrations_at(system, doses, np.array([t]))[:, 0]
        np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("region", [VENTRICULAR, LUMBAR])
def test_depot_modes_equal_the_matrix_exponential_of_free_drug_plus_particles(
    pk_ref: PkReference, region: int
) -> None:
    """Particle pools appended to the free system as states: the exact reference solution."""
    drug = pk_ref.drugs["liposomal-cytarabine"]
    assert drug.depot is not None
    model = PkModel(pk_ref.physiology, drug)
    net = model.network()
    n = net.k.shape[0]
    pools = drug.depot.pools()
    big = np.zeros((n + len(pools), n + len(pools)))
    big[:n, :n] = net.k
    tank = INJECTION_TANK[region]
    start = np.zeros(n + len(pools))
    for p, (fraction, decay, release) in enumerate(pools):
        big[n + p, n + p] = -decay
        big[tank, n + p] = release
        start[n + p] = 50.0 * fraction
    system = model.system()
    doses = Doses.of([0.0], [50.0], [region])
    for t in (0.5, 3.0, 24.0, 200.0):
        expected = region_conc(net, (expm_taylor(big * t) @ start)[:n])
        got = concentrations_at(system, doses, np.array([t]))[:, 0]
        np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-9)


def test_depot_dose_starts_with_no_free_drug(pk_ref: PkReference) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs["liposomal-cytarabine"])
    curves = simulate(model, make_doses("lp", [0.0], [50.0]), 2.0)
    assert np.all(curves.conc_mg_l[:, 0] == pytest.approx(0.0, abs=1e-9))
    assert curves.conc_mg_l[LUMBAR, -1] > 1.0


def test_injection_puts_whole_dose_in_target_compartment(mtx_model: PkModel) -> None:
    curves = simulate(mtx_model, make_doses("ommaya", [0.0], [12.0]), 1.0)
    assert curves.conc_mg_l[VENTRICULAR, 0] == pytest.approx(12.0 / 25.0 * 1000.0)
    assert curves.conc_mg_l[LUMBAR, 0] == pytest.approx(0.0, abs=1e-9)
    lp = simulate(mtx_model, make_doses("lp", [0.0], [12.0]), 1.0)
    # the LP dose is in the sac: the lumbar region's mean is dose / lumbar volume
    assert lp.conc_mg_l[LUMBAR, 0] == pytest.approx(12.0 / 25.0 * 1000.0)


def test_amount_is_conserved_without_any_way_out(pk_ref: PkReference) -> None:
    """LP dose behind a complete spinal block, solute without own clearance: nothing leaves."""
    model = PkModel(pk_ref.physiology, tracer(), Obstruction(flow_fraction=0.0, site="spinal"))
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


@pytest.mark.parametrize("drug_id", ["methotrexate", "liposomal-cytarabine"])
def test_exact_auc_matches_fine_trapezoid(pk_ref: PkReference, drug_id: str) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs[drug_id])
    doses = make_doses("lp", [0.0, 24.0], [12.0])
    curves = simulate(model, doses, 72.0, 1.0 / 3600.0 * 10)
    trapezoid = np.trapezoid(curves.conc_mg_l, curves.times_h, axis=1)
    exact = auc_between(model.system(), doses, 0.0, 72.0)
    np.testing.assert_allclose(exact, trapezoid, rtol=2e-3)


def test_one_sided_edge_is_rejected() -> None:
    k = np.array([[-1.0, 0.0], [1.0, -0.5]])
    ones = np.ones(2)
    net = CsfNetwork(k=k, tank_ml=ones, sym=ones, regions=np.eye(2))
    with pytest.raises(ValueError, match="both"):
        decompose(net)


@settings(max_examples=40, deadline=None)
@given(
    scale=st.lists(st.floats(0.2, 5.0), min_size=5, max_size=5),
    q=st.floats(1.0, 60.0),
    x=st.floats(0.5, 600.0),
    r=st.floats(0.1, 20.0),
    xs=st.floats(0.1, 50.0),
    sac=st.floats(0.1, 0.9),
    cl=st.floats(0.0, 50.0),
    tissue=st.one_of(st.none(), st.tuples(st.floats(1.0, 200.0), st.floats(0.01, 50.0))),
    fraction=st.floats(0.0, 1.0),
    site=st.sampled_from(["spinal", "skull_base"]),
    target=st.sampled_from([VENTRICULAR, LUMBAR]),
    phi=st.floats(0.0, 0.99),
)
def test_concentrations_stay_non_negative_and_amount_never_grows(
    scale: list[float],
    q: float,
    x: float,
    r: float,
    xs: float,
    sac: float,
    cl: float,
    tissue: tuple[float, float] | None,
    fraction: float,
    site: str,
    target: int,
    phi: float,
) -> None:
    volumes = np.array([25.0, 50.0, 25.0, 25.0, 25.0]) * np.array(scale)
    obstruction = Obstruction(flow_fraction=fraction, site=site)  # type: ignore[arg-type]
    net = network(
        volumes,
        np.array(q),
        np.array(x),
        np.array(r),
        np.array(xs),
        sac,
        np.array(cl),
        obstruction,
        None if tissue is None else (np.array(tissue[0]), np.array(tissue[1])),
        phi,
    )
    system = decompose(net)  # net flow down the canal: still symmetrisable (a tree)
    doses = Doses.of([0.0], [5.0], [target])
    conc = grid_concentrations(system, doses, 0.5, 200)
    assert np.all(conc >= 0.0)
    start = np.zeros(net.k.shape[0])
    start[INJECTION_TANK[target]] = 5.0
    totals = [float((expm_taylor(net.k * t) @ start).sum()) for t in (0.0, 1.0, 5.0, 30.0)]
    assert totals[0] == pytest.approx(5.0)
    assert np.all(np.diff(totals) <= 1e-9)
    assert INJECTION_TANK[LUMBAR] == SAC


@pytest.mark.parametrize("phi", [0.0, 0.5, 0.95])
def test_spinal_absorption_matches_the_matrix_exponential(pk_ref: PkReference, phi: float) -> None:
    """Net flow down the canal (absorption along it) keeps the modal solution exact."""
    phys = pk_ref.physiology
    spinal = phys.spinal_absorption.model_copy(update={"value": phi})
    model = PkModel(
        phys.model_copy(update={"spinal_absorption": spinal}), pk_ref.drugs["methotrexate"]
    )
    net = model.network()
    system = model.system()
    start = np.zeros(net.k.shape[0])
    start[INJECTION_TANK[LUMBAR]] = 12.0
    for t in (0.5, 6.0, 48.0):
        expected = region_conc(net, expm_taylor(net.k * t) @ start)
        got = concentrations_at(system, Doses.of([0.0], [12.0], [LUMBAR]), np.array([t]))[:, 0]
        np.testing.assert_allclose(got, expected, rtol=1e-8, atol=1e-10)


def test_what_absorption_along_the_neuraxis_can_and_cannot_change(pk_ref: PkReference) -> None:
    """Mass balance: a solute that leaves only with the CSF, injected where the CSF is made
    (Ommaya), has AUC = dose / production in every space wherever the CSF is absorbed, so
    no ventricle-to-lumbar gradient can come from absorption alone; a drug's own clearance
    makes one. After an LP, spinal absorption takes up drug before it reaches the head."""
    phys = pk_ref.physiology

    def aucs(phi: float, drug_id: str | None, route: str) -> np.ndarray:
        spinal = phys.spinal_absorption.model_copy(update={"value": phi})
        drug = tracer() if drug_id is None else pk_ref.drugs[drug_id]
        model = PkModel(phys.model_copy(update={"spinal_absorption": spinal}), drug)
        return auc_between(model.system(), make_doses(route, [0.0], [1.0]), 0.0, 3000.0)

    q = phys.production_ml_h.value
    for phi in (0.0, 0.5, 0.95):
        np.testing.assert_allclose(aucs(phi, None, "ommaya"), 1000.0 / q, rtol=1e-6)
    graded = aucs(0.5, "topotecan", "ommaya")
    assert graded[0] > graded[1] > graded[2] > graded[3] > graded[4]
    cranial_only, along = aucs(0.0, None, "lp"), aucs(0.5, None, "lp")
    assert along[1] < 0.8 * cranial_only[1] and along[0] < 0.8 * cranial_only[0]
