"""A refused stale edit names the latest change: who made it, when and what (two workstations
on the ward server edit one record; "reload" alone left the second user guessing)."""

from __future__ import annotations

import pytest

from lmdesk.models.errors import ConflictError
from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.patient_store import PatientStore


def _other_workstation(pdb: PatientStore, who: str) -> None:
    pdb.user = who


def test_a_stale_patient_edit_names_who_changed_it(patient_db: PatientStore) -> None:
    repo = PatientRepository(patient_db)
    mine = repo.add(Patient(mrn="A1", name="X"))
    _other_workstation(patient_db, "Nurse Li (li.na)")
    repo.update(mine.model_copy(update={"kps": 80}))
    _other_workstation(patient_db, "Dr Wang (dr.wang)")
    with pytest.raises(ConflictError) as info:
        repo.update(mine.model_copy(update={"kps": 70}))
    message = str(info.value)
    assert "Nurse Li (li.na)" in message and "Latest change" in message
    assert isinstance(info.value.current, Patient) and info.value.current.kps == 80
