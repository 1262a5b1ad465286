"""Schema 10: patients saved before pinyin search get their pinyin search key and a pinyin
sort key, on SQLite and on the ward server (issue 26: "zhang" missed an existing 张伟 until
the record was edited, and the Patients screen listed names in code-point order)."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import lmdesk.store.patient_db as patient_db_module
from lmdesk.models.clock import FixedClock
from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.patient import Patient
from lmdesk.store.migrations import MIGRATIONS
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository

NAMES = (("A1", "张伟"), ("A2", "刘洋"), ("A3", "Adams"), ("A4", "王芳"))
PINYIN_ORDER = ["Adams", "刘洋", "王芳", "张伟"]


def _old_key(mrn: str, name: str) -> str:
    """The search key as schema 9 wrote it (no pinyin)."""
    return normalize_name(mrn) + "\x1f" + normalize_name(name)


@pytest.mark.sqlite_only
def test_sqlite_patients_get_pinyin_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FixedClock(datetime(2027, 1, 4, 9, 0).astimezone())
    path, backups = tmp_path / "old.sqlite", tmp_path / "backups"
    with monkeypatch.context() as patch:
        patch.setattr(patient_db_module, "MIGRATIONS", MIGRATIONS[:9])
        patch.setattr(patient_db_module, "LATEST_VERSION", 9)
        old = PatientDB.open(path, clock=clock, user="old", backups_dir=backups)
        with old.transaction() as conn:
            for mrn, name in NAMES:
                conn.execute(
                    "INSERT INTO patients (mrn, name, search_key, body, created_at, updated_at,"
                    " row_version) VALUES (?, ?, ?, ?, ?, ?, 1)",
                    (mrn, name, _old_key(mrn, name), Patient(mrn=mrn, name=name).model_dump_json(),
                     old.now_iso(), old.now_iso()),
                )  # fmt: skip
        assert old.schema_version == 9
        old.close()
    db = PatientDB.open(path, clock=clock, user="new", backups_dir=backups)
    try:
        assert db.schema_version == 10
        repo = PatientRepository(db)
        assert [p.name for p in repo.search("zhang")] == ["张伟"]
        assert [r.name for r in repo.pick("liuyang")] == ["刘洋"]
        assert [r.name for r in repo.page(order="name")] == PINYIN_ORDER
        assert [r.name for r in repo.page(order="name", descending=True)] == PINYIN_ORDER[::-1]
        plan = db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM patients ORDER BY sort_name, id LIMIT 5"
        ).fetchall()
        assert "patients_sort_name" in " ".join(str(row) for row in plan)
    finally:
        db.close()


def test_a_saved_or_edited_patient_keeps_its_sort_key(patient_db: Any) -> None:
    repo = PatientRepository(patient_db)
    for mrn, name in NAMES:
        repo.add(Patient(mrn=mrn, name=name))
    assert [r.name for r in repo.page(order="name")] == PINYIN_ORDER
    liu = repo.by_mrn("A2")
    repo.update(liu.model_copy(update={"name": "赵六"}))  # zhao: after zhang
    assert [r.name for r in repo.page(order="name")] == ["Adams", "王芳", "张伟", "赵六"]


def test_the_ward_server_runs_the_data_migration(
    pg_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    import lmdesk.store.server.setup as setup_module
    from lmdesk.models.clock import SystemClock
    from lmdesk.store.server.setup import upgrade_schema

    url = pg_cluster.url(f"lm_m10_{uuid.uuid4().hex[:12]}")
    with monkeypatch.context() as patch:
        patch.setattr(setup_module, "MIGRATIONS", MIGRATIONS[:9])
        patch.setattr(setup_module, "LATEST_VERSION", 9)
        upgrade_schema(url, tmp_path / "b", SystemClock())
    with psycopg.connect(url, autocommit=True) as conn:
        for mrn, name in NAMES:
            conn.execute(
                "INSERT INTO patients (mrn, name, search_key, body, created_at, updated_at,"
                " row_version) VALUES (%s, %s, %s, %s, %s, %s, 1)",
                (mrn, name, _old_key(mrn, name), "{}", "2027-01-04", "2027-01-04"),
            )
    report = upgrade_schema(url, tmp_path / "b", SystemClock())
    assert (report.from_version, report.to_version) == (9, 10)
    with psycopg.connect(url, autocommit=True) as conn:
        keys = dict(conn.execute("SELECT name, search_key FROM patients").fetchall())
        order = [r[0] for r in conn.execute("SELECT name FROM patients ORDER BY sort_name, id")]
    assert "zhang" in keys["张伟"] and "liu" in keys["刘洋"]
    assert order == PINYIN_ORDER
