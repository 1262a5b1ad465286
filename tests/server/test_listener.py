"""The change listener on a real ward server: changes arrive, a lost server is said and
reconnected, a closed port is reported, stop ends the thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone

import psycopg
import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.server.connect import connect_raw
from lmdesk.store.server.listener import Change, ChangeListener, parse_change
from lmdesk.store.server.ward_db import ServerPatientDB

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=8)))


class Heard:
    """What a listener reported, with waits (the listener calls from its own thread)."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.states: list[tuple[bool, str]] = []
        self._cond = threading.Condition()

    def change(self, change: Change) -> None:
        with self._cond:
            self.changes.append(change)
            self._cond.notify_all()

    def state(self, up: bool, message: str) -> None:
        with self._cond:
            self.states.append((up, message))
            self._cond.notify_all()

    def wait(self, done: Callable[[], bool], timeout: float = 10.0) -> None:
        with self._cond:
            assert self._cond.wait_for(done, timeout), (self.states, self.changes)


@pytest.fixture
def store(ward_url: str) -> Iterator[ServerPatientDB]:
    pdb = ServerPatientDB.open(
        ward_url, login=None, password=None, clock=FixedClock(NOW), user="Ward Owner"
    )
    yield pdb
    pdb.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_committed_change_arrives_with_who_and_what(store: ServerPatientDB) -> None:
    heard = Heard()
    listener = ChangeListener.for_store(store, heard.change, heard.state)
    listener.start()
    try:
        heard.wait(lambda: (True, "") in heard.states)
        PatientRepository(store).add(Patient(mrn="L1", name="李 四"))
        heard.wait(lambda: any(c.entity == "patient" for c in heard.changes))
    finally:
        listener.stop()
    change = next(c for c in heard.changes if c.entity == "patient")
    assert change.user == "Ward Owner"
    assert change.entity_id and change.action.startswith("patient.")
    assert change.audit_id > 0 and change.at.startswith("2027-01-04")
    assert not listener.running


def test_nothing_arrives_from_a_rolled_back_change(store: ServerPatientDB) -> None:
    heard = Heard()
    listener = ChangeListener.for_store(store, heard.change, heard.state)
    listener.start()
    try:
        heard.wait(lambda: (True, "") in heard.states)
        with pytest.raises(RuntimeError), store.transaction():
            store.audit("patient.add", "patient", "X1", None, {"mrn": "X1"})
            raise RuntimeError("undone")
        PatientRepository(store).add(Patient(mrn="L2", name="王 五"))
        heard.wait(lambda: bool(heard.changes))
    finally:
        listener.stop()
    assert all(c.entity_id != "X1" for c in heard.changes)


def test_a_lost_connection_is_said_and_reconnected(store: ServerPatientDB) -> None:
    heard = Heard()
    listener = ChangeListener(
        store.listen_connection, store.where, heard.change, heard.state, backoff=(0.1,)
    )
    listener.start()
    try:
        heard.wait(lambda: (True, "") in heard.states)
        with connect_raw(store.url, None, None) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE query LIKE 'LISTEN%' AND datname = current_database()"
            )
        heard.wait(lambda: any(not up for up, _m in heard.states))
        heard.wait(lambda: heard.states[-1] == (True, ""))
        down = next(m for up, m in heard.states if not up)
        assert "cannot be reached" in down
        PatientRepository(store).add(Patient(mrn="L3", name="赵 六"))
        heard.wait(lambda: any(c.entity == "patient" for c in heard.changes))
    finally:
        listener.stop()


def test_an_unreachable_server_is_reported_and_retried_until_stopped() -> None:
    url = f"postgresql://nobody@127.0.0.1:{closed_port()}/lmdesk"
    heard = Heard()
    tries: list[float] = []

    def connect() -> psycopg.Connection[object]:
        tries.append(time.monotonic())
        return connect_raw(url, None, None)  # type: ignore[return-value]

    listener = ChangeListener(connect, "127.0.0.1", heard.change, heard.state, backoff=(0.05,))
    listener.start()
    heard.wait(lambda: len(tries) >= 3)
    listener.stop()
    assert not listener.running
    assert heard.states and not heard.states[0][0]
    assert "127.0.0.1" in heard.states[0][1] and "cannot be reached" in heard.states[0][1]
    assert len(heard.states) == 1  # the same message is said once, not at every attempt


def test_retry_now_cuts_the_pause_short() -> None:
    url = f"postgresql://nobody@127.0.0.1:{closed_port()}/lmdesk"
    tries: list[float] = []

    def connect() -> psycopg.Connection[object]:
        tries.append(time.monotonic())
        return connect_raw(url, None, None)  # type: ignore[return-value]

    listener = ChangeListener(connect, "x", lambda c: None, backoff=(60.0,))
    listener.start()
    deadline = time.monotonic() + 10
    while not tries and time.monotonic() < deadline:
        time.sleep(0.01)
    listener.retry_now()
    while len(tries) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    listener.stop()
    assert len(tries) >= 2 and not listener.running


@pytest.mark.parametrize(
    "payload", ["", "not json", "[]", '{"entity": "course"}', '{"audit_id": "x"}']
)
def test_unreadable_payloads_are_skipped(payload: str) -> None:
    assert parse_change(payload) is None


def test_a_payload_becomes_a_change() -> None:
    payload = (
        '{"audit_id": 7, "entity": "course", "entity_id": 3, "action": "course.give",'
        ' "user": "Li Na", "at": "2027-01-04T09:00:00+08:00"}'
    )
    assert parse_change(payload) == Change(
        "course", "3", "course.give", "Li Na", "2027-01-04T09:00:00+08:00", 7
    )
