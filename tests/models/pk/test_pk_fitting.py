"""MAP fit: recovers known multipliers from noisy simulated levels; the prior holds without data."""

from __future__ import annotations

import numpy as np
import pytest

from lmdesk.models.errors import BadInputError
from lmdesk.models.pk.fitting import (
    Measurement,
    fit_map,
    fitted_band,
    fitted_parameters,
    individual_curves,
)
from lmdesk.models.pk.population import PARAMETERS, subject_systems
from lmdesk.models.pk.simulation import PkModel, make_doses
from lmdesk.models.pk.solver import concentrations_at
from lmdesk.models.pk.sources import PkReference


def noisy_levels(
    model: PkModel,
    eta: np.ndarray,
    doses,
    times: list[float],
    sites: list[str],
    cv: float,
    seed: int,
) -> list[Measurement]:
    from lmdesk.models.pk.compartments import compartment_index

    system = subject_systems(model, eta[None, :]).subject(0)
    conc = concentrations_at(system, doses, np.array(times))
    rng = np.random.default_rng(seed)
    out = []
    for j, (t, site) in enumerate(zip(times, sites, strict=True)):
        true = conc[compartment_index(site), j]
        out.append(
            Measurement(time_h=t, site=site, value=true * np.exp(rng.normal(0, cv)), unit="mg/L")
        )
    return out


def test_recovers_known_parameters_from_noisy_samples(pk_ref: PkReference) -> None:
    model = PkModel(pk_ref.physiology, pk_ref.drugs["cytarabine"])
    true_eta = np.array([0.35, -0.3, 0.25, 0.3])
    doses = make_doses("ommaya", [0.0, 72.0], [30.0])
    times = [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 72.5, 73, 74, 76, 80]
    sites = ["ventricular"] * len(times)
    lumbar_times = [1, 2, 3, 4, 6, 8, 12, 73, 75, 78]
    levels = noisy_levels(
        model,
        true_eta,
        doses,
        times + lumbar_times,
        sites + ["lumbar"] * len(lumbar_times),
        0.05,
        11,
    )
    fit = fit_map(model, doses, levels, pk_ref.variability, residual_cv_pct=5.0)
    assert fit.converged
    got = fit.eta
    np.testing.assert_allclose(got, true_eta, atol=0.12)
    ci = fit.ci95()
    for name, value in zip(PARAMETERS, np.exp(true_eta), strict=True):
        low, high = ci[name]
        assert low < value < high


def test_without_informative_data_the_prior_holds(pk_ref: PkReference, mtx_model: PkModel) -> None:
    doses = make_doses("lp", [0.0], [12.0])
    typical = concentrations_at(mtx_model.system(), doses, np.array([4.0]))[4, 0]
    one = [Measurement(time_h=4.0, site="lumbar", value=float(typical), unit="mg/L")]
    fit = fit_map(mtx_model, doses, one, pk_ref.variability)
    np.testing.assert_allclose(fit.eta, 0.0, atol=1e-4)


def test_a_high_level_moves_the_fit_towards_smaller_volume(
    pk_ref: PkReference, mtx_model: PkModel
) -> None:
    doses = make_doses("lp", [0.0], [12.0])
    typical = concentrations_at(mtx_model.system(), doses, np.array([4.0, 8.0]))[4]
    levels = [
        Measurement(time_h=t, site="lumbar", value=float(3 * c), unit="mg/L")
        for t, c in zip([4.0, 8.0], typical, strict=True)
    ]
    fit = fit_map(mtx_model, doses, levels, pk_ref.variability)
    assert fit.multipliers()["volume"] < 1.0
    curves = individual_curves(mtx_model, doses, fit, 12.0)
    assert curves.conc_mg_l[4, int(4.0 / curves.step_h)] > 1.5 * typical[0]


def test_clearance_is_not_fitted_for_a_drug_without_one(pk_ref: PkReference) -> None:
    pem = PkModel(pk_ref.physiology, pk_ref.drugs["pemetrexed"])  # bulk flow only
    assert "clearance" not in fitted_parameters(pem)
    cyt = PkModel(pk_ref.physiology, pk_ref.drugs["cytarabine"])
    assert "clearance" in fitted_parameters(cyt)


def test_fitted_band_brackets_the_individual_curve(pk_ref: PkReference, mtx_model: PkModel) -> None:
    doses = make_doses("lp", [0.0], [12.0])
    levels = [
        Measurement(time_h=2.0, site="lumbar", value=30.0, unit="mg/L"),
        Measurement(time_h=6.0, site="lumbar", value=8.0, unit="mg/L"),
        Measurement(time_h=6.0, site="lumbar", value=17.6, unit="µmol/L"),
    ]
    fit = fit_map(mtx_model, doses, levels, pk_ref.variability)
    band = fitted_band(mtx_model, doses, fit, 24.0, subjects=300, step_h=0.5)
    curve = individual_curves(mtx_model, doses, fit, 24.0, step_h=0.5)
    lumbar_row = band.rows.index(4)
    inside = (band.values[5.0][lumbar_row] <= curve.conc_mg_l[4] * 1.001) & (
        curve.conc_mg_l[4] <= band.values[95.0][lumbar_row] * 1.001
    )
    assert inside[1:].all()


@pytest.mark.parametrize(
    "levels",
    [[], [Measurement(time_h=1.0, site="lumbar", value=1.0, unit="mg/L")]],
)
def test_unusable_levels_are_refused(
    pk_ref: PkReference, mtx_model: PkModel, levels: list[Measurement]
) -> None:
    doses = make_doses("lp", [5.0], [12.0])
    with pytest.raises(BadInputError):
        fit_map(mtx_model, doses, levels, pk_ref.variability)


def test_measurement_site_must_be_a_compartment() -> None:
    with pytest.raises(ValueError, match="site"):
        Measurement(time_h=1.0, site="plasma", value=1.0)
