"""Monte-Carlo band: reproducible, ordered, and collapsing to the curve without variability."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from lmdesk.models.pk import population
from lmdesk.models.pk.population import BAND_PERCENTILES, Variability, population_band
from lmdesk.models.pk.simulation import PkModel, grid_size, make_doses, simulate
from lmdesk.models.pk.sources import PkReference


def test_same_seed_same_band_other_seed_other_band(pk_ref: PkReference, mtx_model: PkModel) -> None:
    doses = make_doses("lp", [0.0, 72.0], [12.0])
    a = population_band(mtx_model, doses, 120.0, pk_ref.variability, subjects=200, seed=7)
    b = population_band(mtx_model, doses, 120.0, pk_ref.variability, subjects=200, seed=7)
    c = population_band(mtx_model, doses, 120.0, pk_ref.variability, subjects=200, seed=8)
    np.testing.assert_array_equal(a.values[5.0], b.values[5.0])
    assert not np.array_equal(a.values[95.0], c.values[95.0])


def test_percentiles_are_ordered_and_bracket_the_median(
    pk_ref: PkReference, mtx_model: PkModel
) -> None:
    doses = make_doses("ommaya", [0.0], [12.0])
    band = population_band(mtx_model, doses, 48.0, pk_ref.variability, subjects=300, seed=1)
    stacked = np.stack([band.values[p] for p in BAND_PERCENTILES])
    assert np.all(np.diff(stacked, axis=0) >= -1e-6)
    later = band.times_h > 2.0
    lumbar = band.rows.index(4)
    assert np.all(band.values[95.0][lumbar, later] > band.values[5.0][lumbar, later])


def test_zero_variability_gives_the_typical_curve(mtx_model: PkModel) -> None:
    none = Variability(volume_cv_pct=0, production_cv_pct=0, exchange_cv_pct=0, clearance_cv_pct=0)
    doses = make_doses("lp", [0.0], [12.0])
    band = population_band(mtx_model, doses, 24.0, none, subjects=20, seed=3, step_h=0.5)
    typical = simulate(mtx_model, doses, 24.0, 0.5)
    for p in BAND_PERCENTILES:
        np.testing.assert_allclose(
            band.values[p], typical.conc_mg_l, rtol=1e-4, atol=1e-4
        )  # float32 band


def test_band_can_be_limited_to_shown_compartments(pk_ref: PkReference, mtx_model: PkModel) -> None:
    doses = make_doses("lp", [0.0], [12.0])
    band = population_band(
        mtx_model, doses, 24.0, pk_ref.variability, subjects=50, rows=(0, 4), step_h=1.0
    )
    assert band.values[50.0].shape == (2, 25)


def test_progress_counts_the_time_chunks(pk_ref: PkReference, mtx_model: PkModel) -> None:
    doses = make_doses("lp", [0.0], [12.0])
    seen: list[tuple[int, int]] = []
    population_band(
        mtx_model, doses, 24.0 * 30, pk_ref.variability, subjects=20,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    chunks = -(-grid_size(24.0 * 30, 10.0 / 60.0) // population._CHUNK)
    assert chunks > 3 and seen == [(done, chunks) for done in range(1, chunks + 1)]


def test_what_the_progress_raises_stops_the_band_early(
    pk_ref: PkReference, mtx_model: PkModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Cancel raised after the first chunk: the chunks not yet started are never computed.
    The chunks after the first two are held for a second, so the two workers cannot race
    ahead of the Cancel on a loaded machine."""
    computed: list[int] = []
    held = threading.Event()  # never set: a pause the workers cannot skip
    compute = population._chunk_percentiles

    def counted(*args: object) -> object:
        computed.append(1)
        if len(computed) > 2:
            held.wait(1.0)
        return compute(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(population, "_chunk_percentiles", counted)

    def stop(done: int, total: int) -> None:
        raise Stopped

    doses = make_doses("lp", [0.0], [12.0])
    with pytest.raises(Stopped):
        population_band(mtx_model, doses, 24.0 * 90, pk_ref.variability, subjects=20, progress=stop)
    chunks = -(-grid_size(24.0 * 90, 10.0 / 60.0) // population._CHUNK)
    # the first two, and each worker's next one, already started when the Cancel came
    assert chunks >= 12 and len(computed) <= 4


class Stopped(Exception):
    """What a cancelled job raises from its progress callback."""
