"""The kill -9 harness against the ward server, and a kill inside an open transaction.

The writer (``crash_writer.py``) signs in to a ward database as a registered prescriber of
its own (a connection is a person) and is SIGKILLed again and again; afterwards every
reported write is on the server at its revision or later, course rows, session rows and
audit rows agree, and the audit chain and trail are intact. A writer killed inside an open
transaction (its course, sessions and audit row written, not committed) leaves nothing of
it, on either engine, and the next writer can take the write lock at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from lmdesk.models.users.roles import Role
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.server.ward_db import ServerPatientDB

sys.path.insert(0, str(Path(__file__).parent))
from test_crash_kill import (
    CI_RUNS,
    CLOCK,
    check_consistent,
    check_store,
    kill_inside_transaction,
    kill_loop_on,
)
from ward_helpers import make_ward, person_env, person_url

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

WRITER_LOGIN = "dr.crash"


@pytest.fixture
def ward(ward_url: str) -> str:
    """The ward with its writer (a registered prescriber: plans, gives, holds, records)."""
    make_ward(ward_url, CLOCK, [(WRITER_LOGIN, "Dr Crash", Role.PRESCRIBER)])
    return ward_url


def open_checker(ward_url: str) -> ServerPatientDB:
    return ServerPatientDB.open(ward_url, login=None, password=None, clock=CLOCK, user="checker")


def check_server(ward_url: str, reported: dict[int, int], ae_ids: set[int]) -> int:
    pdb = open_checker(ward_url)
    try:
        count = check_store(pdb, reported, ae_ids)
        trail = pdb.verify_trail()
        assert trail.ok, trail.findings
        return count
    finally:
        pdb.close()


def test_sigkill_during_course_writes_on_the_server_loses_nothing(
    ward: str, reference_db_path: Path
) -> None:
    kill_loop_on(
        person_url(ward),
        reference_db_path,
        CI_RUNS,
        lambda reported, aes: check_server(ward, reported, aes),
        env=person_env(WRITER_LOGIN),
    )


def test_the_server_checker_notices_a_half_written_course(
    ward: str, reference_db_path: Path
) -> None:
    """The check can fail on the server too: the owner drops a session row behind the API."""
    _, lines = kill_inside_transaction(
        person_url(ward), reference_db_path, person_env(WRITER_LOGIN), 8
    )
    reported = {int(w[1]): int(w[2]) for w in (line.split() for line in lines) if w[0] != "AE"}
    assert reported
    check_server(ward, reported, set())  # whole before the damage
    owner = open_checker(ward)
    with owner.transaction() as conn:  # the owner passes the session guard (setting up)
        conn.execute("DELETE FROM course_sessions WHERE n = 1 AND course_id = ?", (min(reported),))
    owner.close()
    with pytest.raises(AssertionError):
        check_server(ward, reported, set())


def assert_nothing_half_saved(pdb: PatientStore, mrn: str, reports: list[str]) -> None:
    reported = {int(w[1]): int(w[2]) for w in (r.split() for r in reports) if w[0] != "AE"}
    aes = {int(w[1]) for w in (r.split() for r in reports) if w[0] == "AE"}
    check_store(pdb, reported, aes)
    conn = pdb.conn
    half = conn.execute(
        "SELECT count(*) FROM courses c JOIN patients p ON p.id = c.patient_id WHERE p.mrn = ?",
        (mrn,),
    ).fetchone()[0]
    assert half == 0, "the killed transaction's course was kept"
    courses = conn.execute("SELECT count(*) FROM courses").fetchone()[0]
    assert courses == len(reported), "a course nobody reported as saved"
    added = conn.execute("SELECT count(*) FROM audit WHERE action = 'course.add'").fetchone()[0]
    assert added == courses, "an audit row of the killed transaction was kept"
    # the write lock went with the killed writer: this workstation writes at once
    from lmdesk.models.patient import Patient

    PatientRepository(pdb).add(Patient(mrn=f"{mrn}-after", name="之后 测试"))


def test_kill_inside_an_open_transaction_on_the_server_leaves_nothing(
    ward: str, reference_db_path: Path
) -> None:
    mrn, reports = kill_inside_transaction(
        person_url(ward), reference_db_path, person_env(WRITER_LOGIN), 12
    )
    pdb = open_checker(ward)
    try:
        assert_nothing_half_saved(pdb, mrn, reports)
        assert pdb.verify_trail().ok
    finally:
        pdb.close()


def test_kill_inside_an_open_transaction_on_sqlite_leaves_nothing(
    tmp_path: Path, reference_db_path: Path
) -> None:
    db = tmp_path / "patients.sqlite"
    mrn, reports = kill_inside_transaction(str(db), reference_db_path, None, 12)
    reported = {int(w[1]): int(w[2]) for w in (r.split() for r in reports) if w[0] != "AE"}
    check_consistent(db, reported)
    pdb = PatientDB.open(db, clock=CLOCK, user="checker", backups_dir=tmp_path)
    try:
        assert_nothing_half_saved(pdb, mrn, reports)
    finally:
        pdb.close()
