"""Helpers for the fault tests: a small patient DB written through the real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from lmdesk.models.clock import FixedClock
from lmdesk.models.patient import Patient
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import PatientRepository

CLOCK = FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=8))))


def open_db(path: Path, *, check: bool = True) -> PatientDB:
    """Open as the CLI does (integrity_check at open), backups in ``<folder>/backups``."""
    return PatientDB.open(
        path, clock=CLOCK, user="tester", backups_dir=path.parent / "backups", check_integrity=check
    )


def add_patients(pdb: PatientDB, prefix: str, n: int) -> None:
    repo = PatientRepository(pdb)
    for i in range(n):
        repo.add(Patient(mrn=f"{prefix}{i}", name=f"王 {prefix}{i}"))


def make_db(path: Path, n: int = 5) -> PatientDB:
    pdb = open_db(path)
    add_patients(pdb, "P", n)
    return pdb
