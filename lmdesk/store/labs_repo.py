"""Lab results of a patient in the patient DB: add (audited in the same transaction) and list."""

from __future__ import annotations

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.labs import LabResult
from lmdesk.store.dbapi import Connection
from lmdesk.store.patient_store import PatientStore

ENTITY = "lab_result"


def patient_id(conn: Connection, mrn: str) -> int:
    row = conn.execute("SELECT id FROM patients WHERE mrn = ?", (mrn.strip(),)).fetchone()
    if row is None:
        raise BadInputError(_("No patient with MRN {mrn}.").format(mrn=mrn))
    return int(row[0])


class LabsRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def add(self, mrn: str, result: LabResult) -> LabResult:
        """Save ``result`` for the patient; returns it with its id."""
        pdb = self._pdb
        now = pdb.now_iso()
        with pdb.transaction() as conn:
            pid = patient_id(conn, mrn)
            cur = conn.execute(
                "INSERT INTO lab_results (patient_id, test, taken_at, status, body, created_at,"
                " updated_at, row_version) VALUES (?, ?, ?, 'active', ?, ?, ?, 1) RETURNING id",
                (
                    pid,
                    result.test,
                    result.at.isoformat(timespec="minutes"),
                    result.model_dump_json(exclude={"id"}),
                    now,
                    now,
                ),
            )
            saved = result.model_copy(update={"id": int(cur.fetchone()[0])})
            pdb.audit(
                "lab.add",
                ENTITY,
                saved.id or 0,
                None,
                {"mrn": mrn, "lab": saved.model_dump(mode="json", exclude={"id"})},
                event=AuditEvent(
                    code="lab.add",
                    params={
                        "mrn": mrn,
                        "test": result.test,
                        "value": result.value,
                        "unit": result.unit,
                        "at": result.at.isoformat(timespec="minutes"),
                    },
                ),
            )
        return saved

    def for_patient(self, mrn: str) -> list[LabResult]:
        """Active results, newest first."""
        pid = patient_id(self._pdb.conn, mrn)
        rows = self._pdb.conn.execute(
            "SELECT id, body FROM lab_results WHERE patient_id = ? AND status = 'active'",
            (pid,),
        ).fetchall()
        labs = [LabResult.model_validate_json(b).model_copy(update={"id": int(i)}) for i, b in rows]
        return sorted(labs, key=lambda r: (r.at, r.id or 0), reverse=True)
