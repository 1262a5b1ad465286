"""AE records on a course: saved with audit, ordered timeline, steps applied through the
scheduler in one transaction, stale edits refused."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.ae_steps import step_action, target_session
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.toxicity_rules import Attribution, Step
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository

AT = datetime(2027, 1, 4, 10, 0)
ONSET = date(2027, 1, 3)


def _setup(reference: Any, patient_db: Any) -> tuple[CourseRepository, Any, AdverseEventRepository]:
    PatientRepository(patient_db).add(Patient(mrn="A1", name="X"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2026, 12, 28), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    courses = CourseRepository(patient_db)
    course = courses.add(course_from_plan(plan, "A1", "Dr A", AT))
    return courses, course, AdverseEventRepository(patient_db)


def _ae(course_id: int, **extra: Any) -> AdverseEvent:
    data: dict[str, Any] = {
        "course_id": course_id,
        "version": "5.0",
        "term": "Platelet count decreased",
        "grade": 3,
        "onset": date(2027, 1, 3),
        "lab_value": "40",
        "lab_unit": "10^9/L",
        "attribution": Attribution.IT_DRUG,
        "criterion": "<50,000 - 25,000/mm3; <50.0 - 25.0 x 10e9 /L",
    }
    data.update(extra)
    return AdverseEvent(**data)


def test_record_and_timeline(reference: Any, patient_db: Any) -> None:
    _courses, course, repo = _setup(reference, patient_db)
    late = repo.record(
        _ae(
            course.id,
            onset=date(2027, 1, 4),
            term="Headache",
            grade=1,
            lab_value=None,
            lab_unit=None,
        )
    )
    early = repo.record(_ae(course.id))
    assert [a.id for a in repo.for_course(course.id)] == [early.id, late.id]
    assert repo.get(early.id) == early
    assert early.recorded_by == patient_db.user
    history = repo.history(early.id)
    assert [h.action for h in history] == ["ae.record"]
    assert patient_db.verify_audit().ok


def test_future_onset_refused_and_nothing_saved(reference: Any, patient_db: Any) -> None:
    _courses, course, repo = _setup(reference, patient_db)
    with pytest.raises(BadInputError):
        repo.record(_ae(course.id, onset=date(2027, 1, 5)))
    assert repo.for_course(course.id) == []


def test_unknown_course_refused(reference: Any, patient_db: Any) -> None:
    _courses, _course, repo = _setup(reference, patient_db)
    with pytest.raises(BadInputError):
        repo.record(_ae(999))
    assert patient_db.conn.execute("SELECT count(*) FROM adverse_events").fetchone()[0] == 0


@pytest.mark.parametrize("grade", [0, 6])
def test_grade_out_of_range_is_invalid(grade: int) -> None:
    with pytest.raises(ValueError):
        _ae(1, grade=grade)


def test_apply_hold_through_the_scheduler(reference: Any, patient_db: Any) -> None:
    courses, course, repo = _setup(reference, patient_db)
    ae = repo.record(_ae(course.id))
    due = target_session(course, ONSET)
    assert due is not None and due.date >= ONSET
    assert any(s.is_open and s.date < ONSET for s in course.sessions)
    result = step_action(
        course, Step.HOLD, onset=ONSET, reason="AE: platelets G3", at=AT, by="Dr B"
    )
    ae2, changed = repo.apply_step(ae, courses, course, result)
    assert ae2.action_taken == "hold"
    assert changed.session(due.n).status == "held"
    assert courses.get(course.id).session(due.n).status == "held"
    assert repo.get(ae.id).action_taken == "hold"
    assert [h.action for h in courses.history(course.id)][-1] == "course.hold"
    assert [h.action for h in repo.history(ae.id)] == ["ae.record", "ae.step.hold"]
    assert patient_db.verify_audit().ok


def test_apply_reduce_and_delay_and_stop(reference: Any, patient_db: Any) -> None:
    courses, course, repo = _setup(reference, patient_db)
    ae = repo.record(_ae(course.id, term="Arachnoiditis", grade=2, lab_value=None))
    due = target_session(course, ONSET)
    assert due is not None
    result = step_action(
        course, Step.REDUCE, onset=ONSET, reason="neuro", at=AT, by="Dr B", dose_mg=10
    )
    ae, course = repo.apply_step(ae, courses, course, result)
    assert all(s.dose_mg == 10 for s in course.sessions if s.is_open and s.date >= ONSET)
    result = step_action(
        course,
        Step.DELAY,
        onset=ONSET,
        reason="neuro",
        at=AT,
        by="Dr B",
        new_date=date(2027, 1, 20),
    )
    ae, course = repo.apply_step(ae, courses, course, result)
    assert course.session(due.n).status == "delayed"
    result = step_action(course, Step.STOP, onset=ONSET, reason="neuro", at=AT, by="Dr B")
    ae, course = repo.apply_step(ae, courses, course, result)
    assert course.status == "stopped" and ae.action_taken == "stop"


def test_step_needs_its_details(reference: Any, patient_db: Any) -> None:
    _courses, course, _repo = _setup(reference, patient_db)
    with pytest.raises(BadInputError):
        step_action(course, Step.DELAY, onset=ONSET, reason="x", at=AT, by="B")
    with pytest.raises(BadInputError):
        step_action(course, Step.REDUCE, onset=ONSET, reason="x", at=AT, by="B")
    with pytest.raises(BadInputError):
        step_action(course, Step.HOLD, onset=ONSET, reason="  ", at=AT, by="B")


def test_failed_course_change_leaves_ae_untouched(reference: Any, patient_db: Any) -> None:
    courses, course, repo = _setup(reference, patient_db)
    ae = repo.record(_ae(course.id))
    result = step_action(course, Step.HOLD, onset=ONSET, reason="counts", at=AT, by="Dr B")
    courses.apply(
        course, step_action(course, Step.HOLD, onset=ONSET, reason="other", at=AT, by="Dr C")
    )
    with pytest.raises(ConflictError):
        repo.apply_step(ae, courses, course, result)
    assert repo.get(ae.id).action_taken == ""
    assert [h.action for h in repo.history(ae.id)] == ["ae.record"]


def test_stale_ae_edit_conflicts(reference: Any, patient_db: Any) -> None:
    _courses, course, repo = _setup(reference, patient_db)
    ae = repo.record(_ae(course.id))
    repo.set_action(ae, "none")
    with pytest.raises(ConflictError):
        repo.set_action(ae, "hold")
    assert repo.get(ae.id).action_taken == "none"


def test_retract_keeps_the_row(reference: Any, patient_db: Any) -> None:
    _courses, course, repo = _setup(reference, patient_db)
    ae = repo.record(_ae(course.id))
    with pytest.raises(BadInputError):
        repo.retract(ae, " ")
    gone = repo.retract(ae, "wrong patient")
    assert repo.for_course(course.id) == []
    assert repo.for_course(course.id, include_retracted=True)[0].status == "retracted"
    assert gone.note == "wrong patient"


def test_unknown_action_invalid(reference: Any, patient_db: Any) -> None:
    _courses, course, repo = _setup(reference, patient_db)
    ae = repo.record(_ae(course.id))
    with pytest.raises(ValueError):
        repo.set_action(ae, "explode")


def test_past_open_sessions_are_left_alone(reference: Any, patient_db: Any) -> None:
    _courses, course, _repo = _setup(reference, patient_db)
    result = step_action(course, Step.HOLD, onset=ONSET, reason="x", at=AT, by="B")
    held = [s for s in result.course.sessions if s.status == "held"]
    assert len(held) == 1 and held[0].date >= ONSET


def test_no_session_after_onset(reference: Any, patient_db: Any) -> None:
    _courses, course, _repo = _setup(reference, patient_db)
    with pytest.raises(BadInputError):
        step_action(course, Step.HOLD, onset=date(2030, 1, 1), reason="x", at=AT, by="B")
