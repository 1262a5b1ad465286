"""Issue 22: pemetrexed vitamins, IT dexamethasone ceiling, leucovorin, maintenance start."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sched_factories import LIMITS, mtx_classic, pemetrexed_cycles

from lmdesk.models.drugs.never_it import refuse_never_it_by_route
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits
from lmdesk.models.scheduling.open_schedule import require_confirmed_schedule
from lmdesk.models.scheduling.planning import PlanOptions, adhoc_protocol, plan_course
from lmdesk.models.scheduling.protocol import CoMedication, DoseRange, Phase, Protocol
from lmdesk.models.scheduling.supportive import (
    VITAMIN_LEAD_RULE,
    with_required_supportive_care,
)

DEX = DoseLimit(
    drug="dexamethasone",
    usual_min_mg=5,
    usual_max_mg=5,
    ceiling_mg=5,
    usual_source="R51",
    ceiling_source="R51, R52, R54, R223, R35, R55",
)
WITH_DEX = DoseLimits([*LIMITS.all(), DEX])
START = date(2027, 1, 4)


def _plan(protocol: Protocol, limits: DoseLimits = WITH_DEX, **options: object):  # type: ignore[no-untyped-def]
    return plan_course(protocol, PlanOptions(start=START, **options), limits, None)  # type: ignore[arg-type]


def _vitamins(plan) -> dict[str, CoMedication]:  # type: ignore[no-untyped-def]
    return {
        m.drug: m for m in plan.protocol.co_medications if m.drug in ("folic-acid", "vitamin-b12")
    }


def test_template_without_vitamins_plans_them_on_every_session() -> None:
    plan = _plan(pemetrexed_cycles())
    vitamins = _vitamins(plan)
    assert vitamins["folic-acid"].route == "oral"
    assert "400 µg" in vitamins["folic-acid"].dose
    assert "21 days after the last" in vitamins["folic-acid"].timing
    assert vitamins["vitamin-b12"].route == "im"
    assert "1000 µg" in vitamins["vitamin-b12"].dose
    assert "every 3 cycles" in vitamins["vitamin-b12"].timing
    assert all(
        {"folic-acid", "vitamin-b12"} <= {m.drug for m in s.co_medications} for s in plan.sessions
    )


def test_adhoc_pemetrexed_plans_vitamins_and_a_marked_lead_time() -> None:
    plan = _plan(adhoc_protocol("pemetrexed", 10, 7, 3))
    assert set(_vitamins(plan)) == {"folic-acid", "vitamin-b12"}
    lead = next(f for f in plan.findings if f.code == VITAMIN_LEAD_RULE)
    assert lead.level == "warning"
    assert "not confirmed" in lead.message
    assert (START - timedelta(days=7)).isoformat() in lead.message


def test_a_source_that_states_the_vitamins_keeps_its_text() -> None:
    own = CoMedication(drug="folic-acid", dose="400 µg daily", route="oral", source="R53")
    protocol = pemetrexed_cycles().model_copy(
        update={"co_medications": (*pemetrexed_cycles().co_medications, own)}
    )
    planned, _found = with_required_supportive_care(protocol)
    folic = [m for m in planned.co_medications if m.drug == "folic-acid"]
    assert folic == [own]
    assert any(m.drug == "vitamin-b12" for m in planned.co_medications)


def test_an_unconfirmed_vitamin_is_replaced_by_the_sourced_one() -> None:
    vague = CoMedication(
        drug="folic-acid", dose="dose not confirmed", route="unspecified", confirmed=False
    )
    protocol = pemetrexed_cycles().model_copy(update={"co_medications": (vague,)})
    planned, _found = with_required_supportive_care(protocol)
    folic = next(m for m in planned.co_medications if m.drug == "folic-acid")
    assert folic.confirmed and folic.route == "oral"


def test_other_drugs_get_no_vitamins() -> None:
    plan = _plan(mtx_classic(), maintenance_count=0)
    assert not _vitamins(plan)
    assert not any(f.code == VITAMIN_LEAD_RULE for f in plan.findings)


def test_rule_is_idempotent() -> None:
    once, _f = with_required_supportive_care(pemetrexed_cycles())
    twice, found = with_required_supportive_care(once)
    assert twice == once and found == []


# -- IT dexamethasone ------------------------------------------------------------------


def _with_dex(mg: str) -> Protocol:
    return pemetrexed_cycles().model_copy(
        update={"co_medications": (CoMedication(drug="dexamethasone", dose=mg, route="it"),)}
    )


def test_co_injected_dexamethasone_above_the_ceiling_is_refused() -> None:
    with pytest.raises(SafetyRefusal) as err:
        _plan(_with_dex("80 mg"))
    assert err.value.rule == "dose_ceiling"


def test_co_injected_dexamethasone_5_mg_passes() -> None:
    plan = _plan(_with_dex("5 mg"))
    assert plan.sessions


@settings(max_examples=40, deadline=None)
@given(st.decimals(min_value="0.5", max_value="200", places=1))
def test_dexamethasone_ceiling_boundary(mg: object) -> None:
    value = float(mg)  # type: ignore[arg-type]
    if value > 5:
        with pytest.raises(SafetyRefusal):
            _plan(_with_dex(f"{value:g} mg"))
    else:
        _plan(_with_dex(f"{value:g} mg"))


def test_reference_dose_limits_hold_dexamethasone(reference) -> None:  # type: ignore[no-untyped-def]
    from lmdesk.store.protocol_repo import ProtocolRepository

    limit = ProtocolRepository(reference).limits().for_drug("dexamethasone", "lp")
    assert limit is not None and limit.ceiling_mg == 5 and limit.usual_max_mg == 5
    assert "R223" in limit.ceiling_source and "no source gives more" in limit.ceiling_source


# -- leucovorin ------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["iv", "oral"])
@pytest.mark.parametrize("name", ["leucovorin", "Levoleucovorin", "calcium folinate"])
def test_leucovorin_is_orderable_as_a_systemic_rescue(name: str, route: str) -> None:
    refuse_never_it_by_route(name, route, None)
    rescue = CoMedication(drug=name, dose="15 mg", route=route)  # type: ignore[arg-type]
    protocol = mtx_classic().model_copy(update={"co_medications": (rescue,)})
    assert _plan(protocol, maintenance_count=0).sessions


@pytest.mark.parametrize("route", ["it", "lp", "ommaya", "unspecified", "im"])
@pytest.mark.parametrize("name", ["leucovorin", "LEUCOVORIN", "levoleucovorin", "folinic acid"])
def test_leucovorin_is_never_intrathecal(name: str, route: str) -> None:
    with pytest.raises(SafetyRefusal) as err:
        refuse_never_it_by_route(name, route, None)
    assert err.value.rule == "never_it"


@pytest.mark.parametrize("route", ["iv", "oral", "im", "it"])
def test_vinca_stays_refused_on_an_it_course_by_every_route(route: str) -> None:
    with pytest.raises(SafetyRefusal):
        refuse_never_it_by_route("vincristine", route, None)
    bad = CoMedication(drug="vincristine", dose="1 mg", route=route)  # type: ignore[arg-type]
    with pytest.raises(SafetyRefusal):
        _plan(mtx_classic().model_copy(update={"co_medications": (bad,)}), maintenance_count=0)


def test_leucovorin_as_the_it_drug_is_refused() -> None:
    with pytest.raises(SafetyRefusal):
        _plan(adhoc_protocol("leucovorin", 10, 7, 2))


# -- maintenance start -----------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_first_maintenance_is_one_interval_after_the_last_weekly_dose(count: int) -> None:
    plan = _plan(mtx_classic(), maintenance_count=count)
    weekly = [s for s in plan.sessions if s.phase != "maintenance"]
    maintenance = [s for s in plan.sessions if s.phase == "maintenance"]
    assert (maintenance[0].nominal_date - weekly[-1].nominal_date).days >= 28
    assert all(not s.schedule_confirmed for s in maintenance)
    assert all(s.schedule_confirmed for s in weekly)
    finding = next(f for f in plan.findings if f.code == "maintenance_start_unconfirmed")
    assert "NOT CONFIRMED" in finding.message
    with pytest.raises(BadInputError):
        require_confirmed_schedule(plan.schedule_choices, plan.protocol.phases)


def test_confirmed_maintenance_start_saves() -> None:
    plan = _plan(mtx_classic(), maintenance_count=2, confirm_default_schedule=True)
    assert plan.schedule_confirmed
    require_confirmed_schedule(plan.schedule_choices, plan.protocol.phases)


def test_no_maintenance_no_default() -> None:
    plan = _plan(mtx_classic(), maintenance_count=0)
    assert plan.schedule_confirmed and not plan.schedule_choices


def test_a_sourced_transition_is_kept() -> None:
    protocol = Protocol(
        id="label",
        name_en="label",
        drug="methotrexate",
        dose=DoseRange(min_mg=10, max_mg=12, default_mg=12),
        phases=(
            Phase(kind="consolidation", period_days=14, repeats=2),
            Phase(
                kind="maintenance",
                period_days=28,
                offsets_days=(14,),
                repeats=2,
                transition_source="R11",
            ),
        ),
    )
    plan = _plan(protocol)
    assert plan.schedule_confirmed
    assert [s.date for s in plan.sessions][2] == START + timedelta(days=28 + 14)


@settings(max_examples=30, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)), st.integers(1, 4))
def test_never_a_fifth_weekly_dose(start: date, count: int) -> None:
    plan = plan_course(
        mtx_classic(), PlanOptions(start=start, maintenance_count=count), LIMITS, None
    )
    dates = [s.nominal_date for s in plan.sessions]
    phases = [s.phase for s in plan.sessions]
    first = phases.index("maintenance")
    assert (dates[first] - dates[first - 1]).days >= 28
