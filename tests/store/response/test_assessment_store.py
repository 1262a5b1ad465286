"""Assessments in the patient DB: round trip, audit chain, one baseline, nothing half-saved,
stale edits refused, and the migration from schema 6 keeping every row."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.patient import Patient
from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.response.imaging import MriFindings
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store import patient_db as patient_db_module
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.backup import list_backups
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.dbapi import INTEGRITY_ERRORS
from lmdesk.store.migrations import MIGRATIONS
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository

START = date(2026, 12, 14)  # a Monday; the test clock says 2027-01-04


def _course(reference: Any, pdb: PatientDB, *, old_schema: bool = False) -> Course:
    if old_schema:  # the repository writes today's columns; schema 6 has fewer
        with pdb.transaction() as conn:
            conn.execute(
                "INSERT INTO patients (mrn, name, search_key, body, created_at, updated_at,"
                " row_version) VALUES ('A1', 'Li Si', 'a1', ?, ?, ?, 1)",
                (Patient(mrn="A1", name="Li Si").model_dump_json(), pdb.now_iso(), pdb.now_iso()),
            )
    else:
        PatientRepository(pdb).add(Patient(mrn="A1", name="Li Si"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=START, confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    return CourseRepository(pdb).add(course_from_plan(plan, "A1", "Dr A", datetime(2026, 12, 1)))


def _a(course_id: int, day: date, **extra: Any) -> Assessment:
    return parse_assessment(
        {
            "course_id": course_id,
            "assessed_on": day,
            "kps": 70,
            "ecog": 1,
            "neuro": {"gait": "1"},
            "csf": {
                "cytology": "positive",
                "markers": [{"name": "CEA", "value": "12.50", "unit": "ng/mL"}],
            },
            **extra,
        }
    )


@pytest.fixture
def setup(reference: Any, patient_db: PatientDB) -> tuple[Course, AssessmentRepository]:
    return _course(reference, patient_db), AssessmentRepository(patient_db)


def test_round_trip_first_is_baseline_and_audited(setup: Any, patient_db: PatientDB) -> None:
    course, repo = setup
    first = repo.add(_a(course.id, date(2026, 12, 10), note="two\nlines"))
    assert first.is_baseline and first.id is not None and first.recorded_by == "tester"
    back = repo.get(first.id)
    assert back == first
    assert str(back.csf.markers[0].value) == "12.50"
    second = repo.add(_a(course.id, date(2026, 12, 28), kps=80))
    assert not second.is_baseline and second.rated_against == first.id
    assert [a.id for a in repo.for_course(course.id)] == [first.id, second.id]
    history = repo.history(first.id)
    assert [h.action for h in history] == ["assessment.add"]
    assert history[0].after["assessment"]["kps"] == 70
    assert "neuro.strength" in history[0].after["missing"]
    assert "2026-12-10 Thu" in history[0].text
    assert patient_db.verify_audit().ok


def test_nothing_is_half_saved_when_a_rule_refuses(setup: Any, patient_db: PatientDB) -> None:
    course, repo = setup
    repo.add(_a(course.id, date(2026, 12, 10)))
    audit_rows = patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    for day in (date(2026, 12, 12), date(2026, 12, 9), date(2027, 1, 5)):
        with pytest.raises(BadInputError):
            repo.add(_a(course.id, day))  # before the first session / the baseline / future
    assert len(repo.for_course(course.id)) == 1
    assert patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows


def test_unknown_course_is_bad_input(setup: Any) -> None:
    _, repo = setup
    with pytest.raises(BadInputError, match="No course with id 99"):
        repo.add(_a(99, date(2026, 12, 10)))


def test_an_earlier_assessment_can_become_the_baseline_atomically(
    setup: Any, patient_db: PatientDB
) -> None:
    course, repo = setup
    later = repo.add(_a(course.id, date(2026, 12, 20)))
    earlier = repo.add(_a(course.id, date(2026, 12, 10)), as_baseline=True)
    rows = {a.id: a for a in repo.for_course(course.id)}
    assert rows[earlier.id].is_baseline and not rows[later.id].is_baseline
    assert rows[later.id].rated_against is None  # its ratings were not made against this one
    assert [h.action for h in repo.history(later.id)][-1] == "assessment.baseline.unset"
    assert patient_db.verify_audit().ok


def test_moving_the_baseline_is_refused_when_it_would_break_the_date_rules(
    setup: Any,
) -> None:
    course, repo = setup
    pre = repo.add(_a(course.id, date(2026, 12, 10)))  # before the first session
    post = repo.add(_a(course.id, date(2026, 12, 28)))
    with pytest.raises(BadInputError, match="before the course's first IT session"):
        repo.set_baseline(post)
    assert repo.get(pre.id).is_baseline and not repo.get(post.id).is_baseline


def test_set_baseline_moves_the_flag(setup: Any) -> None:
    course, repo = setup
    a = repo.add(_a(course.id, date(2026, 12, 15)))
    b = repo.add(_a(course.id, date(2026, 12, 16)))
    with pytest.raises(BadInputError):  # b would be baseline, a a follow-up before it
        repo.set_baseline(b)
    repo.retract(b, "entered twice")
    c = repo.add(_a(course.id, date(2026, 12, 18)))
    new = repo.set_baseline(repo.get(a.id))
    assert new.is_baseline and c.rated_against == a.id


def test_the_db_itself_refuses_two_baselines(setup: Any, patient_db: PatientDB) -> None:
    course, repo = setup
    a = repo.add(_a(course.id, date(2026, 12, 15)))
    b = repo.add(_a(course.id, date(2026, 12, 16)))
    with pytest.raises(INTEGRITY_ERRORS), patient_db.transaction() as conn:
        conn.execute("UPDATE assessments SET is_baseline = 1 WHERE id = ?", (b.id,))
    assert repo.get(a.id).is_baseline


def test_stale_edit_raises_conflict_with_the_fresh_record(
    setup: Any, patient_db: PatientDB
) -> None:
    course, repo = setup
    saved = repo.add(_a(course.id, date(2026, 12, 10)))
    mine = saved.model_copy(update={"kps": 80})
    patient_db.user = "Dr Zhao (dr.zhao)"  # another workstation saves first
    theirs = repo.update(saved, saved.model_copy(update={"kps": 60}))
    assert theirs.revision == saved.revision + 1
    patient_db.user = "tester"
    with pytest.raises(ConflictError) as info:
        repo.update(saved, mine)
    assert isinstance(info.value.current, Assessment) and info.value.current.kps == 60
    assert "Latest change (Dr Zhao (dr.zhao)," in str(info.value)  # who, when, what
    with pytest.raises(ConflictError):
        repo.set_baseline(saved)


def test_update_is_audited_with_before_and_after(setup: Any, patient_db: PatientDB) -> None:
    course, repo = setup
    saved = repo.add(_a(course.id, date(2026, 12, 10)))
    repo.update(saved, saved.model_copy(update={"kps": 50}))
    entry = repo.history(saved.id)[-1]
    assert entry.action == "assessment.update"
    assert entry.before["assessment"]["kps"] == 70 and entry.after["assessment"]["kps"] == 50
    assert patient_db.verify_audit().ok


def test_update_keeps_course_and_refuses_bad_dates(setup: Any) -> None:
    course, repo = setup
    base = repo.add(_a(course.id, date(2026, 12, 15)))
    follow = repo.add(_a(course.id, date(2026, 12, 20)))
    with pytest.raises(BadInputError, match="another course"):
        repo.update(follow, follow.model_copy(update={"course_id": 2}))
    with pytest.raises(BadInputError, match="after the baseline"):
        repo.update(follow, follow.model_copy(update={"assessed_on": date(2026, 12, 15)}))
    assert repo.get(follow.id).assessed_on == date(2026, 12, 20)
    assert repo.get(base.id).revision == 1


def test_retract_keeps_the_row_and_needs_a_reason(setup: Any) -> None:
    course, repo = setup
    base = repo.add(_a(course.id, date(2026, 12, 10)))
    follow = repo.add(_a(course.id, date(2026, 12, 20)))
    with pytest.raises(BadInputError, match="reason"):
        repo.retract(follow, "  ")
    with pytest.raises(BadInputError, match="another assessment as the baseline"):
        repo.retract(base, "wrong patient")
    gone = repo.retract(follow, "wrong patient")
    assert gone.status == "retracted"
    assert [a.id for a in repo.for_course(course.id)] == [base.id]
    assert len(repo.for_course(course.id, include_retracted=True)) == 2


def test_migration_from_schema_6_keeps_data(
    tmp_path: Path, reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(datetime(2027, 1, 4, 9, 0).astimezone())
    path = tmp_path / "old.sqlite"
    backups = tmp_path / "backups"
    with monkeypatch.context() as patch:
        patch.setattr(patient_db_module, "MIGRATIONS", MIGRATIONS[:6])
        patch.setattr(patient_db_module, "LATEST_VERSION", 6)
        old = PatientDB.open(path, clock=clock, user="old", backups_dir=backups)
        course = _course(reference, old, old_schema=True)
        assert old.schema_version == 6
        assert "assessments" not in old.db.table_names()
        old.close()
    db = PatientDB.open(path, clock=clock, user="new", backups_dir=backups)
    try:
        assert db.schema_version >= 7  # later migrations run too
        assert CourseRepository(db).get(course.id or 0).patient_mrn == "A1"
        assert PatientRepository(db).by_mrn("A1").name == "Li Si"
        assert any("pre-v7" in b.name for b in list_backups(backups))
        saved = AssessmentRepository(db).add(_a(course.id or 0, date(2026, 12, 10)))
        assert saved.is_baseline
        assert db.verify_audit().ok
    finally:
        db.close()


def test_a_baseline_cannot_carry_ratings_against_a_baseline(setup: Any) -> None:
    course, repo = setup
    rated = _a(course.id, date(2026, 12, 10), neuro_rating="stable")
    with pytest.raises(BadInputError, match="nothing earlier to be compared with"):
        repo.add(rated)
    assert repo.for_course(course.id) == []
    base = repo.add(_a(course.id, date(2026, 12, 10)))
    follow = repo.add(_a(course.id, date(2026, 12, 20), neuro_rating="stable"))
    assert follow.neuro_rating == "stable" and follow.rated_against == base.id
    with pytest.raises(BadInputError, match="nothing earlier"):
        mri = MriFindings(done=True, rano_grade="stable")
        repo.update(base, base.model_copy(update={"mri": mri}))
