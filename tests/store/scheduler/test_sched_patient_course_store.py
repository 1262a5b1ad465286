from datetime import date, datetime

import pytest

from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository

AT = datetime(2027, 1, 4, 10, 0)


def test_add_and_search_patients_in_either_script(patient_db):
    repo = PatientRepository(patient_db)
    a = repo.add(Patient(mrn="A100", name="张 三", driver_gene="egfr_19del"))
    repo.add(Patient(mrn="B200", name="Li Si"))
    assert a.id and a.row_version == 1
    assert [p.mrn for p in repo.search("张三")] == ["A100"]
    assert [p.mrn for p in repo.search("ｌｉ ｓｉ")] == ["B200"]
    assert [p.mrn for p in repo.search("a1")] == ["A100"]
    assert [p.mrn for p in repo.search("", sort="name")] == ["B200", "A100"]
    assert [p.mrn for p in repo.search("", sort="mrn")] == ["A100", "B200"]
    assert repo.search("zzz") == []
    assert len(repo.search("%")) == 2  # punctuation alone is no filter
    assert patient_db.history("patient", a.id)[0].action == "patient.add"


def test_duplicate_mrn_is_bad_input_and_writes_nothing(patient_db):
    repo = PatientRepository(patient_db)
    repo.add(Patient(mrn="A1", name="X"))
    count = patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(BadInputError):
        repo.add(Patient(mrn="A1", name="Y"))
    assert patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == count


def test_update_checks_row_version(patient_db):
    repo = PatientRepository(patient_db)
    p = repo.add(Patient(mrn="A1", name="X"))
    p2 = repo.update(p.model_copy(update={"kps": 80}))
    assert p2.row_version == 2 and repo.get(p.id).kps == 80
    with pytest.raises(ConflictError):
        repo.update(p.model_copy(update={"kps": 70}))
    assert repo.get(p.id).kps == 80
    hist = patient_db.history("patient", p.id)
    assert [h.action for h in hist] == ["patient.add", "patient.update"]
    assert hist[1].before["kps"] is None and hist[1].after["kps"] == 80


def _course(reference, patient_db):
    PatientRepository(patient_db).add(Patient(mrn="A1", name="X"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    return CourseRepository(patient_db), course_from_plan(plan, "A1", "Dr A", AT), protocols


def test_course_round_trip_and_snapshot(reference, patient_db):
    repo, course, _p = _course(reference, patient_db)
    saved = repo.add(course)
    loaded = repo.get(saved.id)
    assert loaded == saved
    assert loaded.protocol.id == "mtx-classic"
    rows = patient_db.conn.execute(
        "SELECT count(*) FROM course_sessions WHERE course_id = ?", (saved.id,)
    ).fetchone()[0]
    assert rows == len(saved.sessions)
    assert [c.id for c in repo.for_patient("A1")] == [saved.id]


def test_course_for_unknown_patient_is_bad_input(reference, patient_db):
    repo, course, _p = _course(reference, patient_db)
    with pytest.raises(BadInputError):
        repo.add(course.model_copy(update={"patient_mrn": "NOPE"}))
    assert patient_db.conn.execute("SELECT count(*) FROM courses").fetchone()[0] == 0


def test_actions_are_stored_with_history(reference, patient_db):
    repo, course, protocols = _course(reference, patient_db)
    c = repo.add(course)
    c = repo.apply(
        c,
        act.give(c, 1, at=AT, dose_mg=12, route="lp", given_by="Nurse", limits=protocols.limits()),
    )
    c = repo.apply(c, act.delay(c, 2, date(2027, 1, 9), "fever"))
    c = repo.apply(c, act.hold(c, 3, "platelets"))
    loaded = repo.get(c.id)
    assert loaded.revision == 3 and loaded.session(1).status == "given"
    assert loaded.session(2).date == date(2027, 1, 9)
    hist = repo.history(c.id)
    assert [h.action for h in hist] == ["course.add", "course.give", "course.delay", "course.hold"]
    assert "fever" in hist[2].text
    assert hist[2].before["sessions"][0]["date"] == "2027-01-07"
    assert patient_db.verify_audit().ok


def test_stale_course_change_conflicts_and_changes_nothing(reference, patient_db):
    repo, course, _p = _course(reference, patient_db)
    c = repo.add(course)
    first = repo.apply(c, act.hold(c, 1, "counts"))
    with pytest.raises(ConflictError):
        repo.apply(c, act.cancel(c, 2, "declined"))
    assert repo.get(c.id) == first
    assert len(repo.history(c.id)) == 2


def test_holidays(patient_db):
    repo = CourseRepository(patient_db)
    repo.add_holiday(date(2027, 2, 11), "Spring Festival")
    with pytest.raises(BadInputError):
        repo.add_holiday(date(2027, 2, 11))
    assert repo.holidays() == {date(2027, 2, 11): "Spring Festival"}
    repo.remove_holiday(date(2027, 2, 11))
    assert repo.holidays() == {}
    with pytest.raises(BadInputError):
        repo.remove_holiday(date(2027, 2, 11))


def test_other_it_dates_keep_given_doses_of_stopped_courses(reference, patient_db):
    repo, course, protocols = _course(reference, patient_db)
    first = repo.add(course)
    first = repo.apply(
        first,
        act.give(
            first,
            1,
            at=datetime(2027, 1, 5, 9, 0),
            dose_mg=12,
            route="lp",
            given_by="N",
            limits=protocols.limits(),
        ),
    )
    first = repo.apply(first, act.hold(first, 2, "counts"))
    days = repo.other_it_dates("A1")
    assert date(2027, 1, 5) in days and date(2027, 1, 4) not in days  # given on the 5th
    assert date(2027, 1, 7) not in days  # held
    assert repo.other_it_dates("A1", exclude_course_id=first.id) == frozenset()
    repo.apply(first, act.stop(first, "progression", AT, "Dr A"))
    # a stopped course's planned sessions go; the dose it gave still counts
    assert repo.other_it_dates("A1") == frozenset({date(2027, 1, 5)})


def test_systemic_therapy_typed_in_chinese_becomes_a_card_id(reference):
    from lmdesk.models.patient import SystemicTherapy
    from lmdesk.store.scheduler_context import drug_catalog, systemic_as_cards

    catalog = drug_catalog(reference)
    p = Patient(
        mrn="A",
        name="B",
        systemic_therapy=(
            SystemicTherapy(drug="奥希替尼", dose="160 mg/d"),
            SystemicTherapy(drug="made-up"),
        ),
    )
    out = systemic_as_cards(p, catalog)
    assert [t.drug for t in out.systemic_therapy] == ["osimertinib", "made-up"]
    assert out.systemic_therapy[0].dose == "160 mg/d"
