import itertools
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sched_factories import LIMITS, mtx_classic, pemetrexed_cycles

from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar
from lmdesk.models.scheduling.planning import PlanOptions, add_months, adhoc_protocol, plan_course
from lmdesk.models.scheduling.protocol import CoMedication, DoseRange, Phase, Protocol

START = date(2027, 1, 4)  # a Monday


def plan(protocol: Protocol | None = None, **kw: object):
    return plan_course(protocol or mtx_classic(), PlanOptions(start=START, **kw), LIMITS, None)


def test_mtx_classic_has_8_induction_in_first_4_weeks_then_4_weekly():
    p = plan()
    induction = [s for s in p.sessions if s.phase == "induction"]
    consolidation = [s for s in p.sessions if s.phase == "consolidation"]
    assert len(induction) == 8
    assert all(s.date < START + timedelta(weeks=4) for s in induction)
    assert len(consolidation) == 4
    gaps = [(b.date - a.date).days for a, b in itertools.pairwise(consolidation)]
    assert gaps == [7, 7, 7]


def test_mtx_maintenance_is_monthly_and_open_ended():
    p = plan(maintenance_count=3)
    maint = [s.date for s in p.sessions if s.phase == "maintenance"]
    # one month after the last weekly dose (22 Feb), a default the clinician confirms
    assert maint == [date(2027, 3, 22), date(2027, 4, 22), date(2027, 5, 22)]
    assert "maintenance_open_ended" in {f.code for f in p.findings}


def test_every_pair_at_least_three_days_apart():
    dates = [s.date for s in plan().sessions]
    assert all((b - a).days >= 3 for a, b in itertools.pairwise(dates))


def test_horizon_limits_maintenance():
    p = plan(horizon=date(2027, 4, 15))
    assert max(s.date for s in p.sessions) == date(2027, 3, 22)


def test_sessions_numbered_from_one_and_carry_dose_route_checks():
    p = plan(dose_mg=10, route="ommaya")
    assert [s.n for s in p.sessions] == list(range(1, len(p.sessions) + 1))
    assert {s.dose_mg for s in p.sessions} == {10}
    assert {s.route for s in p.sessions} == {"ommaya"}
    assert p.sessions[0].checks == ("blood_count", "csf_sample")


def test_weekend_avoidance_moves_to_monday():
    options = PlanOptions(start=date(2027, 1, 2), calendar=ScheduleCalendar(avoid_weekends=True))
    p = plan_course(mtx_classic(), options, LIMITS, None)
    assert p.sessions[0].date == date(2027, 1, 4)
    assert all(s.date.weekday() < 5 for s in p.sessions)
    assert "sessions_moved" in {f.code for f in p.findings}


def test_holiday_next_to_weekend_is_skipped():
    friday = date(2027, 1, 8)
    monday = date(2027, 1, 11)
    cal = ScheduleCalendar(avoid_weekends=True, holidays=frozenset({friday, monday}))
    proto = adhoc_protocol("methotrexate", 12, 7, 3)
    p = plan_course(proto, PlanOptions(start=friday, calendar=cal), LIMITS, None)
    assert p.sessions[0].date == date(2027, 1, 12)
    assert (p.sessions[1].date - p.sessions[0].date).days >= 3


def test_dose_outside_protocol_range_is_bad_input():
    with pytest.raises(BadInputError, match="outside this protocol's range"):
        plan(dose_mg=9)


def test_dose_above_the_ceiling_is_refused_before_the_protocol_range():
    """20 mg is outside the protocol's 10-15 mg too: the hard ceiling speaks first (exit 3)."""
    with pytest.raises(SafetyRefusal) as err:
        plan(dose_mg=20)
    assert err.value.rule == "dose_ceiling" and "15 mg" in str(err.value)


def test_negative_dose_is_bad_input():
    with pytest.raises(BadInputError):
        plan(dose_mg=-1)


def test_route_not_in_protocol_is_bad_input():
    with pytest.raises(BadInputError):
        plan_course(pemetrexed_cycles(), PlanOptions(start=START, route="lp"), LIMITS, None)


def test_dose_above_usual_needs_reason_finding():
    p = plan(dose_mg=15)
    assert "dose_reason_required" in {f.code for f in p.findings}
    p2 = plan(dose_mg=15, dose_reason="institutional protocol")
    codes = {f.code for f in p2.findings}
    assert "dose_above_usual" in codes and "dose_reason_required" not in codes


def test_cycles_day_1_and_8_every_21_days():
    p = plan_course(pemetrexed_cycles(), PlanOptions(start=START), LIMITS, None)
    assert [(s.cycle, s.day) for s in p.sessions] == [
        (1, 1),
        (1, 8),
        (2, 1),
        (2, 8),
        (3, 1),
        (3, 8),
    ]
    assert p.sessions[2].date == START + timedelta(days=21)


def test_never_it_drug_refused_as_protocol_drug():
    proto = adhoc_protocol("Vincristine", 1, 7, 4)
    with pytest.raises(SafetyRefusal) as err:
        plan_course(proto, PlanOptions(start=START), LIMITS, None)
    assert err.value.rule == "never_it"
    assert "FATAL IF GIVEN INTRATHECALLY" in str(err.value)


def test_never_it_co_medication_refused():
    proto = mtx_classic().model_copy(
        update={
            "co_medications": (
                CoMedication(drug="ＶＩＮＣＲＩＳＴＩＮＥ", dose="1 mg", route="iv"),
            )
        }
    )
    with pytest.raises(SafetyRefusal):
        plan_course(proto, PlanOptions(start=START), LIMITS, None)


def test_second_it_drug_refused_but_dexamethasone_allowed():
    proto = mtx_classic().model_copy(
        update={"co_medications": (CoMedication(drug="cytarabine", dose="50 mg", route="it"),)}
    )
    with pytest.raises(SafetyRefusal) as err:
        plan_course(proto, PlanOptions(start=START), LIMITS, None)
    assert err.value.rule == "one_it_drug"
    plan_course(pemetrexed_cycles(), PlanOptions(start=START), LIMITS, None)


def test_dose_over_ceiling_refused():
    proto = adhoc_protocol("methotrexate", 20, 7, 2)
    with pytest.raises(SafetyRefusal) as err:
        plan_course(proto, PlanOptions(start=START), LIMITS, None)
    assert err.value.rule == "dose_ceiling"


def test_unconfirmed_phase_asks_clinician():
    proto = Protocol(
        id="x",
        name_en="x",
        drug="pemetrexed",
        dose=DoseRange(min_mg=15, max_mg=15, default_mg=15),
        phases=(
            Phase(kind="induction", period_days=7, offsets_days=(0, 3), repeats=2),
            Phase(kind="maintenance", confirmed=False, note="frequency unconfirmed"),
        ),
    )
    p = plan_course(proto, PlanOptions(start=START), LIMITS, None)
    assert len(p.sessions) == 4
    assert "needs_clinician_input" in {f.code for f in p.findings}
    p2 = plan_course(proto, PlanOptions(start=START, every_days=28, count=2), LIMITS, None)
    # No source states when maintenance starts: one interval after the last induction dose.
    assert [s.date for s in p2.sessions[4:]] == [
        START + timedelta(days=10 + 28),
        START + timedelta(days=10 + 56),
    ]


def test_systemic_chemo_same_day_warning():
    p = plan(systemic_chemo_dates=frozenset({date(2027, 1, 7)}))
    hits = [f for f in p.findings if f.code == "systemic_same_day"]
    assert len(hits) == 1 and hits[0].session == 2


def test_mri_dates_when_interval_given():
    p = plan(mri_every_weeks=6, maintenance_count=1)
    assert p.mri_dates == (START + timedelta(weeks=6),)
    assert "mri_interval_unconfirmed" in {f.code for f in plan().findings}


def test_obstructed_csf_flow_warns():
    assert "csf_flow_obstructed" in {f.code for f in plan(csf_flow="obstructed").findings}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2027, 12, 15), 1, date(2028, 1, 15)),
    ],
)
def test_add_months_clamps_month_ends(day, months, expected):
    assert add_months(day, months) == expected


def test_plan_starting_on_leap_day():
    p = plan_course(
        mtx_classic(), PlanOptions(start=date(2028, 2, 29), maintenance_count=2), LIMITS, None
    )
    maint = [s.date for s in p.sessions if s.phase == "maintenance"]
    assert maint == [date(2028, 5, 18), date(2028, 6, 18)]


def test_adhoc_daily_request_still_keeps_three_days_and_two_a_week():
    p = plan_course(
        adhoc_protocol("methotrexate", 12, 1, 5), PlanOptions(start=START), LIMITS, None
    )
    dates = [s.date for s in p.sessions]
    assert all((b - a).days >= 3 for a, b in itertools.pairwise(dates))
    assert "sessions_moved" in {f.code for f in p.findings}


class _Cards:
    """A catalog that knows one card by its id (never-IT lookups find nothing)."""

    def never_it_match(self, text):
        return None

    def get(self, drug_id):
        if drug_id != "pemetrexed":
            return None
        return SimpleNamespace(name_en="Pemetrexed", name_zh="培美曲塞")


def test_adhoc_protocol_is_named_after_the_drug_in_both_languages():
    proto = adhoc_protocol("pemetrexed", 10, 7, 2, _Cards())
    assert (proto.name_en, proto.name_zh) == ("Ad-hoc Pemetrexed", "临时方案：培美曲塞")
    assert proto.display_name("zh_CN") == "临时方案：培美曲塞"


def test_adhoc_protocol_of_an_unknown_card_is_named_by_its_id():
    proto = adhoc_protocol("thiotepa", 10, 7, 2, _Cards())
    assert (proto.name_en, proto.name_zh) == ("Ad-hoc thiotepa", "")
