"""Labs, medications and ward policy in the patient DB: migration, audit, nothing half-saved."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.errors import BadInputError
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.antithrombotics import MedicationRecord
from lmdesk.models.scheduling.labs import make_lab_result
from lmdesk.store.labs_repo import LabsRepository
from lmdesk.store.medications_repo import MedicationsRepository
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.ward_policy_repo import WardPolicyRepository


def _lab(pdb: PatientDB, value: float = 30):
    return make_lab_result(
        test="platelets", at=pdb.clock.now() - timedelta(hours=1), value=value,
        unit="/uL", now=pdb.clock.now(), entered_by="Nurse",
    )  # fmt: skip


def test_migration_adds_tables_to_an_existing_db(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "p.sqlite"
    pdb = PatientDB.open(path, clock=clock, user="t", backups_dir=tmp_path / "b")
    PatientRepository(pdb).add(Patient(mrn="M1", name="A"))
    pdb.conn.execute("DROP TABLE lab_results")
    pdb.conn.execute("DROP TABLE medications")
    pdb.conn.execute("DROP TABLE ward_policy")
    pdb.conn.execute("DROP TABLE users")
    pdb.conn.execute("DROP TABLE ward_settings")
    pdb.conn.execute("DROP INDEX patients_sort_name")  # schema 10's pinyin sort key
    pdb.conn.execute("ALTER TABLE patients DROP COLUMN sort_name")
    pdb.conn.execute("PRAGMA user_version = 7")  # schema 8 is the bedside migration
    pdb.close()
    again = PatientDB.open(path, clock=clock, user="t", backups_dir=tmp_path / "b")
    assert again.schema_version == LATEST_VERSION
    assert PatientRepository(again).by_mrn("M1").name == "A"
    LabsRepository(again).add("M1", _lab(again))
    assert list((tmp_path / "b").iterdir())  # a backup before migrating


def test_lab_add_is_audited_and_converted(patient_db: PatientDB) -> None:
    PatientRepository(patient_db).add(Patient(mrn="M1", name="A"))
    repo = LabsRepository(patient_db)
    saved = repo.add("M1", _lab(patient_db, 30_000))
    assert saved.std_value == pytest.approx(30)
    assert repo.for_patient("M1")[0].id == saved.id
    history = patient_db.history("lab_result", saved.id or 0)
    assert len(history) == 1 and "platelets" in history[0].text


def test_unknown_patient_saves_nothing(patient_db: PatientDB) -> None:
    with pytest.raises(BadInputError):
        LabsRepository(patient_db).add("NOPE", _lab(patient_db))
    with pytest.raises(BadInputError):
        MedicationsRepository(patient_db).add(
            "NOPE", MedicationRecord(drug="apixaban", last_dose_at=patient_db.clock.now())
        )
    for table in ("lab_results", "medications"):
        try:
            n = patient_db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.OperationalError:
            continue
        assert n == 0, table


def test_audit_failure_rolls_back(patient_db: PatientDB, monkeypatch: pytest.MonkeyPatch) -> None:
    PatientRepository(patient_db).add(Patient(mrn="M1", name="A"))

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(patient_db, "audit", broken)
    with pytest.raises(RuntimeError):
        MedicationsRepository(patient_db).add(
            "M1", MedicationRecord(drug="apixaban", last_dose_at=patient_db.clock.now())
        )
    assert patient_db.conn.execute("SELECT count(*) FROM medications").fetchone()[0] == 0


def test_ward_policy_change_is_audited(patient_db: PatientDB) -> None:
    repo = WardPolicyRepository(patient_db)
    assert repo.get().value("lp_platelets_min") == 50
    repo.set("lp_platelets_min", 20, "Ward lead")
    item = repo.get().item("lp_platelets_min")
    assert item.value == 20 and "ward policy" in item.source_keys()
    assert "Ward lead" in patient_db.history("ward_policy", "lp_platelets_min")[0].text
    with pytest.raises(BadInputError):
        repo.set("lp_platelets_min", 5000, "x")
    assert repo.get().value("lp_platelets_min") == 20


def test_medications_newest_first(patient_db: PatientDB) -> None:
    PatientRepository(patient_db).add(Patient(mrn="M1", name="A"))
    repo = MedicationsRepository(patient_db)
    now = patient_db.clock.now()
    repo.add("M1", MedicationRecord(drug="apixaban", last_dose_at=now - timedelta(days=2)))
    repo.add("M1", MedicationRecord(drug="apixaban", last_dose_at=now - timedelta(hours=3)))
    got = repo.for_patient("M1")
    assert got[0].last_dose_at > got[1].last_dose_at
    assert isinstance(got[0].last_dose_at, datetime)
