"""The audit trail is append-only and hash-chained."""

from __future__ import annotations

import sqlite3
from datetime import UTC

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.store.audit import verify_chain
from lmdesk.store.patient_db import PatientDB


def test_audit_refuses_update_and_delete(patient_db: PatientDB) -> None:
    with patient_db.transaction():
        patient_db.audit("create", "patient", 1, None, {"name": "A"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        patient_db.conn.execute("UPDATE audit SET user = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        patient_db.conn.execute("DELETE FROM audit")


def test_audit_outside_a_transaction_is_a_programming_error(patient_db: PatientDB) -> None:
    with pytest.raises(RuntimeError):
        patient_db.audit("create", "patient", 1, None, {"name": "A"})


def test_history_returns_before_and_after_in_order(patient_db: PatientDB) -> None:
    with patient_db.transaction():
        patient_db.audit("create", "patient", 7, None, {"name": "A"})
    with patient_db.transaction():
        patient_db.audit("update", "patient", 7, {"name": "A"}, {"name": "B"})
    with patient_db.transaction():
        patient_db.audit("update", "patient", 8, None, {"name": "other"})
    rows = patient_db.history("patient", 7)
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[1].before == {"name": "A"} and rows[1].after == {"name": "B"}
    assert rows[0].user == "tester"
    assert rows[0].at.startswith("2027-01-04T09:00:00")


def _tamper(conn: sqlite3.Connection, sql: str) -> None:
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute(sql)


def test_chain_detects_edited_content(patient_db: PatientDB) -> None:
    for i in range(4):
        with patient_db.transaction():
            patient_db.audit("edit", "x", i, None, {"i": i})
    assert verify_chain(patient_db.conn).ok
    _tamper(patient_db.conn, "UPDATE audit SET user = 'mallory' WHERE id = 3")
    report = verify_chain(patient_db.conn)
    assert report.first_broken_id == 3


def test_chain_detects_a_deleted_row(patient_db: PatientDB) -> None:
    for i in range(4):
        with patient_db.transaction():
            patient_db.audit("edit", "x", i, None, {"i": i})
    patient_db.conn.execute("DROP TRIGGER audit_no_delete")
    patient_db.conn.execute("DELETE FROM audit WHERE id = 2")
    assert verify_chain(patient_db.conn).first_broken_id == 3


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=30), st.dictionaries(st.text(max_size=8), st.text(max_size=20))),
        min_size=1,
        max_size=6,
    )
)
def test_any_unicode_content_keeps_a_valid_chain(tmp_path_factory, entries) -> None:
    from datetime import datetime

    from lmdesk.models.clock import FixedClock

    folder = tmp_path_factory.mktemp("audit")
    pdb = PatientDB.open(
        folder / "p.sqlite",
        clock=FixedClock(datetime(2027, 1, 1, tzinfo=UTC)),
        user="测试 user 👩‍⚕️",
        backups_dir=folder / "b",
    )
    for action, after in entries:
        with pdb.transaction():
            pdb.audit(action, "patient", "1", None, after)
    assert verify_chain(pdb.conn).ok
    pdb.close()
