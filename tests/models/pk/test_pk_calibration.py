"""The shipped fitted values are the joint fit, and each stored refit is the fit without its source.

Rerunning the Nelder–Mead fits takes minutes (``lmdesk pk refit``); here each stored set is
checked to be a minimum of its own objective: moving any one parameter by 10 % either way
does not lower it. (The objective is not smooth — half-lives are read on a grid and a phase
counts only above 1 % of the exposure — so the fit ends with a coordinate search over exactly
those moves, and the values are stored at full precision.)
"""

from __future__ import annotations

import pytest

from lmdesk.models.pk import loso
from lmdesk.models.pk.sources import PkReference, refits_from
from lmdesk.models.pk.validation import ValidationCase

#: The stored values are the fit's own (full precision); only round-off may differ.
SLACK = 1e-9


def is_minimum(pk_ref: PkReference, values: dict[str, float], cases: list[ValidationCase]) -> None:
    phys, drugs, rule = pk_ref.physiology, pk_ref.drugs, pk_ref.transit
    at = loso.objective(values, phys, drugs, rule, cases)
    for name in loso.FITTED:
        for factor in (1 / 1.1, 1.1):  # the moves the fit's polish step rules out
            moved = dict(values)
            moved[name] = values[name] * factor
            if moved[name] == values[name] or (name in loso.SHARES and moved[name] >= 1.0):
                continue
            assert loso.objective(moved, phys, drugs, rule, cases) >= at - SLACK, (name, factor)


def test_shipped_values_are_the_joint_fit(pk_ref: PkReference) -> None:
    shipped = loso.current(pk_ref.physiology, pk_ref.drugs, pk_ref.transit)
    is_minimum(pk_ref, shipped, loso.calibration_set(pk_ref.cases, pk_ref.drugs))


def test_every_calibration_source_has_a_refit(pk_ref: PkReference) -> None:
    calib = loso.calibration_set(pk_ref.cases, pk_ref.drugs)
    assert set(pk_ref.refits) == {loso.primary_source(c) for c in calib}


@pytest.mark.parametrize("source", ["R21", "R27", "R300", "R7"])
def test_a_stored_refit_is_the_fit_without_its_source(pk_ref: PkReference, source: str) -> None:
    calib = loso.calibration_set(pk_ref.cases, pk_ref.drugs)
    kept = loso.without_source(calib, source)
    assert kept and all(loso.primary_source(c) != source for c in kept)
    assert len(kept) < len(calib)
    # the refit is taken from the calibration fit, so check it against the same inputs
    shipped = loso.current(pk_ref.physiology, pk_ref.drugs, pk_ref.transit)
    phys, drugs, rule = loso.apply(pk_ref.physiology, pk_ref.drugs, pk_ref.transit, shipped)
    ref = PkReference(
        pk_ref.physiology, pk_ref.variability, drugs, pk_ref.cases, pk_ref.comparators, rule
    )
    assert phys == pk_ref.physiology
    is_minimum(ref, pk_ref.refits[source], kept)


def test_leaving_a_source_out_changes_what_it_alone_pinned(pk_ref: PkReference) -> None:
    """Without [R7] the cytarabine clearance rests on the other cytarabine source only."""
    shipped = loso.current(pk_ref.physiology, pk_ref.drugs, pk_ref.transit)
    without = pk_ref.refits["R7"]
    assert without["cytarabine.clearance_ml_h"] != pytest.approx(
        shipped["cytarabine.clearance_ml_h"], rel=1e-3
    )


def test_apply_and_current_round_trip(pk_ref: PkReference) -> None:
    values = {name: 0.5 if name in ("spinal_absorption",) else 2.0 for name in loso.FITTED}
    values["appearance_fraction"] = 0.04
    phys, drugs, rule = loso.apply(pk_ref.physiology, pk_ref.drugs, pk_ref.transit, values)
    assert loso.current(phys, drugs, rule) == pytest.approx(values)
    # liposomal cytarabine releases plain cytarabine: it follows the fitted clearance
    assert drugs["liposomal-cytarabine"].clearance_ml_h.value == 2.0


def test_out_of_sample_uses_the_refit_of_the_cases_own_source(pk_ref: PkReference) -> None:
    held = loso.out_of_sample(
        list(pk_ref.cases), pk_ref.physiology, pk_ref.drugs, pk_ref.transit, pk_ref.refits
    )
    by_id = {o.result.case.id: o for o in held}
    assert by_id["V2-terminal"].left_out == "R21" and by_id["V2-terminal"].refit
    assert by_id["T-lp-cranial"].left_out == "R27" and by_id["T-lp-cranial"].refit
    # the label [R12] set no parameter: its prediction is the calibration fit's
    v6 = by_id["V6-terminal"]
    assert not v6.refit
    phys, drugs, rule = pk_ref.physiology, pk_ref.drugs, pk_ref.transit
    from lmdesk.models.pk.validation import evaluate

    assert v6.result.predicted == evaluate(v6.result.case, phys, drugs, rule).predicted


def test_a_refit_table_must_name_every_fitted_parameter() -> None:
    row = {"left_out": "R21", "values": dict.fromkeys(loso.FITTED[:-1], 1.0)}
    with pytest.raises(ValueError):
        refits_from([row])
    full = {"left_out": "R21", "values": dict.fromkeys(loso.FITTED, 0.5)}
    assert refits_from([full])["R21"]["reflux_ml_h"] == 0.5


def test_fit_finds_a_known_optimum_on_one_case(pk_ref: PkReference) -> None:
    """A real (small) fit: the topotecan clearance alone from its terminal half-life."""
    case = next(c for c in pk_ref.cases if c.id == "V10-terminal")
    target = case.model_copy(update={"observed": 2.0})
    values, value = loso.fit(pk_ref.physiology, pk_ref.drugs, pk_ref.transit, [target], rounds=2)
    phys, drugs, rule = loso.apply(pk_ref.physiology, pk_ref.drugs, pk_ref.transit, values)
    from lmdesk.models.pk.validation import evaluate

    # the weak pull toward the source-free guesses costs a little agreement, no more
    assert evaluate(target, phys, drugs, rule).predicted == pytest.approx(2.0, rel=0.1)
    start = loso.current(pk_ref.physiology, pk_ref.drugs, pk_ref.transit)
    assert value < loso.objective(start, pk_ref.physiology, pk_ref.drugs, pk_ref.transit, [target])
