"""The calibrated parameters are what the stated fit gives (rounded), so each "fit to" holds."""

from __future__ import annotations

import math

import pytest

from lmdesk.models.pk import calibration as cal
from lmdesk.models.pk.sources import PkReference
from lmdesk.models.pk.validation import ValidationCase


def case(pk_ref: PkReference, case_id: str) -> ValidationCase:
    return next(c for c in pk_ref.cases if c.id == case_id)


def test_mixing_flows_and_appearance_level_are_the_transit_fit(pk_ref: PkReference) -> None:
    fit = cal.fit_transit(pk_ref.physiology, pk_ref.transit, list(pk_ref.cases))
    phys = pk_ref.physiology
    shipped = (
        phys.exchange_ml_h.value,
        phys.reflux_ml_h.value,
        phys.sac_exchange_ml_h.value,
        pk_ref.transit.appearance_fraction.value,
    )
    fitted = (fit.exchange_ml_h, fit.reflux_ml_h, fit.sac_exchange_ml_h, fit.appearance_fraction)
    for name, ours, best in zip(cal.TRANSIT_PARAMETERS, shipped, fitted, strict=True):
        assert ours == pytest.approx(best, rel=0.05), name
    transit = [c for c in pk_ref.cases if c.kind == "transit"]
    at_shipped = cal.transit_objective(phys, shipped[3], transit)
    assert at_shipped <= fit.objective + 0.02  # rounding costs next to nothing
    for name in ("exchange_ml_h", "reflux_ml_h", "sac_exchange_ml_h"):
        cited = getattr(phys, name)
        assert cited.source == ("R27",) and not cited.confirmed


def test_methotrexate_tissue_exchange_is_the_fit_to_v2(pk_ref: PkReference) -> None:
    drug = pk_ref.drugs["methotrexate"]
    assert drug.tissue is not None
    best = cal.fit_terminal_half_life(
        pk_ref.physiology, cal.tissue_exchange_for(drug), case(pk_ref, "V2-terminal"), 1.0
    )
    assert drug.tissue.exchange_ml_h.value == pytest.approx(best, rel=0.05)
    assert "V2" in drug.tissue.exchange_ml_h.derivation


def test_topotecan_clearance_is_the_fit_to_v10(pk_ref: PkReference) -> None:
    drug = pk_ref.drugs["topotecan"]
    best = cal.fit_terminal_half_life(
        pk_ref.physiology, cal.clearance_for(drug), case(pk_ref, "V10-terminal"), 10.0
    )
    assert drug.clearance_ml_h.value == pytest.approx(best, rel=0.02)


def test_computed_parameters_follow_from_their_sources(pk_ref: PkReference) -> None:
    phys = pk_ref.physiology
    cytarabine = pk_ref.drugs["cytarabine"]
    assert cytarabine.clearance_ml_h.value == pytest.approx(
        0.42 * 60 - phys.production_ml_h.value
    )  # [R7] minus bulk flow [R83]
    depot = pk_ref.drugs["liposomal-cytarabine"].depot
    assert depot is not None
    washout = math.log(2) * phys.total_ml() / (0.24 * 60)  # 150 mL [R82], 0.24 mL/min [R12]
    assert depot.suspended_half_life_h.value == pytest.approx(washout, abs=0.05)
    assert depot.release_half_life_h.value == pytest.approx(math.sqrt(100 * 263), abs=0.5)


def test_nelder_mead_finds_a_known_minimum() -> None:
    point, value = cal.nelder_mead(lambda p: float((p[0] - 2) ** 2 + 3 * (p[1] + 1) ** 2), [0, 0])
    assert point == pytest.approx([2.0, -1.0], abs=1e-4)
    assert value == pytest.approx(0.0, abs=1e-8)
