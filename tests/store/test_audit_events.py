"""Every audited change is stored as an event (code + parameters), not as a sentence in the
writer's language; rows read back in the reader's language; old rows still show; the hash
chain holds across old and new rows."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from lmdesk.i18n import set_language
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.patient import Patient
from lmdesk.models.response.assessment import parse_assessment
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.ae_steps import step_action
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import CoMedication
from lmdesk.models.scheduling.toxicity_rules import Attribution, Step
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.sheet_archive import SheetArchive

CJK = re.compile(r"[\u4e00-\u9fff]")
WARD = timezone(timedelta(hours=8))
AT = datetime(2027, 1, 4, 10, 0, tzinfo=WARD)
PDF = b"%PDF-1.4\n%test\n"


def _assessment(course_id: int | None, day: date, kps: int) -> Any:
    return parse_assessment({"course_id": course_id, "assessed_on": day, "kps": kps})


def _every_kind_of_change(reference: Any, pdb: PatientDB) -> None:
    """One of each audited change the app makes."""
    patients = PatientRepository(pdb)
    patient = patients.add(Patient(mrn="A1", name="Li Si"))
    patients.update(patient.model_copy(update={"name": "Li Si (2)"}))
    protocols = ProtocolRepository(reference, pdb)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2026, 12, 28), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    courses = CourseRepository(pdb)
    course = courses.add(course_from_plan(plan, "A1", "Dr A", AT))
    assessments = AssessmentRepository(pdb)  # before a dose is given: dated from the plan
    assessments.add(_assessment(course.id, date(2026, 12, 28), 70))
    later = assessments.add(_assessment(course.id, date(2026, 12, 30), 80))
    later = assessments.update(later, later.model_copy(update={"kps": 90}))
    assessments.add(_assessment(course.id, date(2026, 12, 27), 60), as_baseline=True)
    assessments.retract(later, "entered twice")
    limits = protocols.limits()
    course = courses.apply(
        course,
        act.give(course, 1, at=AT, dose_mg=12, route="lp", given_by="Nurse Li", limits=limits),
    )
    course = courses.apply(course, act.delay(course, 2, date(2027, 1, 9), "fever"))
    course = courses.apply(course, act.hold(course, 3, "platelets"))
    course = courses.apply(course, act.cancel(course, 4, "declined"))
    course = courses.apply(course, act.reduce_from(course, 5, 10, "arachnoiditis"))
    course = courses.apply(course, act.verify(course, "Dr B", AT))
    courses.record_calendar_export(course.id or 0, "li-si-it.ics")
    courses.add_holiday(date(2027, 2, 1), "Spring Festival")
    courses.remove_holiday(date(2027, 2, 1))
    aes = AdverseEventRepository(pdb)
    ae = aes.record(
        AdverseEvent(
            course_id=course.id or 0,
            version="5.0",
            term="Headache",
            grade=2,
            onset=date(2027, 1, 3),
            attribution=Attribution.IT_DRUG,
        )
    )
    ae = aes.set_action(ae, "none")
    result = step_action(course, Step.HOLD, onset=date(2027, 1, 3), reason="AE", at=AT, by="B")
    ae, course = aes.apply_step(ae, courses, course, result)
    aes.retract(ae, "wrong patient")
    archive = SheetArchive(pdb)
    sheet = archive.record(
        PDF,
        course_id=course.id,
        course_revision=course.revision,
        patient_mrn="A1",
        kind="pdf",
        language="en",
        pages=1,
    )
    archive.record_reprint(sheet.id, "print")
    custom = protocols.get("mtx-classic").model_copy(
        update={
            "id": "custom-ward",
            "name_en": "Ward MTX",
            "name_zh": "病区甲氨蝶呤",
            "status": "custom",
            "co_medications": (CoMedication(drug="dexamethasone", dose="5 mg", route="it"),),
        }
    )
    from lmdesk.store.drug_repo import DrugRepository

    protocols.save_custom(custom, DrugRepository(reference).catalog())
    courses.apply(course, act.stop(course, "progression", AT, "Dr B"))


def _rows(pdb: PatientDB) -> list[Any]:
    ids = pdb.conn.execute("SELECT DISTINCT entity, entity_id FROM audit").fetchall()
    return sorted((e for entity, eid in ids for e in pdb.history(entity, eid)), key=lambda e: e.id)


@pytest.fixture
def written(reference: Any, patient_db: PatientDB) -> list[Any]:
    _every_kind_of_change(reference, patient_db)
    return _rows(patient_db)


def test_every_kind_of_change_was_written(written: list[Any]) -> None:
    actions = {e.action for e in written}
    expected = {
        "patient.add", "patient.update", "course.add", "course.give", "course.delay",
        "course.hold", "course.cancel", "course.reduce", "course.verify", "course.stop",
        "course.ics", "holiday.add", "holiday.remove", "ae.record", "ae.action",
        "ae.step.hold", "ae.retract", "assessment.add", "assessment.update",
        "assessment.baseline.unset", "assessment.retract",
        "sheet.pdf", "sheet.reprint", "protocol.save",
    }  # fmt: skip
    assert expected <= actions


def test_every_row_holds_an_event_and_no_sentence(written: list[Any]) -> None:
    for entry in written:
        event = entry.after["event"]
        assert event["code"] == entry.action, entry
        assert "description" not in entry.after, entry


def test_rows_written_in_english_read_in_chinese(written: list[Any]) -> None:
    set_language("zh_CN")
    for entry in written:
        text = entry.text
        assert CJK.search(text), (entry.action, text)
        assert entry.action not in text, text


def test_rows_read_in_english(written: list[Any]) -> None:
    texts: dict[str, str] = {}
    for e in written:
        texts.setdefault(e.action, e.text)
    assert texts["course.hold"] == "Session 3 held: platelets"
    assert "INTRATHECAL by lumbar puncture" in texts["course.give"]
    assert "Spring Festival" in texts["holiday.remove"]


def test_chain_holds_over_old_free_text_rows_and_new_event_rows(
    reference: Any, patient_db: PatientDB
) -> None:
    with patient_db.transaction():  # a row as an earlier release wrote it
        patient_db.audit("course.ics", "course", "1", None, {"file_name": "old.ics"})
        patient_db.audit(
            "course.add", "course", "1", None, {"description": "Course planned: mtx, 3 sessions."}
        )
    _every_kind_of_change(reference, patient_db)
    assert patient_db.verify_audit().ok
    old = patient_db.history("course", "1")[:2]
    set_language("zh_CN")
    assert "old.ics" in old[0].text and CJK.search(old[0].text)
    assert old[1].text == "Course planned: mtx, 3 sessions."


def test_event_must_match_the_action(patient_db: PatientDB) -> None:
    from lmdesk.models.audit.event import AuditEvent

    with pytest.raises(ValueError), patient_db.transaction():
        patient_db.audit("course.hold", "course", "1", None, {}, event=AuditEvent(code="x"))
    assert patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
