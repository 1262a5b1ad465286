"""The model against published observations (regimens_pk.md VALIDATION CASES, §B.3, §B.2.1).

Tolerance: a factor of 2, and none may be off by more than 3. Every case is listed below
with its expected outcome, so a change that moves one shows up here and in
``lmdesk pk validate``; which cases are calibration is fixed here too.
"""

from __future__ import annotations

import pytest

from lmdesk.models.pk.simulation import PkModel
from lmdesk.models.pk.sources import PkReference
from lmdesk.models.pk.validation import (
    ValidationCase,
    ValidationResult,
    evaluate,
    evaluate_all,
    is_depot_case,
    tally,
    terminal_half_life,
)

# The sixteen cases of the free drugs and the tracer (issue 12 target: >= 14 within 2x).
FREE_CASES = {
    "V2-initial",  # MTX LP lumbar first-phase t½ 4.5 h [R21]
    "V2-terminal",  # MTX LP lumbar terminal t½ 14 h [R21]
    "V5-peak",  # cytarabine 30 mg IVT, CSF > 2 mM [R7]
    "V5-initial",  # cytarabine IVT ventricular t½ 1 h [R7]
    "V5-terminal",  # cytarabine IVT ventricular t½ 3.4 h [R7]
    "V5-clearance",  # cytarabine CSF clearance 0.42 mL/min [R7]
    "V10-peak",  # topotecan 0.2 mg Ommaya, 6.1/6.8 µM [R37]
    "V10-terminal",  # topotecan terminal t½ 2.8 h [R37]
    "T-omm-cranial",  # 111In-DTPA appearance times [R27] ...
    "T-omm-cervical",
    "T-omm-thoracic",
    "T-omm-lumbar",
    "T-lp-thoracic",
    "T-lp-cervical",
    "T-lp-cranial",
    "T-lp-ventricular",  # ... LP tracer reaches the ventricles at ~24 h
}
DEPOT_CASES = {"V6-peak", "V6-tmax", "V6-terminal", "V8-initial", "V8-terminal"}
# Observations a parameter was set from (agreement is by construction).
CALIBRATION = {
    "V2-initial",  # the MTX tissue space was sized with V2 in view
    "V2-terminal",  # MTX tissue exchange fitted to 14 h
    "V5-clearance",  # cytarabine clearance = 0.42 mL/min minus bulk flow
    "V10-terminal",  # topotecan clearance fitted to 2.8 h
    "V8-initial",  # liposomal suspended share chosen so the washout phase leads
} | {c for c in FREE_CASES if c.startswith("T-")}  # mixing flows fitted to [R27]
# Known to fail: the model has no unencapsulated drug at injection (the reference gives
# none), so free cytarabine rises for hours while the particles release it.
OUTSIDE = {"V6-tmax"}


def result(pk_ref: PkReference, case_id: str) -> ValidationResult:
    case = next(c for c in pk_ref.cases if c.id == case_id)
    return evaluate(case, pk_ref.physiology, pk_ref.drugs, pk_ref.transit)


def test_issue_target_on_the_sixteen_free_drug_and_tracer_cases(pk_ref: PkReference) -> None:
    results = evaluate_all(list(pk_ref.cases), pk_ref.physiology, pk_ref.drugs, pk_ref.transit)
    free = [r for r in results if r.within is not None and not is_depot_case(r.case, pk_ref.drugs)]
    assert {r.case.id for r in free} == FREE_CASES
    counts = tally(free)
    assert counts.cases == 16
    assert counts.within >= 14
    assert counts.beyond_worst == 0


@pytest.mark.parametrize("case_id", sorted((FREE_CASES | DEPOT_CASES) - OUTSIDE))
def test_case_within_a_factor_of_two(pk_ref: PkReference, case_id: str) -> None:
    r = result(pk_ref, case_id)
    assert r.within, f"{case_id}: predicted {r.predicted} vs observed {r.case.observed}"
    assert r.fold is not None and r.fold <= 2.0


def test_liposomal_peak_comes_hours_late(pk_ref: PkReference) -> None:
    r = result(pk_ref, "V6-tmax")
    assert not r.within
    assert r.predicted is not None and 3.0 < r.predicted < 12.0


def test_calibration_cases_are_marked_and_every_case_is_classified(pk_ref: PkReference) -> None:
    modelled = {c.id for c in pk_ref.cases if c.kind != "not_modelled"}
    assert modelled == FREE_CASES | DEPOT_CASES
    assert {c.id for c in pk_ref.cases if c.calibration} == CALIBRATION
    for case in pk_ref.cases:
        assert case.source
        if case.kind == "not_modelled":
            assert result(pk_ref, case.id).status == "not modelled"


def test_depot_cases_are_counted_apart(pk_ref: PkReference) -> None:
    for case in pk_ref.cases:
        assert is_depot_case(case, pk_ref.drugs) == (case.id in DEPOT_CASES)


def test_unconfirmed_clearances_are_marked(pk_ref: PkReference) -> None:
    for drug_id in ("pemetrexed", "thiotepa"):
        assert not pk_ref.drugs[drug_id].clearance_ml_h.confirmed
    assert pk_ref.drugs["methotrexate"].clearance_ml_h.confirmed


def case(**fields: object) -> ValidationCase:
    base: dict[str, object] = {"id": "X", "label": "x", "source": ("R7",), "drug": "cytarabine"}
    return ValidationCase(**(base | fields))  # type: ignore[arg-type]


def test_a_range_agrees_inside_and_is_compared_with_its_nearer_end(pk_ref: PkReference) -> None:
    phys, drugs, rule = pk_ref.physiology, pk_ref.drugs, pk_ref.transit
    common = {"kind": "terminal_half_life", "route": "ommaya", "site": "ventricular", "unit": "h"}
    predicted = evaluate(case(observed=1.0, **common), phys, drugs, rule).predicted
    assert predicted is not None
    inside = evaluate(case(observed=1.0, observed_high=100.0, **common), phys, drugs, rule)
    assert inside.ratio == 1.0 and inside.within
    below = evaluate(case(observed=predicted * 3, observed_high=99.0, **common), phys, drugs, rule)
    assert below.ratio == pytest.approx(1 / 3) and not below.within
    above = evaluate(case(observed=0.1, observed_high=predicted / 1.5, **common), phys, drugs, rule)
    assert above.ratio == pytest.approx(1.5) and above.within
    with pytest.raises(ValueError):
        case(observed=2.0, observed_high=1.0, **common)


def test_peak_is_read_from_the_first_sample_on(pk_ref: PkReference) -> None:
    common = {"kind": "peak", "route": "ommaya", "site": "ventricular", "dose_mg": 30.0}
    common |= {"observed": 100.0, "unit": "mg/L"}
    phys, drugs, rule = pk_ref.physiology, pk_ref.drugs, pk_ref.transit
    instant = evaluate(case(**common), phys, drugs, rule).predicted
    later = evaluate(case(start_h=1.0, **common), phys, drugs, rule).predicted
    assert instant == pytest.approx(30.0 / 25.0 * 1000.0)
    assert later is not None and instant is not None and later < 0.6 * instant


def test_terminal_phase_is_read_by_its_share_of_the_exposure(pk_ref: PkReference) -> None:
    """Cytarabine after Ommaya: the slow whole-CSF phase starts below 1 % of the ventricular
    concentration but carries more than 1 % of the exposure there, so it counts (it is the
    3.4 h phase of [R7]); phases with next to no exposure do not."""
    import numpy as np

    system = PkModel(pk_ref.physiology, pk_ref.drugs["cytarabine"]).system()
    weights = system.out[0] * system.inj[:, 0]
    slowest = int(np.argmax(system.lam))
    assert abs(weights[slowest]) < 0.01 * np.abs(weights).sum()
    area = np.abs(weights / system.lam)
    assert area[slowest] > 0.01 * area.sum()
    assert terminal_half_life(system, "ommaya", 0) == pytest.approx(
        np.log(2) / -system.lam[slowest]
    )
    mtx = PkModel(pk_ref.physiology, pk_ref.drugs["methotrexate"]).system()
    assert terminal_half_life(mtx, "lp", 4) > 10.0  # the tissue phase
    assert terminal_half_life(mtx, "lp", 4) == pytest.approx(np.log(2) / -max(mtx.lam))


def test_a_lower_appearance_level_never_delays_appearance(pk_ref: PkReference) -> None:
    from lmdesk.models.pk.validation import appearance_time, tracer

    system = PkModel(pk_ref.physiology, tracer()).system()
    for route, site in (("ommaya", 4), ("lp", 1), ("lp", 0)):
        times = [appearance_time(system, route, site, f) for f in (0.01, 0.03, 0.1)]
        assert times[0] <= times[1] <= times[2]
