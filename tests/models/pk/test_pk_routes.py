"""Where the dose goes decides the curves: Ommaya -> ventricles first, LP -> lumbar sac first."""

from __future__ import annotations

import numpy as np
import pytest

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.compartments import COMPARTMENTS, compartment_index
from lmdesk.models.pk.parameters import Obstruction
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate
from lmdesk.models.pk.sources import PkReference
from lmdesk.models.pk.units import mg_l_to_umol_l, to_mg_l


def peaks(model: PkModel, route: str) -> dict[str, tuple[float, float]]:
    curves = simulate(model, make_doses(route, [0.0], [12.0]), 48.0)
    return {
        name: (
            float(curves.conc_mg_l[i].max()),
            float(curves.times_h[curves.conc_mg_l[i].argmax()]),
        )
        for i, name in enumerate(COMPARTMENTS)
    }


def test_ommaya_ventricular_peak_is_higher_and_earlier_than_lumbar(mtx_model: PkModel) -> None:
    p = peaks(mtx_model, "ommaya")
    assert p["ventricular"][0] > p["lumbar"][0]
    assert p["lumbar"][1] > p["ventricular"][1]


def test_lp_lumbar_peak_is_higher_and_earlier_than_ventricular(mtx_model: PkModel) -> None:
    p = peaks(mtx_model, "lp")
    assert p["lumbar"][0] > p["ventricular"][0]
    assert p["ventricular"][1] > p["lumbar"][1]


def test_lp_reaches_the_ventricles_far_less_than_ommaya(mtx_model: PkModel) -> None:
    """Radionuclide given by LP reaches the ventricles only at ~24 h [R27]."""
    assert (
        peaks(mtx_model, "lp")["ventricular"][0]
        < 0.05 * peaks(mtx_model, "ommaya")["ventricular"][0]
    )


def test_spinal_block_keeps_an_lp_dose_in_the_lumbar_sac(pk_ref: PkReference) -> None:
    open_flow = PkModel(pk_ref.physiology, pk_ref.drugs["methotrexate"])
    blocked = PkModel(
        pk_ref.physiology, pk_ref.drugs["methotrexate"], Obstruction(flow_fraction=0.1)
    )
    doses = make_doses("lp", [0.0], [12.0])
    a = simulate(open_flow, doses, 48.0)
    b = simulate(blocked, doses, 48.0)
    cranial = compartment_index("cranial")
    lumbar = compartment_index("lumbar")
    assert b.conc_mg_l[cranial].max() < 0.5 * a.conc_mg_l[cranial].max()
    assert b.conc_mg_l[lumbar, -1] > 2.0 * a.conc_mg_l[lumbar, -1]


def test_skull_base_block_changes_ventricular_clearance(pk_ref: PkReference) -> None:
    drug = pk_ref.drugs["methotrexate"]
    normal = simulate(PkModel(pk_ref.physiology, drug), make_doses("ommaya", [0.0], [12.0]), 24.0)
    blocked = simulate(
        PkModel(pk_ref.physiology, drug, Obstruction(flow_fraction=0.2, site="skull_base")),
        make_doses("ommaya", [0.0], [12.0]),
        24.0,
    )
    lumbar = compartment_index("lumbar")
    assert blocked.conc_mg_l[lumbar].max() < 0.5 * normal.conc_mg_l[lumbar].max()


def test_larger_dose_scales_curves_linearly(mtx_model: PkModel) -> None:
    a = simulate(mtx_model, make_doses("lp", [0.0], [6.0]), 24.0)
    b = simulate(mtx_model, make_doses("lp", [0.0], [12.0]), 24.0)
    np.testing.assert_allclose(b.conc_mg_l, 2.0 * a.conc_mg_l, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("route", "times", "doses"),
    [
        ("iv", [0.0], [12.0]),
        ("lp", [], [12.0]),
        ("lp", [-1.0], [12.0]),
        ("lp", [0.0], [0.0]),
        ("lp", [0.0, 1.0], [1.0, 2.0, 3.0]),
        ("lp", [float("nan")], [1.0]),
    ],
)
def test_bad_doses_are_refused(route: str, times: list[float], doses: list[float]) -> None:
    with pytest.raises(BadInputError):
        make_doses(route, times, doses)


def test_methotrexate_unit_conversion_matches_reference() -> None:
    """1 µM MTX = 0.454 µg/mL (regimens_pk.md reading rules)."""
    assert to_mg_l(1.0, "µmol/L", 454.45) == pytest.approx(0.454, abs=5e-4)
    assert float(mg_l_to_umol_l(0.454, 454.45)) == pytest.approx(1.0, abs=2e-3)
    assert to_mg_l(1.0, "µg/mL", 243.22) == 1.0
    assert to_mg_l(4.11, "umol/L", 243.22) == pytest.approx(1.0, abs=2e-3)
    with pytest.raises(BadInputError):
        to_mg_l(1.0, "mg/dL", 243.22)


@pytest.mark.parametrize("site", ["spinal", "skull_base"])
def test_tiny_flow_fraction_is_a_closed_edge_not_an_error(pk_ref: PkReference, site: str) -> None:
    """Found by hypothesis: 5e-324 underflowed on one side of an edge only."""
    model = PkModel(
        pk_ref.physiology,
        pk_ref.drugs["methotrexate"],
        Obstruction(flow_fraction=5e-324, site=site),
    )
    curves = simulate(model, make_doses("ommaya", [0.0], [12.0]), 2.0)
    assert np.all(np.isfinite(curves.conc_mg_l))
