from sheet_factories import make_course, patient

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.sheet_archive import SheetArchive
from lmdesk.store.sheet_courses import list_courses

PDF = b"%PDF-1.4 test"


def test_rows_carry_print_state_and_follow_the_search(patient_db):
    PatientRepository(patient_db).add(patient())
    PatientRepository(patient_db).add(Patient(mrn="B-2", name="Li Si"))
    courses = CourseRepository(patient_db)
    first = courses.add(make_course(course_id=None))
    other = courses.add(make_course(course_id=None).model_copy(update={"patient_mrn": "B-2"}))
    rows = {r.id: r for r in list_courses(patient_db)}
    assert set(rows) == {first.id, other.id}
    row = rows[first.id]
    assert row.mrn == "MRN-001" and row.patient_name == "Zhang San 张三"
    assert row.first_date == first.sessions[0].date and row.revision == first.revision
    assert row.state == "never"
    assert row.protocol_name("zh_CN") == "培美曲塞鞘内注射 15 mg 腰穿(PMLM)"
    assert [r.id for r in list_courses(patient_db, "张三")] == [first.id]
    assert [r.id for r in list_courses(patient_db, "ｌｉ ｓｉ")] == [other.id]
    assert list_courses(patient_db, "%") and list_courses(patient_db, "nobody") == []

    SheetArchive(patient_db).record(
        PDF,
        course_id=first.id,
        course_revision=first.revision,
        patient_mrn="MRN-001",
        kind="pdf",
        language="en",
        pages=1,
    )
    assert {r.id: r for r in list_courses(patient_db)}[first.id].state == "current"
    courses.apply(first, act.hold(first, 2, "low platelets"))
    assert {r.id: r for r in list_courses(patient_db)}[first.id].state == "out_of_date"
    assert len(list_courses(patient_db, limit=1)) == 1
