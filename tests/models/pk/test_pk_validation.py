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

# The free drugs and the tracer: the sixteen cases of issues 7/12 and seven from
# pk_calibration_data.md (issue 27). All of them form the calibration set.
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
    "T-lp-ventricular",  # ... LP tracer reaches the ventricles between 6 h [R372] and 24 h
    "PC-12-gradient",  # 72-h lumbar infusion: T2 = 43 % of T12 [R380]
    "PC-02-peak",  # MTX via Ommaya, one patient: peak 254 µM [R300]
    "PC-02-terminal",  # ... t½ 10.5 h
    "PC-02-72h",  # ... still >= 1 µM at 72 h
    "PC-03-trough",  # MTX 2 mg daily into the 4th ventricle: 24-h trough 3.18 µM [R302]
    "R25-level",  # MTX 12 mg/m² IT: +0.83 µM CSF during an IV infusion [R25]
    "ARA-1-initial",  # cytarabine IT: t½ about 2 h [R316]
}
DEPOT_CASES = {"V6-peak", "V6-tmax", "V6-terminal", "V8-initial", "V8-terminal"}
# In the calibration set: every free-drug case. V8-initial is marked too: the share of
# washed-out particles was chosen with it in view (the depot is not refitted).
CALIBRATION = FREE_CASES | {"V8-initial"}
# Out of sample (each predicted by the fit without its own source) beyond a factor of 3:
# the sources disagree on how much methotrexate stays in CSF after a day (R25 asks for
# far less than R300 and R302), and the LP first phase of [R21] is too fast in this
# structure. These are reported, not tuned away (docs/pk-model.md).
OUT_OF_SAMPLE_BEYOND_3 = {"V2-initial", "PC-02-72h", "PC-03-trough", "R25-level"}
# Out of sample between 2x and 3x.
OUT_OF_SAMPLE_2_TO_3 = {"T-lp-cervical", "T-lp-cranial", "T-lp-ventricular"}
# Liposomal cytarabine (depot not refitted): the free-drug peak comes hours late and below
# the label's range; the washout phase is slower than [R3].
DEPOT_OUTSIDE = {"V6-peak", "V6-tmax", "V8-initial"}


def result(pk_ref: PkReference, case_id: str) -> ValidationResult:
    case = next(c for c in pk_ref.cases if c.id == case_id)
    return evaluate(case, pk_ref.physiology, pk_ref.drugs, pk_ref.transit)


def held_out(pk_ref: PkReference) -> dict[str, ValidationResult]:
    from lmdesk.models.pk.loso import out_of_sample

    held = out_of_sample(
        list(pk_ref.cases), pk_ref.physiology, pk_ref.drugs, pk_ref.transit, pk_ref.refits
    )
    return {o.result.case.id: o.result for o in held if o.result.within is not None}


def test_out_of_sample_figures_are_the_documented_ones(pk_ref: PkReference) -> None:
    results = held_out(pk_ref)
    free = {k: r for k, r in results.items() if not is_depot_case(r.case, pk_ref.drugs)}
    assert set(free) == FREE_CASES
    beyond = {k for k, r in free.items() if (r.fold or 0.0) > 3.0}
    between = {k for k, r in free.items() if 2.0 < (r.fold or 0.0) <= 3.0}
    assert beyond == OUT_OF_SAMPLE_BEYOND_3
    assert between == OUT_OF_SAMPLE_2_TO_3
    counts = tally(list(free.values()))
    assert (counts.cases, counts.within, counts.beyond_worst) == (23, 16, 4)


def test_out_of_sample_is_never_better_than_it_is_because_of_its_own_source(
    pk_ref: PkReference,
) -> None:
    """The fit without a source is no closer to that source's cases, summed over them, than
    the fit that saw them (a leak of the left-out data would show up here)."""
    import math

    from lmdesk.models.pk.loso import primary_source

    fitted = evaluate_all(list(pk_ref.cases), pk_ref.physiology, pk_ref.drugs, pk_ref.transit)
    outside = held_out(pk_ref)
    by_source: dict[str, list[tuple[float, float]]] = {}
    for r in fitted:
        if r.case.id in FREE_CASES:
            pair = (math.log(r.fold or 1.0) ** 2, math.log(outside[r.case.id].fold or 1.0) ** 2)
            by_source.setdefault(primary_source(r.case), []).append(pair)
    for source, pairs in by_source.items():
        assert sum(o for _, o in pairs) >= sum(i for i, _ in pairs) - 1e-6, source


@pytest.mark.parametrize("case_id", sorted(DEPOT_CASES - DEPOT_OUTSIDE))
def test_depot_case_within_a_factor_of_two(pk_ref: PkReference, case_id: str) -> None:
    r = result(pk_ref, case_id)
    assert r.within, f"{case_id}: predicted {r.predicted} vs observed {r.case.observed}"


def test_liposomal_peak_comes_hours_late(pk_ref: PkReference) -> None:
    r = result(pk_ref, "V6-tmax")
    assert not r.within
    assert r.predicted is not None and 3.0 < r.predicted < 12.0


def test_calibration_cases_are_marked_and_every_case_is_classified(pk_ref: PkReference) -> None:
    from lmdesk.models.pk.loso import calibration_set

    modelled = {c.id for c in pk_ref.cases if c.kind != "not_modelled"}
    assert modelled == FREE_CASES | DEPOT_CASES
    assert {c.id for c in pk_ref.cases if c.calibration} == CALIBRATION
    assert {c.id for c in calibration_set(pk_ref.cases, pk_ref.drugs)} == FREE_CASES
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
    # no source measures the methotrexate CSF clearance: it is fitted, so not confirmed
    assert not pk_ref.drugs["methotrexate"].clearance_ml_h.confirmed


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
    """The slowest phase counts only if it carries at least 1 % of the exposure at the site;
    a drug with a slow tissue phase shows it, and the value is that mode's half-life."""
    import numpy as np

    from lmdesk.models.pk.validation import PHASE_SHARE

    for drug_id, route, site in (("cytarabine", "ommaya", 0), ("methotrexate", "lp", 4)):
        system = PkModel(pk_ref.physiology, pk_ref.drugs[drug_id]).system()
        weights = system.out[site] * system.inj[:, 0 if route == "ommaya" else 4]
        area = np.abs(weights / system.lam)
        seen = area >= PHASE_SHARE * area.sum()
        expected = np.log(2) / -np.max(system.lam[seen])
        assert terminal_half_life(system, route, site) == pytest.approx(expected)
        if not seen[np.argmax(system.lam)]:  # an unseen slower phase is skipped
            assert np.max(system.lam) > np.max(system.lam[seen])
    mtx = PkModel(pk_ref.physiology, pk_ref.drugs["methotrexate"]).system()
    assert terminal_half_life(mtx, "lp", 4) > 10.0  # the tissue phase


def test_a_gradient_is_the_steady_state_of_a_constant_infusion(pk_ref: PkReference) -> None:
    """Checked against a direct solve of K c = -e on the tanks (no modes involved)."""
    import numpy as np

    from lmdesk.models.pk.compartments import INJECTION_TANK
    from lmdesk.models.pk.validation import steady_state_ratio, tracer

    model = PkModel(pk_ref.physiology, tracer())
    net = model.network()
    inflow = np.zeros(net.k.shape[0])
    inflow[INJECTION_TANK[4]] = 1.0
    amounts = np.linalg.solve(net.k, -inflow)
    regions = net.regions @ (amounts / net.tank_ml)
    expected = regions[3] / regions[4]
    assert steady_state_ratio(model.system(), "lp", 3, 4) == pytest.approx(expected, rel=1e-9)
    assert 0.0 < expected < 1.0  # a lumbar infusion leaves the upper canal lower


def test_a_level_at_a_dose_time_is_the_trough_before_it(pk_ref: PkReference) -> None:
    import numpy as np

    from lmdesk.models.pk.simulation import make_doses
    from lmdesk.models.pk.solver import concentrations_at
    from lmdesk.models.pk.units import mg_l_to_umol_l

    common = {"drug": "methotrexate", "route": "ommaya", "site": "ventricular", "dose_mg": 2.0}
    common |= {"kind": "level", "observed": 1.0, "unit": "µmol/L", "times_h": (0.0, 24.0)}
    phys, drugs, rule = pk_ref.physiology, pk_ref.drugs, pk_ref.transit
    got = evaluate(case(at_h=(24.0,), **common), phys, drugs, rule).predicted
    system = PkModel(phys, drugs["methotrexate"]).system()
    before = concentrations_at(system, make_doses("ommaya", [0.0], [2.0]), np.array([24.0]))[0, 0]
    assert got == pytest.approx(float(mg_l_to_umol_l(before, 454.45)), rel=1e-6)
    two = evaluate(case(at_h=(23.0, 24.0, 70.0), **common), phys, drugs, rule).predicted
    assert two == pytest.approx(got, rel=1e-6)  # the median: the 24-h trough lies between


def test_a_lower_appearance_level_never_delays_appearance(pk_ref: PkReference) -> None:
    from lmdesk.models.pk.validation import appearance_time, tracer

    system = PkModel(pk_ref.physiology, tracer()).system()
    for route, site in (("ommaya", 4), ("lp", 1), ("lp", 0)):
        times = [appearance_time(system, route, site, f) for f in (0.01, 0.03, 0.1)]
        assert times[0] <= times[1] <= times[2]
