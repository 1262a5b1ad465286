import sqlite3

import pytest
from sheet_factories import make_course, patient

from lmdesk.models.errors import BadInputError
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.server.errors import ServerRefusedError
from lmdesk.store.sheet_archive import SheetArchive, sha256_hex

PDF = b"%PDF-1.4\n% a tiny stand-in\n%%EOF\n"


@pytest.fixture
def saved_course(patient_db):
    PatientRepository(patient_db).add(patient())
    return CourseRepository(patient_db).add(make_course(course_id=None))


def record(archive, course, data=PDF, kind="pdf"):
    return archive.record(
        data,
        course_id=course.id,
        course_revision=course.revision,
        patient_mrn=course.patient_mrn,
        kind=kind,
        language="en",
        pages=2,
        reference_version="2026.11.1",
        file_name="sheet.pdf",
    )


def test_archived_bytes_and_hash_match(patient_db, saved_course):
    archive = SheetArchive(patient_db)
    sheet = record(archive, saved_course)
    assert sheet.sha256 == sha256_hex(PDF) and sheet.size_bytes == len(PDF)
    assert archive.pdf_bytes(sheet.id) == PDF
    assert sheet.printed_by == patient_db.user
    assert sheet.printed_at.isoformat() == patient_db.now_iso()
    history = patient_db.history("sheet", sheet.id)
    assert [h.action for h in history] == ["sheet.pdf"]
    assert history[0].after["sha256"] == sheet.sha256


def test_status_never_current_then_out_of_date(patient_db, saved_course):
    archive = SheetArchive(patient_db)
    assert archive.status(saved_course.id, saved_course.revision).state == "never"
    sheet = record(archive, saved_course, kind="print")
    status = archive.status(saved_course.id, saved_course.revision)
    assert status.state == "current" and status.last == sheet
    assert archive.status(saved_course.id, saved_course.revision + 1).state == "out_of_date"


def test_list_is_newest_first_and_per_course(patient_db, saved_course):
    archive = SheetArchive(patient_db)
    first = record(archive, saved_course)
    second = record(archive, saved_course, data=PDF + b"x")
    plan = archive.record(
        PDF, course_id=None, course_revision=0, patient_mrn="", kind="pdf", language="en", pages=1
    )
    assert [s.id for s in archive.list(saved_course.id)] == [second.id, first.id]
    assert [s.id for s in archive.list()] == [plan.id, second.id, first.id]


def test_archive_rows_cannot_be_changed_or_deleted(patient_db, saved_course):
    sheet = record(SheetArchive(patient_db), saved_course)
    refused = (sqlite3.DatabaseError, ServerRefusedError)
    with pytest.raises(refused, match="kept as printed"):
        patient_db.conn.execute("UPDATE sheet_archive SET pdf = ? WHERE id = ?", (b"\0", sheet.id))
    with pytest.raises(refused, match="kept as printed"):
        patient_db.conn.execute("DELETE FROM sheet_archive WHERE id = ?", (sheet.id,))


def test_tampered_bytes_are_never_handed_out(patient_db, saved_course):
    archive = SheetArchive(patient_db)
    sheet = record(archive, saved_course)
    conn = patient_db.conn
    on_table = " ON sheet_archive" if patient_db.dialect.is_server else ""
    conn.execute(f"DROP TRIGGER sheet_archive_no_update{on_table}")
    conn.execute("UPDATE sheet_archive SET pdf = ? WHERE id = ?", (PDF + b"evil", sheet.id))
    with pytest.raises(BadInputError, match="SHA-256"):
        archive.pdf_bytes(sheet.id)


def test_bad_input_archives_nothing(patient_db, saved_course):
    archive = SheetArchive(patient_db)
    audit_rows = patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(BadInputError):
        record(archive, saved_course, data=b"not a pdf")
    with pytest.raises(BadInputError):
        record(archive, saved_course.model_copy(update={"id": 999}))
    assert archive.list() == []
    assert patient_db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows


def test_reprint_is_audited(patient_db, saved_course):
    archive = SheetArchive(patient_db)
    sheet = record(archive, saved_course)
    archive.record_reprint(sheet.id, "pdf", "copy.pdf")
    assert [h.action for h in patient_db.history("sheet", sheet.id)] == [
        "sheet.pdf",
        "sheet.reprint",
    ]
    with pytest.raises(BadInputError):
        archive.record_reprint(12345, "pdf")
