"""Antithrombotic and pemetrexed-vitamin doses on a patient in the patient DB (audited)."""

from __future__ import annotations

from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.scheduling.antithrombotics import MedicationRecord
from lmdesk.store.labs_repo import patient_id
from lmdesk.store.patient_store import PatientStore

ENTITY = "medication"


class MedicationsRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def add(self, mrn: str, record: MedicationRecord) -> MedicationRecord:
        pdb = self._pdb
        now = pdb.now_iso()
        with pdb.transaction() as conn:
            pid = patient_id(conn, mrn)
            cur = conn.execute(
                "INSERT INTO medications (patient_id, drug, last_dose_at, status, body,"
                " created_at, updated_at, row_version)"
                " VALUES (?, ?, ?, 'active', ?, ?, ?, 1) RETURNING id",
                (
                    pid,
                    record.drug,
                    record.last_dose_at.isoformat(timespec="minutes"),
                    record.model_dump_json(exclude={"id"}),
                    now,
                    now,
                ),
            )
            saved = record.model_copy(update={"id": int(cur.fetchone()[0])})
            pdb.audit(
                "med.add",
                ENTITY,
                saved.id or 0,
                None,
                {"mrn": mrn, "medication": saved.model_dump(mode="json", exclude={"id"})},
                event=AuditEvent(
                    code="med.add",
                    params={
                        "mrn": mrn,
                        "drug": record.drug,
                        "dose_mg": record.dose_mg,
                        "at": record.last_dose_at.isoformat(timespec="minutes"),
                    },
                ),
            )
        return saved

    def for_patient(self, mrn: str) -> list[MedicationRecord]:
        """Active records, newest dose first."""
        pid = patient_id(self._pdb.conn, mrn)
        rows = self._pdb.conn.execute(
            "SELECT id, body FROM medications WHERE patient_id = ? AND status = 'active'",
            (pid,),
        ).fetchall()
        meds = [
            MedicationRecord.model_validate_json(b).model_copy(update={"id": int(i)})
            for i, b in rows
        ]
        return sorted(meds, key=lambda m: (m.last_dose_at, m.id or 0), reverse=True)
