"""Protocol templates (reference DB) and clinicians' custom protocols (patient DB)."""

from __future__ import annotations

import difflib
import json
from functools import cached_property

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent, bilingual
from lmdesk.models.drugs.never_it import NeverItLookup
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.scheduling.dose_safety import DoseLimit, DoseLimits
from lmdesk.models.scheduling.protocol import DrugNames, Protocol
from lmdesk.models.scheduling.protocol_check import check_protocol_safety, require_cards
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.reference import ReferenceDB

CUSTOM_PREFIX = "custom-"


class ProtocolRepository:
    """Read templates and dose limits; save custom protocols (checked and audited)."""

    def __init__(self, reference: ReferenceDB, patients: PatientStore | None = None) -> None:
        self._reference = reference
        self._patients = patients

    @cached_property
    def _templates(self) -> dict[str, Protocol]:
        if not self._reference.has_table("protocols"):
            return {}
        rows = self._reference.conn.execute("SELECT body FROM protocols ORDER BY id").fetchall()
        protocols = [Protocol.model_validate_json(r[0]) for r in rows]
        return {p.id: p for p in protocols}

    def _custom(self) -> dict[str, Protocol]:
        if self._patients is None:
            return {}
        rows = self._patients.conn.execute(
            "SELECT body FROM custom_protocols ORDER BY id"
        ).fetchall()
        return {p.id: p for p in (Protocol.model_validate_json(r[0]) for r in rows)}

    def list(self, include_custom: bool = True) -> list[Protocol]:
        found = dict(self._templates)
        if include_custom:
            found.update(self._custom())
        return [found[k] for k in sorted(found)]

    def get(self, protocol_id: str) -> Protocol:
        """The protocol with this id, or ``BadInputError`` naming close ids."""
        key = protocol_id.strip()
        found = self._templates.get(key) or self._custom().get(key)
        if found is not None:
            return found
        ids = [p.id for p in self.list()]
        close = difflib.get_close_matches(key, ids, n=3, cutoff=0.5)
        hint = _(" Did you mean: {ids}?").format(ids=", ".join(close)) if close else ""
        raise BadInputError(_("Unknown protocol {id!r}.").format(id=protocol_id) + hint)

    @cached_property
    def _limits(self) -> DoseLimits:
        if not self._reference.has_table("dose_limits"):
            return DoseLimits([])
        cursor = self._reference.conn.execute("SELECT * FROM dose_limits")
        columns = [c[0] for c in cursor.description]
        return DoseLimits(
            (
                DoseLimit.model_validate(dict(zip(columns, row, strict=True)))
                for row in cursor.fetchall()
            ),
            names=self._drug_names(),
        )

    def _drug_names(self) -> DrugNames:
        """Card id -> (English, Chinese) name, so dose findings name the drug as read."""
        if not self._reference.has_table("drug_cards"):
            return {}
        rows = self._reference.conn.execute("SELECT id, name_en, name_zh FROM drug_cards")
        return {row[0]: (row[1] or "", row[2] or "") for row in rows.fetchall()}

    def limits(self) -> DoseLimits:
        return self._limits

    def save_custom(self, protocol: Protocol, catalog: NeverItLookup | None) -> Protocol:
        """Insert or update a custom protocol once it passes every protocol safety rule
        (``protocol_check``: identity, never-IT, systemic, one IT drug, ceilings)."""
        if self._patients is None:
            raise BadInputError(_("No patient database is open."))
        if not protocol.id.startswith(CUSTOM_PREFIX):
            protocol = protocol.model_copy(update={"id": CUSTOM_PREFIX + protocol.id})
        protocol = protocol.model_copy(update={"status": "custom"})
        check_protocol_safety(protocol, require_cards(catalog), self.limits())
        Protocol.model_validate(protocol.model_dump())
        pdb = self._patients
        body = protocol.model_dump_json()
        now = pdb.now_iso()
        with pdb.transaction() as conn:
            old = conn.execute(
                "SELECT body, row_version FROM custom_protocols WHERE id = ?", (protocol.id,)
            ).fetchone()
            if old is None:
                conn.execute(
                    "INSERT INTO custom_protocols (id, body, created_at, updated_at, row_version)"
                    " VALUES (?, ?, ?, ?, 1)",
                    (protocol.id, body, now, now),
                )
            else:
                cur = conn.execute(
                    "UPDATE custom_protocols SET body = ?, updated_at = ?,"
                    " row_version = row_version + 1 WHERE id = ? AND row_version = ?",
                    (body, now, protocol.id, old[1]),
                )
                if cur.rowcount != 1:
                    raise ConflictError(_("The protocol was changed elsewhere; reload it."))
            pdb.audit(
                "protocol.save",
                "protocol",
                protocol.id,
                json.loads(old[0]) if old else None,
                json.loads(body),
                event=AuditEvent(
                    code="protocol.save",
                    params={
                        "protocol": bilingual(protocol.name_en, protocol.name_zh),
                        "protocol_id": protocol.id,
                    },
                ),
            )
        return protocol
