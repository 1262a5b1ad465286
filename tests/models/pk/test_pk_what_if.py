"""A simulation is a what-if: over-ceiling doses are drawn with a warning, never-IT refused.

The planner's rule is untouched: ``check_dose`` still refuses the same dose.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.pk.course_link import CourseDose
from lmdesk.models.pk.request import PkRequest, report, run
from lmdesk.models.pk.sources import PkReference
from lmdesk.models.pk.what_if import ABOVE_CEILING, DISCONTINUED, FREE_DRUG, dose_findings
from lmdesk.models.scheduling.dose_safety import CEILING_RULE, DoseLimits, check_dose


def simulate(pk_ref: PkReference, limits: DoseLimits, drug: str, dose: float, route: str = "lp"):
    return run(PkRequest(drug_id=drug, dose_mg=dose, route=route), pk_ref, None, limits)


@pytest.mark.parametrize("dose", [22.0, 50.0])
def test_methotrexate_overdose_is_simulated_with_a_warning(
    pk_ref: PkReference, limits: DoseLimits, dose: float
) -> None:
    result = simulate(pk_ref, limits, "methotrexate", dose)
    assert result.what_if
    [warning] = [f for f in result.findings if f.code == ABOVE_CEILING]
    assert warning.level == "warning"
    assert f"{dose:g} mg" in warning.message and "15 mg" in warning.message
    assert "what-if simulation, not an order" in warning.message
    assert "R42" in warning.message  # the ceiling's source
    normal = simulate(pk_ref, limits, "methotrexate", 12.0)
    ratio = result.metrics["lumbar"].cmax / normal.metrics["lumbar"].cmax
    assert ratio == pytest.approx(dose / 12.0)  # the curve is the real what-if
    doc = report(result)
    assert doc["what_if"] is True
    assert any(f["code"] == ABOVE_CEILING for f in doc["findings"])
    assert warning.message in doc["warnings"]


def test_the_planner_still_refuses_the_same_dose(limits: DoseLimits) -> None:
    with pytest.raises(SafetyRefusal) as refused:
        check_dose("methotrexate", "lp", 22.0, limits)
    assert refused.value.rule == CEILING_RULE


def test_never_it_drug_is_still_refused(pk_ref: PkReference, limits: DoseLimits) -> None:
    with pytest.raises(SafetyRefusal):
        run(PkRequest(drug_id="vincristine", dose_mg=1.0, route="lp"), pk_ref, None, limits)


def test_at_the_ceiling_there_is_no_what_if_warning(
    pk_ref: PkReference, limits: DoseLimits
) -> None:
    result = simulate(pk_ref, limits, "methotrexate", 15.0)
    assert not result.what_if
    assert [f.code for f in result.findings] == ["dose_above_usual"]


@pytest.mark.parametrize("dose", [0.0, -1.0, float("nan"), float("inf")])
def test_a_dose_that_is_no_number_is_still_bad_input(limits: DoseLimits, dose: float) -> None:
    with pytest.raises(BadInputError):
        dose_findings("methotrexate", "lp", dose, limits)


def test_every_over_ceiling_course_dose_is_named(pk_ref: PkReference, limits: DoseLimits) -> None:
    from datetime import datetime

    course = [
        CourseDose(0.0, 12.0, "lp", True, datetime(2027, 1, 4, 9)),
        CourseDose(72.0, 30.0, "ommaya", False, datetime(2027, 1, 7, 9)),
    ]
    request = PkRequest(drug_id="methotrexate", dose_mg=12.0, route="lp", hours=120.0)
    result = run(request, pk_ref, None, limits, course)
    warnings = [f for f in result.findings if f.code == ABOVE_CEILING]
    assert len(warnings) == 1 and "30 mg" in warnings[0].message


def test_liposomal_cytarabine_says_it_is_discontinued_and_free_drug(
    pk_ref: PkReference, limits: DoseLimits
) -> None:
    for route in ("lp", "ommaya"):
        result = simulate(pk_ref, limits, "liposomal-cytarabine", 50.0, route)
        codes = [f.code for f in result.findings]
        assert DISCONTINUED in codes and FREE_DRUG in codes
        assert not result.what_if
        doc = report(result)
        assert doc["discontinued"] is True and doc["free_drug_only"] is True
        assert doc["concentration_of"] == "cytarabine"
        assert "release_half_life_h" in doc["parameters"]


@settings(max_examples=30, deadline=None)
@given(
    drug=st.sampled_from(["methotrexate", "cytarabine", "thiotepa", "topotecan"]),
    factor=st.floats(0.05, 20.0),
    route=st.sampled_from(["lp", "ommaya"]),
)
def test_warning_exactly_when_above_the_ceiling(
    pk_ref: PkReference, limits: DoseLimits, drug: str, factor: float, route: str
) -> None:
    limit = limits.for_drug(drug, route)
    assert limit is not None and limit.ceiling_mg is not None
    dose = limit.ceiling_mg * factor
    codes = [f.code for f in dose_findings(drug, route, dose, limits)]
    assert (ABOVE_CEILING in codes) == (dose > limit.ceiling_mg)
    assert codes.count(ABOVE_CEILING) <= 1
