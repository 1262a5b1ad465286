"""The ward policy's changed values in the patient DB; every change audited (before -> after)."""

from __future__ import annotations

from typing import cast

from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.scheduling.ward_policy import Breach, WardPolicy, policy_from_overrides
from lmdesk.store.patient_store import PatientStore

ENTITY = "ward_policy"


class WardPolicyRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def get(self) -> WardPolicy:
        rows = self._pdb.conn.execute("SELECT key, value, breach FROM ward_policy").fetchall()
        return policy_from_overrides({str(k): (float(v), cast(Breach, str(b))) for k, v, b in rows})

    def set(self, key: str, value: float, by: str, breach: Breach | None = None) -> WardPolicy:
        """Change one policy value (checked against its range); audited with the old value."""
        pdb = self._pdb
        with pdb.transaction() as conn:
            before = self.get()
            after = before.changed(key, value, breach)
            old, new = before.item(key), after.item(key)
            conn.execute(
                "INSERT INTO ward_policy (key, value, breach, updated_at, updated_by, row_version)"
                " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                " breach = excluded.breach, updated_at = excluded.updated_at,"
                " updated_by = excluded.updated_by, row_version = ward_policy.row_version + 1",
                (key, new.value, new.breach, pdb.now_iso(), by),
            )
            pdb.audit(
                "policy.set",
                ENTITY,
                key,
                {"value": old.value, "breach": old.breach},
                {"value": new.value, "breach": new.breach, "by": by},
                event=AuditEvent(
                    code="policy.set",
                    params={
                        "key": key,
                        "old": old.value,
                        "new": new.value,
                        "breach": new.breach,
                        "who": by,
                    },
                ),
            )
        return after
