"""The scale generator writes valid records, and the hot queries use indexes (no table scan).

Timings live in benchmarks/bench_scale.py; here only what can be checked without a clock.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lmdesk.devtools.scale_data import generate
from lmdesk.models.clock import FixedClock
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import Course
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository


@pytest.fixture(scope="module")
def scale_path(tmp_path_factory: pytest.TempPathFactory, reference_db_path: Path) -> Path:
    out = tmp_path_factory.mktemp("scale") / "patients.sqlite"
    counts = generate(out, patients=60, sessions=1500, aes=400, reference_db=reference_db_path)
    assert counts["patients"] == 60 and counts["adverse_events"] == 400
    assert counts["course_sessions"] >= 1500
    return out


@pytest.fixture
def pdb(scale_path: Path, clock: FixedClock):
    db = PatientDB.open(scale_path, clock=clock, user="t", backups_dir=scale_path.parent / "b")
    yield db
    db.close()


def test_generated_db_is_whole_and_its_audit_chain_intact(pdb: PatientDB) -> None:
    assert pdb.check().integrity == "ok"
    report = pdb.verify_audit()
    assert report.ok and report.rows_checked > 400


def test_every_generated_record_validates_and_agrees_with_its_rows(pdb: PatientDB) -> None:
    conn = pdb.conn
    for mrn, name, body in conn.execute("SELECT mrn, name, body FROM patients"):
        patient = Patient.model_validate_json(body)
        assert (patient.mrn, patient.name) == (mrn, name)
    for cid, version, body, pid in conn.execute(
        "SELECT id, row_version, body, patient_id FROM courses"
    ):
        course = Course.model_validate_json(body)
        mrn = conn.execute("SELECT mrn FROM patients WHERE id = ?", (pid,)).fetchone()[0]
        assert course.patient_mrn == mrn and course.revision == version
        rows = conn.execute(
            "SELECT n, status FROM course_sessions WHERE course_id = ? ORDER BY n", (cid,)
        ).fetchall()
        assert rows == [(s.n, s.status) for s in course.sessions]
    for (body,) in conn.execute("SELECT body FROM adverse_events"):
        AdverseEvent.model_validate_json(body)
    orphans = conn.execute(
        "SELECT count(*) FROM patients p WHERE NOT EXISTS"
        " (SELECT 1 FROM courses c WHERE c.patient_id = p.id)"
    ).fetchone()[0]
    assert orphans == 0


def test_generated_patients_are_found_by_the_real_search(pdb: PatientDB) -> None:
    repo = PatientRepository(pdb)
    some = repo.get(7)
    assert some.id in [p.id for p in repo.search(some.name)]
    assert some.id in [p.id for p in repo.search(some.mrn.lower())]


HOT_QUERIES = {
    "patient by MRN": ("SELECT id FROM patients WHERE mrn = ?", ("A1",)),
    "patient's courses": (
        "SELECT c.id, c.body FROM courses c JOIN patients p ON p.id = c.patient_id"
        " WHERE p.mrn = ? ORDER BY c.id",
        ("A1",),
    ),
    "course sessions": ("SELECT n FROM course_sessions WHERE course_id = ?", (1,)),
    "sessions on a day": ("SELECT course_id FROM course_sessions WHERE date = ?", ("2026-01-05",)),
    "course AEs": (
        "SELECT id, body FROM adverse_events WHERE course_id = ? ORDER BY onset_date, id",
        (1,),
    ),
    "audit history": (
        "SELECT id FROM audit WHERE entity = ? AND entity_id = ? ORDER BY id",
        ("course", "1"),
    ),
    "recently changed patients": ("SELECT id FROM patients ORDER BY updated_at DESC", ()),
}


@pytest.mark.parametrize("name", sorted(HOT_QUERIES))
def test_hot_queries_do_not_scan_a_table(pdb: PatientDB, name: str) -> None:
    sql, params = HOT_QUERIES[name]
    plan = " | ".join(r[3] for r in pdb.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    for table in ("patients", "courses", "course_sessions", "adverse_events", "audit"):
        bad = f"SCAN {table}"
        assert all(not step.startswith(bad) or "INDEX" in step for step in plan.split(" | ")), (
            f"{name}: {plan}"
        )
    assert "SEARCH" in plan or "INDEX" in plan, plan


def test_the_repositories_real_queries_do_not_scan_a_table(pdb: PatientDB) -> None:
    """Capture the SQL the repositories actually run and check each plan."""
    from lmdesk.store.ae_repo import AdverseEventRepository
    from lmdesk.store.course_repo import CourseRepository

    seen: list[str] = []
    pdb.conn.set_trace_callback(seen.append)
    patients, courses = PatientRepository(pdb), CourseRepository(pdb)
    some = patients.get(3)
    patients.search("wang")
    patients.by_mrn(some.mrn)
    for course in courses.for_patient(some.mrn):
        assert course.id is not None
        courses.get(course.id)
        courses.history(course.id)
        AdverseEventRepository(pdb).for_course(course.id)
    pdb.conn.set_trace_callback(None)
    selects = [q for q in seen if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 6
    for sql in selects:
        plan = [r[3] for r in pdb.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        scans = [p for p in plan if p.startswith("SCAN ") and "COVERING INDEX" not in p]
        assert not scans, f"{sql}: {plan}"
