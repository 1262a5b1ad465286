"""The sheet's record blocks: the cumulative dose over every course of the patient, gate
overrides and grade >= 3 adverse events, in English and Chinese; none on an unsaved plan."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sheet_factories import DATA, LIMITS, PRINTED, TZ, make_course

from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.scheduling.course import Course, GateOverride, GivenRecord
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import RegimenSheet, SheetSettings
from lmdesk.models.sheet.history import SheetHistory
from lmdesk.models.sheet.text import SheetLanguage

OVERRIDE = GateOverride(
    reason="platelets transfused; haematology agreed",
    by="Dr Chen",
    at=datetime(2027, 1, 4, 8, 50, tzinfo=TZ),
    rules=("platelets_low", "anticoagulant_hold"),
)


def given(course: Course, n: int, dose: float, override: GateOverride | None = None) -> Course:
    sessions = tuple(
        s.model_copy(
            update={
                "status": "given",
                "given": GivenRecord(
                    at=datetime.combine(s.date, datetime.min.time(), TZ).replace(hour=9),
                    dose_mg=dose,
                    route=s.route,
                    given_by="Nurse Li",
                    override=override,
                ),
            }
        )
        if s.n == n
        else s
        for s in course.sessions
    )
    return course.model_copy(update={"sessions": sessions})


def stopped_course() -> Course:
    old = given(given(make_course(course_id=3), 1, 15), 2, 15)
    return old.model_copy(
        update={"status": "stopped", "stop_reason": "replaced", "stopped_at": PRINTED}
    )


def serious_ae(course_id: int, grade: int = 3, term: str = "Arachnoiditis") -> AdverseEvent:
    return AdverseEvent(
        id=1,
        course_id=course_id,
        version="5.0",
        term=term,
        grade=grade,
        onset=date(2027, 1, 6),
        attribution="it_drug",
    )


def sheet(
    course: Course, history: SheetHistory | None, language: SheetLanguage = "en"
) -> RegimenSheet:
    return build_sheet(
        course, None, SheetSettings(language=language), DATA, LIMITS, PRINTED, history=history
    )


def cumulative_lines(s: RegimenSheet) -> tuple[str, ...]:
    titles = ("Cumulative intrathecal dose", "鞘内累计剂量")
    found = next(x for x in s.sections if x.title in titles or x.title.startswith(titles[0]))
    return found.lines


def test_cumulative_counts_a_stopped_course_of_the_patient() -> None:
    old = stopped_course()
    new = given(make_course(course_id=7), 1, 15)
    planned = sum(x.dose_mg for x in new.sessions[1:])
    alone = cumulative_lines(sheet(new, None))
    assert alone[0].startswith("Pemetrexed, lumbar puncture: given 15 mg,")
    lines = cumulative_lines(sheet(new, SheetHistory(patient_courses=(old, new))))
    assert lines[0] == (
        "Pemetrexed, lumbar puncture: given 45 mg, "
        f"still planned {planned:g} mg, total {45 + planned:g} mg"
    )
    assert "all courses of this patient (2)" in lines[-1]
    assert "stopped, cancelled and replaced" in lines[-1]


def test_cumulative_uses_the_course_as_printed_not_its_stored_copy() -> None:
    stored = make_course(course_id=7)
    now = given(stored, 1, 12)
    lines = cumulative_lines(sheet(now, SheetHistory(patient_courses=(stored,))))
    assert lines[0].startswith("Pemetrexed, lumbar puncture: given 12 mg,")
    assert "(1)" in lines[-1]


def test_override_prints_who_when_reason_and_rules() -> None:
    course = given(make_course(), 1, 15, OVERRIDE)
    s = sheet(course, SheetHistory(patient_courses=(course,)))
    block = next(x for x in s.sections if x.title == "Pre-dose gate overridden")
    assert block.lines == (
        "Session 1 (2027-01-04): gate stop overridden by Dr Chen at 2027-01-04 08:50; "
        "rules: platelets_low, anticoagulant_hold; "
        "reason: platelets transfused; haematology agreed",
    )
    assert "gate stop overridden, see below" in s.sessions[0].status
    assert "see below" not in s.sessions[1].status


def test_override_rules_are_worded_once_each() -> None:
    from lmdesk.models.scheduling.gate_finding import rules_text

    override = OVERRIDE.model_copy(
        update={"rules": ("labs_missing", "labs_missing", "antithrombotic_hold")}
    )
    course = given(make_course(), 1, 15, override)
    s = sheet(course, SheetHistory(patient_courses=(course,)))
    block = next(x for x in s.sections if x.title == "Pre-dose gate overridden")
    assert "rules: labs missing, antithrombotic hold time;" in block.lines[0]
    assert rules_text("labs_missing, labs_missing, platelets_lp") == (
        "labs missing, platelets before LP"
    )


def test_override_rules_in_chinese(zh: None) -> None:
    from lmdesk.models.scheduling.gate_finding import rules_text

    assert rules_text(("labs_missing", "platelets_lp")) == "缺少化验、腰椎穿刺前血小板"


def test_grade3_adverse_event_prints_and_grade2_does_not() -> None:
    course = make_course()
    events = (serious_ae(7), serious_ae(7, grade=2, term="Headache"), serious_ae(99, grade=4))
    history = SheetHistory(patient_courses=(course,), adverse_events=events)
    s = sheet(course, history)
    block = next(x for x in s.sections if x.title.startswith("Adverse events of grade 3"))
    assert block.lines == ("Arachnoiditis: grade 3, onset 2027-01-06",)
    assert "Headache" not in s.all_text()


def test_chinese_sheet_prints_the_blocks_in_chinese() -> None:
    course = given(make_course(), 1, 15, OVERRIDE)
    history = SheetHistory(
        patient_courses=(stopped_course(), course),
        adverse_events=(serious_ae(7),),
        ae_terms={"Arachnoiditis": ("Arachnoiditis", "蛛网膜炎")},
    )
    text = sheet(course, history, "zh_CN").all_text()
    assert "按该患者的全部疗程（2 个）累计" in text
    assert "越过给药前核查" in text and "理由：platelets transfused; haematology agreed" in text
    assert "由 Dr Chen 于 2027-01-04 08:50 越过" in text
    assert "本疗程 3 级及以上不良事件" in text and "蛛网膜炎：3 级，发生日期 2027-01-06" in text
    assert "INTRATHECAL / 鞘内注射" in text


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_without_history_the_sheet_is_unchanged(language: SheetLanguage) -> None:
    plan = make_course(course_id=None)
    s = sheet(plan, None, language)
    assert s == sheet(plan, None, language)
    text = s.all_text()
    for word in ("all courses", "全部疗程", "overridden", "越过", "grade 3", "3 级"):
        assert word not in text
    assert len(s.sections) == len(sheet(make_course(), None, language).sections)
