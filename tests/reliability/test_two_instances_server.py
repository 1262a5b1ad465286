"""Two lmdesk instances (two real processes, two people) on one ward database: no lost update.

As on SQLite (``test_two_instances``), each process keeps the copy it loaded, as a screen
would; here each signs in to the ward server as its own person. The stale one gets
ConflictError naming who changed the record and when, with the record as stored now; the
database keeps exactly the first edit and its one audit row. Two workstations giving the
same session: one wins, the other is told who gave it and when.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.local_time import local_time_text
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.users.roles import Role
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.server.ward_db import ServerPatientDB

sys.path.insert(0, str(Path(__file__).parent))
from test_two_instances import Instance
from ward_helpers import make_ward, password_of, person_env, person_url

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=8)))
CLOCK = FixedClock(NOW)
PEOPLE = [
    ("dr.plan", "Dr Plan", Role.PRESCRIBER),
    ("nurse.a", "Nurse A", Role.NURSE),
    ("dr.b", "Dr B", Role.PRESCRIBER),  # may give and hold
]


def owner(ward_url: str) -> ServerPatientDB:
    return ServerPatientDB.open(ward_url, login=None, password=None, clock=CLOCK, user="checker")


@pytest.fixture
def saved_course(ward_url: str, reference: ReferenceDB) -> int:
    """The ward's people, a patient and a course planned by Dr Plan on their own connection."""
    make_ward(ward_url, CLOCK, PEOPLE)
    doctor = ServerPatientDB.open(
        person_url(ward_url),
        login="dr.plan",
        password=password_of("dr.plan"),
        clock=CLOCK,
        user="Dr Plan",
    )
    PatientRepository(doctor).add(Patient(mrn="T1", name="王 五"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    course = CourseRepository(doctor).add(course_from_plan(plan, "T1", "Dr Plan", NOW))
    doctor.close()
    assert course.id is not None
    return course.id


@pytest.fixture
def two(ward_url: str, reference_db_path: Path) -> Iterator[tuple[Instance, Instance]]:
    url = person_url(ward_url)
    a = Instance(url, reference_db_path, "Nurse A", person_env("nurse.a"))
    b = Instance(url, reference_db_path, "Dr B", person_env("dr.b"))
    yield a, b
    a.close()
    b.close()


def test_stale_session_edit_on_the_server_is_refused_with_who_and_when(
    ward_url: str, saved_course: int, two: tuple[Instance, Instance]
) -> None:
    a, b = two
    assert a.ask(f"load {saved_course}")["revision"] == 0
    assert b.ask(f"load {saved_course}")["revision"] == 0
    assert a.ask("give 1") == {"ok": True, "revision": 1}
    stale = b.ask("hold 1 platelets 40")
    assert "ok" not in stale and stale["revision"] == 0
    assert "changed by someone else" in stale["conflict"]
    assert "Nurse A" in stale["conflict"] and "Session 1 given" in stale["conflict"]
    assert local_time_text(NOW) in stale["conflict"]
    fresh = stale["current"]
    assert fresh["revision"] == 1
    assert fresh["sessions"][0]["status"] == "given"
    assert fresh["sessions"][0]["given"]["given_by"] == "Nurse A"

    checker = owner(ward_url)
    try:
        courses = CourseRepository(checker)
        course = courses.get(saved_course)
        assert course.revision == 1 and course.sessions[0].status == "given"
        history = courses.history(saved_course)
        assert [h.action for h in history] == ["course.add", "course.give"]
        assert [h.user for h in history] == ["Dr Plan", "Nurse A"]
    finally:
        checker.close()

    # after reloading, B's edit goes through on top of A's
    assert b.ask(f"load {saved_course}")["revision"] == 1
    assert b.ask("hold 2 platelets 40") == {"ok": True, "revision": 2}
    checker = owner(ward_url)
    try:
        course = CourseRepository(checker).get(saved_course)
        assert [s.status for s in course.sessions[:2]] == ["given", "held"]
        assert checker.verify_trail().ok
    finally:
        checker.close()


def test_two_workstations_give_the_same_session_one_wins(
    ward_url: str, saved_course: int, two: tuple[Instance, Instance]
) -> None:
    a, b = two
    a.ask(f"load {saved_course}")
    b.ask(f"load {saved_course}")
    assert a.ask("give 1") == {"ok": True, "revision": 1}
    second = b.ask("give 1")
    assert "ok" not in second
    assert "Nurse A" in second["conflict"] and local_time_text(NOW) in second["conflict"]
    assert second["current"]["sessions"][0]["given"]["given_by"] == "Nurse A"
    checker = owner(ward_url)
    try:
        course = CourseRepository(checker).get(saved_course)
        given = course.sessions[0].given
        assert given is not None and given.given_by == "Nurse A"
        actions = [h.action for h in CourseRepository(checker).history(saved_course)]
        assert actions == ["course.add", "course.give"]
    finally:
        checker.close()


def test_stale_patient_edit_on_the_server_is_refused_with_the_fresh_record(
    ward_url: str, saved_course: int, two: tuple[Instance, Instance]
) -> None:
    a, b = two
    assert a.ask("loadpatient T1")["ok"] and b.ask("loadpatient T1")["ok"]
    assert a.ask("kps 70")["ok"]
    stale = b.ask("kps 90")
    assert "changed by someone else" in stale["conflict"]
    assert stale["current"]["kps"] == 70 and stale["current"]["row_version"] == 2
    checker = owner(ward_url)
    try:
        assert PatientRepository(checker).by_mrn("T1").kps == 70
    finally:
        checker.close()
