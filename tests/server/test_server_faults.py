"""The ward server going away: a write is refused whole, nothing is half-saved, the next use
reconnects by itself; a workstation holding the write turn too long makes others' writes
refused with a clear message, not a hang."""

from __future__ import annotations

import psycopg
import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.server import connect
from lmdesk.store.server.errors import ServerBusyError, ServerUnreachableError
from lmdesk.store.server.ward_db import WRITE_LOCK, ServerPatientDB


def _owner(url: str, clock: FixedClock) -> ServerPatientDB:
    return ServerPatientDB.open(url, login=None, password=None, clock=clock, user="Nurse A")


def _cut(url: str, pdb: ServerPatientDB) -> None:
    """What a lost network or a server restart does to this workstation's session."""
    pid = pdb.server_conn.raw.info.backend_pid
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_lost_session_refuses_the_write_whole_and_comes_back(
    ward_url: str, clock: FixedClock
) -> None:
    pdb = _owner(ward_url, clock)
    patients = PatientRepository(pdb)
    patients.add(Patient(mrn="F1", name="A"))
    _cut(ward_url, pdb)
    with pytest.raises(ServerUnreachableError) as lost:
        patients.add(Patient(mrn="F2", name="B"))
    assert "Nothing was saved" in str(lost.value)
    assert {p.mrn for p in patients.search("")} == {"F1"}
    patients.add(Patient(mrn="F2", name="B"))  # the same change, tried again, goes through
    assert {p.mrn for p in patients.search("")} == {"F1", "F2"}
    assert pdb.verify_audit().ok
    pdb.close()


def test_a_session_lost_inside_a_transaction_saves_nothing_of_it(
    ward_url: str, clock: FixedClock
) -> None:
    pdb = _owner(ward_url, clock)
    with pytest.raises(ServerUnreachableError), pdb.transaction() as conn:
        conn.execute(
            "INSERT INTO patients (mrn, name, search_key, body, created_at, updated_at)"
            " VALUES ('H1', 'Half', 'h1', '{}', 'x', 'x')"
        )
        _cut(ward_url, pdb)
        conn.execute("SELECT 1")
    other = _owner(ward_url, clock)
    assert other.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
    other.close()
    pdb.close()


def test_an_unreachable_server_at_start_is_said_plainly(clock: FixedClock) -> None:
    with pytest.raises(ServerUnreachableError) as down:
        ServerPatientDB.open(
            "postgresql://127.0.0.1:1/lmdesk", login="x", password="y", clock=clock, user="x"
        )
    assert "cannot be reached" in str(down.value) and "127.0.0.1" in str(down.value)


def test_a_write_turn_held_too_long_is_refused_not_waited_for(
    ward_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connect, "LOCK_WAIT_MS", 300)
    pdb = _owner(ward_url, clock)
    with psycopg.connect(ward_url) as holder:  # another workstation, mid-transaction
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        with pytest.raises(ServerBusyError, match="NOT SAVED"):
            PatientRepository(pdb).add(Patient(mrn="B1", name="Busy"))
    PatientRepository(pdb).add(Patient(mrn="B1", name="Busy"))  # free again: saved
    assert PatientRepository(pdb).by_mrn("B1").name == "Busy"
    pdb.close()


def test_the_next_write_after_a_lost_session_starts_a_new_transaction(
    ward_url: str, clock: FixedClock
) -> None:
    """A lost connection's state is unknown; the next unit of work must not take itself for
    a nested one (a SAVEPOINT outside any transaction) but reconnect and begin afresh."""
    pdb = _owner(ward_url, clock)
    patients = PatientRepository(pdb)
    _cut(ward_url, pdb)
    with pytest.raises(ServerUnreachableError):
        patients.add(Patient(mrn="N1", name="A"))
    patients.add(Patient(mrn="N1", name="A"))
    assert patients.by_mrn("N1").name == "A" and pdb.verify_audit().ok
    pdb.close()


def test_a_worker_read_waits_for_the_unit_of_work_on_the_same_connection(
    ward_url: str, clock: FixedClock
) -> None:
    """The GUI writes while a worker reads on the same connection: the read waits, it never
    lands inside the write's transaction nor breaks it."""
    import threading

    pdb = _owner(ward_url, clock)
    seen: list[int] = []
    with pdb.transaction() as conn:
        conn.execute(
            "INSERT INTO patients (mrn, name, search_key, body, created_at, updated_at)"
            " VALUES ('W1', 'Write', 'w1', '{}', 'x', 'x')"
        )
        reader = threading.Thread(
            target=lambda: seen.append(
                int(pdb.conn.execute("SELECT count(*) FROM patients").fetchone()[0])
            )
        )
        reader.start()
        reader.join(0.3)
        assert reader.is_alive() and not seen  # waiting for the unit of work
        pdb.audit("patient.add", "patient", 1, None, {"mrn": "W1"})
    reader.join(5)
    assert seen == [1]
    assert pdb.conn.execute("SELECT name FROM patients WHERE mrn = 'W1'").fetchone()[0] == "Write"
    pdb.close()
