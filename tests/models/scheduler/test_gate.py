"""The pre-dose gate: each rule at its thresholds, and the defects of issue 22."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sched_factories import LIMITS, make_course, pemetrexed_cycles

from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions
from lmdesk.models.scheduling.antithrombotics import MedicationRecord
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.gate import GateInput, evaluate_gate, give_checked, meaningful_text
from lmdesk.models.scheduling.gate_history import given_doses, interval_breaks
from lmdesk.models.scheduling.labs import make_lab_result
from lmdesk.models.scheduling.toxicity_rules import Attribution
from lmdesk.models.scheduling.ward_policy import WardPolicy
from lmdesk.models.scheduling.worklist import worklist_status

TZ = timezone(timedelta(hours=8))
AT = datetime(2027, 1, 4, 9, 0, tzinfo=TZ)


def lab(test: str, value: float, unit: str, hours_ago: float = 2, uln: float | None = None):
    return make_lab_result(
        test=test,
        at=AT - timedelta(hours=hours_ago),
        value=value,
        unit=unit,
        now=AT,
        entered_by="lab",
        uln=uln,
    )


GOOD_LABS = (
    lab("platelets", 150, "10^9/L"),
    lab("anc", 2.5, "10^9/L"),
    lab("wbc", 5, "10^9/L"),
    lab("inr", 1.0, ""),
)


def verified(course: Course | None = None, cid: int = 1) -> Course:
    c = (course or make_course()).model_copy(update={"id": cid})
    return course_actions.verify(c, "Dr Check", AT - timedelta(days=1)).course


def gate(course: Course | None = None, **kw: object):
    c = course or verified()
    args: dict[str, object] = {
        "course": c,
        "session": 1,
        "at": AT,
        "route": c.route,
        "dose_mg": c.sessions[0].dose_mg,
        "labs": GOOD_LABS,
        "patient_courses": (c,),
        "given_by": "Nurse Give",
    }
    args.update(kw)
    return evaluate_gate(GateInput.model_validate(args))


def rules(result, level: str) -> set[str]:
    return {f.rule for f in result.findings if f.level == level}


def test_all_good_is_ready() -> None:
    result = gate()
    assert result.clear, [f.line() for f in result.stops]
    assert worklist_status(result) == "ready"
    assert all(f.level in ("pass", "warn", "stop") for f in result.findings)


@pytest.mark.parametrize(("value", "level"), [(49.9, "stop"), (50, "pass"), (50.1, "pass")])
def test_platelets_lp_boundary(value: float, level: str) -> None:
    labs = (lab("platelets", value, "10^9/L"), *GOOD_LABS[1:])
    finding = next(f for f in gate(labs=labs).findings if f.rule == "platelets_lp")
    assert finding.level == level
    assert "R200" in finding.sources


def test_platelets_in_per_microlitre_are_converted() -> None:
    labs = (lab("platelets", 49_000, "/uL"), *GOOD_LABS[1:])
    assert "platelets_lp" in rules(gate(labs=labs), "stop")
    labs = (lab("platelets", 51, "G/L"), *GOOD_LABS[1:])
    assert "platelets_lp" in rules(gate(labs=labs), "pass")


def test_ward_may_lower_platelets_to_20_and_says_so() -> None:
    policy = WardPolicy().changed("lp_platelets_min", 20)
    labs = (lab("platelets", 20, "10^9/L"), *GOOD_LABS[1:])
    finding = next(f for f in gate(labs=labs, policy=policy).findings if f.rule == "platelets_lp")
    assert finding.level == "pass"
    assert "ward policy" in finding.sources


@pytest.mark.parametrize(("value", "level"), [(1.49, "pass"), (1.5, "pass"), (1.51, "stop")])
def test_inr_boundary(value: float, level: str) -> None:
    labs = (*GOOD_LABS[:3], lab("inr", value, ""))
    finding = next(f for f in gate(labs=labs).findings if f.rule == "inr_lp")
    assert finding.level == level


@pytest.mark.parametrize(("hours", "stale"), [(71.9, False), (72, False), (72.1, True)])
def test_lab_window_boundary(hours: float, stale: bool) -> None:
    labs = (lab("platelets", 150, "10^9/L", hours_ago=hours), *GOOD_LABS[1:])
    result = gate(labs=labs)
    assert ("labs_stale" in rules(result, "stop")) is stale


def test_missing_labs_need_labs_not_a_silent_pass() -> None:
    result = gate(labs=())
    assert "labs_missing" in rules(result, "stop")
    assert worklist_status(result) == "needs_labs"


def test_give_before_verification_is_refused_without_override() -> None:
    course = make_course().model_copy(update={"id": 1})
    result = gate(course)
    assert worklist_status(result) == "needs_verification"
    inp = GateInput(
        course=course, session=1, at=AT, route="lp", dose_mg=12, labs=GOOD_LABS, given_by="N"
    )
    with pytest.raises(SafetyRefusal) as err:
        give_checked(inp, now=AT, limits=LIMITS, override_reason="urgent")
    assert err.value.rule == "verification"


def test_verifier_cannot_give() -> None:
    assert "verifier_gives" in rules(gate(given_by="dr check"), "stop")


def _hours_ago(hours: float) -> datetime:
    return AT - timedelta(hours=hours)


@pytest.mark.parametrize(
    ("dose", "hours", "level"),
    [(5, 71.9, "stop"), (5, 72, "pass"), (5, 72.1, "pass"), (2.5, 35.9, "stop"), (2.5, 36, "pass"),
     (None, 40, "stop")],
)  # fmt: skip
def test_apixaban_hold_by_dose_band(dose: float | None, hours: float, level: str) -> None:
    meds = (MedicationRecord(drug="apixaban", last_dose_at=_hours_ago(hours), dose_mg=dose),)
    finding = next(f for f in gate(medications=meds).findings if f.rule == "antithrombotic_hold")
    assert finding.level == level
    assert "R210" in finding.sources


@pytest.mark.parametrize(
    ("days", "level"), [(4.9, "stop"), (5, "warn"), (6.9, "warn"), (7, "pass")]
)
def test_clopidogrel_range(days: float, level: str) -> None:
    meds = (MedicationRecord(drug="clopidogrel", last_dose_at=_hours_ago(days * 24)),)
    finding = next(f for f in gate(medications=meds).findings if f.rule == "antithrombotic_hold")
    assert finding.level == level


def test_aspirin_needs_no_hold() -> None:
    meds = (MedicationRecord(drug="aspirin", last_dose_at=_hours_ago(1)),)
    assert gate(medications=meds).clear


def test_low_platelets_and_apixaban_block_give() -> None:
    labs = (lab("platelets", 30, "10^9/L"), *GOOD_LABS[1:])
    meds = (MedicationRecord(drug="apixaban", last_dose_at=_hours_ago(12), dose_mg=5),)
    course = verified()
    inp = GateInput(
        course=course, session=1, at=AT, route="lp", dose_mg=12, labs=labs,
        medications=meds, given_by="Nurse",
    )  # fmt: skip
    with pytest.raises(SafetyRefusal):
        give_checked(inp, now=AT, limits=LIMITS)
    action, _ = give_checked(inp, now=AT, limits=LIMITS, override_reason="haematology agreed")
    record = action.course.session(1).given  # type: ignore[union-attr]
    assert record is not None and record.override is not None
    assert set(record.override.rules) == {"platelets_lp", "antithrombotic_hold"}
    assert action.event.params["override_why"] == "haematology agreed"


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u200b", "\t\n"])
def test_override_reason_must_be_visible(reason: str) -> None:
    assert meaningful_text(reason) == ""
    labs = (lab("platelets", 30, "10^9/L"), *GOOD_LABS[1:])
    inp = GateInput(
        course=verified(), session=1, at=AT, route="lp", dose_mg=12, labs=labs, given_by="N"
    )
    with pytest.raises((SafetyRefusal, BadInputError)):
        give_checked(inp, now=AT, limits=LIMITS, override_reason=reason)


def test_ommaya_anticoagulant_is_a_warning_and_infection_prompt() -> None:
    course = verified(make_course(pemetrexed_cycles()))
    meds = (MedicationRecord(drug="apixaban", last_dose_at=_hours_ago(12), dose_mg=5),)
    patient = Patient(mrn="MRN1", name="P", it_access="ommaya", csf_flow="normal")
    result = gate(course, medications=meds, patient=patient, labs=GOOD_LABS[:3])
    assert {"ommaya_antithrombotic", "ommaya_infection"} <= rules(result, "warn")
    assert "antithrombotic_hold" not in rules(result, "stop")


def test_ommaya_on_lp_course_is_refused() -> None:
    inp = GateInput(
        course=verified(), session=1, at=AT, route="ommaya", dose_mg=12, labs=GOOD_LABS,
        given_by="N",
    )  # fmt: skip
    with pytest.raises(SafetyRefusal) as err:
        give_checked(inp, now=AT, limits=LIMITS, override_reason="x")
    assert err.value.rule == "route_mismatch"


@pytest.mark.parametrize(
    "at", [AT + timedelta(minutes=1), datetime(1999, 12, 31, 23, 0, tzinfo=TZ)]
)
def test_given_time_in_future_or_before_2000_is_bad_input(at: datetime) -> None:
    inp = GateInput(course=verified(), session=1, at=at, route="lp", dose_mg=12, given_by="N")
    with pytest.raises(BadInputError):
        give_checked(inp, now=AT, limits=LIMITS)


def test_csf_flow() -> None:
    obstructed = Patient(mrn="MRN1", name="P", csf_flow="obstructed")
    finding = next(f for f in gate(patient=obstructed).findings if f.rule == "csf_flow")
    assert finding.level == "stop" and set(finding.sources) == {"R29", "R54"}
    course = verified(make_course(pemetrexed_cycles()))
    unknown = Patient(mrn="MRN1", name="P", it_access="ommaya")
    finding = next(f for f in gate(course, patient=unknown).findings if f.rule == "csf_flow")
    assert finding.level == "warn"


def _given_course(day: date, cid: int, status: str = "stopped", dose: float = 12) -> Course:
    c = verified(cid=cid)
    at = datetime.combine(day, datetime.min.time(), TZ).replace(hour=8)
    c = course_actions.give(
        c, 1, at=at, dose_mg=dose, route="lp", given_by="N", limits=LIMITS
    ).course
    if status == "stopped":
        c = course_actions.stop(c, "switch", at, "Dr").course
    return c


def test_second_dose_same_day_via_stopped_course_is_stopped() -> None:
    old = _given_course(AT.date(), cid=7)
    new = verified(cid=8)
    result = gate(new, patient_courses=(old, new))
    assert "interval_min" in rules(result, "stop")


def test_a_dose_already_given_says_who_gave_it_and_when() -> None:
    """Two workstations giving the same day: the later one is told who gave it and when."""
    from lmdesk.models.local_time import local_time_text

    old = _given_course(AT.date(), cid=7)
    new = verified(cid=8)
    found = next(f for f in gate(new, patient_courses=(old, new)).stops if f.rule == "interval_min")
    given = old.sessions[0].given
    assert given is not None
    assert " by N " in found.message and local_time_text(given.at) in found.message, found.message


def test_same_day_message_words_the_course_status_in_the_readers_language(zh: None) -> None:
    old = _given_course(AT.date(), cid=7, status="stopped")
    new = verified(cid=8)
    found = next(f for f in gate(new, patient_courses=(old, new)).stops if f.rule == "interval_min")
    assert "已终止" in found.message, found.message
    assert "stopped" not in found.message and "active" not in found.message


def test_findings_name_the_drug_in_the_readers_language(zh: None) -> None:
    """A Chinese screen reads 甲氨蝶呤, not the card id, in the interval and cumulative lines."""
    names = {"methotrexate": ("Methotrexate", "甲氨蝶呤")}
    old = _given_course(AT.date(), cid=7, status="stopped")
    new = verified(cid=8)
    result = gate(new, patient_courses=(old, new), drug_names=names)
    interval = next(f for f in result.stops if f.rule == "interval_min")
    cumulative = next(f for f in result.findings if f.rule == "cumulative")
    for finding in (interval, cumulative):
        assert "甲氨蝶呤" in finding.message and "methotrexate" not in finding.message


def test_grade3_ae_blocks_give_with_protocol_step() -> None:
    old = _given_course(AT.date() - timedelta(days=7), cid=7)
    ae = AdverseEvent(
        course_id=7, version="5.0", term="Neutrophil count decreased", grade=3,
        onset=AT.date() - timedelta(days=2), attribution=Attribution.IT_DRUG,
    )  # fmt: skip
    result = gate(verified(cid=8), patient_courses=(old,), adverse_events=(ae,))
    finding = next(f for f in result.findings if f.rule == "ae_grade3")
    assert finding.level == "stop" and "clinician decides" in finding.message
    before = ae.model_copy(update={"onset": AT.date() - timedelta(days=10)})
    assert "ae_grade3" in rules(gate(patient_courses=(old,), adverse_events=(before,)), "pass")
    grade2 = ae.model_copy(update={"grade": 2})
    assert "ae_grade3" in rules(gate(patient_courses=(old,), adverse_events=(grade2,)), "pass")


def test_pemetrexed_label_thresholds_and_vitamins() -> None:
    course = verified(make_course(pemetrexed_cycles()))
    patient = Patient(mrn="MRN1", name="P", it_access="ommaya", csf_flow="normal")
    labs = (lab("platelets", 99, "10^9/L"), lab("anc", 1.5, "10^9/L"), lab("wbc", 4, "10^9/L"),
            lab("crcl", 44.9, "mL/min"))  # fmt: skip
    result = gate(course, patient=patient, labs=labs)
    stops = rules(result, "stop")
    assert {"pemetrexed_platelets", "pemetrexed_crcl"} <= stops
    assert {"pemetrexed_folic_acid", "pemetrexed_b12"} <= stops
    assert "pemetrexed_anc" in rules(result, "pass")
    note = next(f for f in result.findings if f.rule == "pemetrexed_crcl")
    assert "not validated for IT" in note.message
    meds = (
        MedicationRecord(drug="folic-acid", last_dose_at=_hours_ago(24 * 8)),
        MedicationRecord(drug="vitamin-b12", last_dose_at=_hours_ago(24 * 8)),
    )
    labs2 = (lab("platelets", 100, "10^9/L"), *labs[1:3], lab("crcl", 45, "mL/min"))
    assert gate(course, patient=patient, labs=labs2, medications=meds).clear


# -- interval and cumulative arithmetic across courses -----------------------------------------

days_st = st.lists(st.integers(min_value=0, max_value=40), max_size=8)


@given(days_st, st.integers(min_value=0, max_value=40))
def test_interval_breaks_match_brute_force(offsets: list[int], candidate: int) -> None:
    base = date(2027, 1, 1)
    given_days = [base + timedelta(days=o) for o in offsets]
    day = base + timedelta(days=candidate)
    close, windows = interval_breaks(day, given_days, 3)
    assert close == sorted(d for d in given_days if abs((d - day).days) < 3)
    brute = any(
        1 + sum(1 for d in given_days if s <= d <= s + timedelta(days=6)) > 2
        for s in (day - timedelta(days=k) for k in range(7))
    )
    assert bool(windows) is brute


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(["active", "stopped"]),
                  st.floats(min_value=1, max_value=12.5, allow_nan=False)),
        min_size=1, max_size=6,
    )
)  # fmt: skip
def test_cumulative_counts_every_course(specs: list[tuple[int, str, float]]) -> None:
    courses = [
        _given_course(date(2026, 10, 1) + timedelta(days=o), cid=i + 1, status=s, dose=round(d, 2))
        for i, (o, s, d) in enumerate(specs)
    ]
    doses = given_doses(courses)
    assert len(doses) == len(specs)
    result = gate(verified(cid=99), patient_courses=tuple(courses))
    expected = round(sum(round(d, 2) for _, _, d in specs), 4)
    assert result.cumulative.given_mg == pytest.approx(expected)
    assert result.cumulative.courses == len(specs)


def test_a_dose_given_later_the_same_day_still_counts() -> None:
    later = _given_course(AT.date(), cid=7).model_copy()
    at = AT.replace(hour=7)  # before the 08:00 dose of the stopped course
    assert "interval_min" in rules(gate(verified(cid=8), patient_courses=(later,), at=at), "stop")


def test_worklist_why_joins_sentences_in_either_language() -> None:
    from lmdesk.i18n import set_language
    from lmdesk.models.scheduling.worklist import join_sentences

    assert join_sentences(["Labs missing.", "Not verified."]) == "Labs missing. Not verified."
    assert join_sentences(["缺少化验。", "未核对。"]) == "缺少化验。未核对。"
    assert join_sentences(["a", "", "b."]) == "a; b."
    set_language("zh_CN")
    try:
        assert join_sentences(["缺少化验", "未核对。"]) == "缺少化验；未核对。"
    finally:
        set_language("en")
