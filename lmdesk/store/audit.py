"""The audit trail: append-only and hash-chained.

Every change to patient data writes one row (who, when, what, before -> after) in the
same transaction as the change. Triggers refuse UPDATE and DELETE; each row's hash covers
its content and the previous row's hash, so any edit made behind lmdesk's back (with
triggers dropped) breaks the chain at that row, and ``verify_chain`` says where.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64

AUDIT_SCHEMA = """
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def canonical_json(value: Any) -> str | None:
    """Stable JSON (sorted keys, no spaces) so the same content always hashes the same."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def row_hash(
    prev_hash: str,
    at: str,
    user: str,
    action: str,
    entity: str,
    entity_id: str,
    before_json: str | None,
    after_json: str | None,
) -> str:
    body = json.dumps(
        [prev_hash, at, user, action, entity, entity_id, before_json, after_json],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    import hashlib  # OpenSSL takes ~3 ms to load: not while the app starts, only when auditing

    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    conn: sqlite3.Connection,
    *,
    at: str,
    user: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any,
    after: Any,
) -> int:
    """Append one audit row; the caller's transaction makes it atomic with the change."""
    if not conn.in_transaction:
        raise RuntimeError("audit rows must be written inside the change's transaction")
    last = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS_HASH
    before_json, after_json = canonical_json(before), canonical_json(after)
    digest = row_hash(prev, at, user, action, entity, entity_id, before_json, after_json)
    cursor = conn.execute(
        "INSERT INTO audit (at, user, action, entity, entity_id, before_json, after_json,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, user, action, entity, entity_id, before_json, after_json, prev, digest),
    )
    return int(cursor.lastrowid or 0)


@dataclass(frozen=True)
class ChainReport:
    rows_checked: int
    first_broken_id: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(conn: sqlite3.Connection) -> ChainReport:
    """Recompute every hash in order; report the first row that does not match."""
    prev = GENESIS_HASH
    count = 0
    rows = conn.execute(
        "SELECT id, at, user, action, entity, entity_id, before_json, after_json, prev_hash, hash"
        " FROM audit ORDER BY id"
    )
    for row in rows:
        count += 1
        row_id, at, user, action, entity, entity_id, before_json, after_json, prev_hash, digest = (
            row
        )
        if prev_hash != prev:
            return ChainReport(count, int(row_id), "prev_hash does not match the previous row")
        expected = row_hash(prev, at, user, action, entity, entity_id, before_json, after_json)
        if expected != digest:
            return ChainReport(count, int(row_id), "content does not match its hash")
        prev = digest
    return ChainReport(count, None, None)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any

    @property
    def text(self) -> str:
        """What the change was, in the reader's language (see ``models.audit.wording``)."""
        from lmdesk.models.audit.wording import audit_text  # pydantic: not at start-up

        return audit_text(self.action, self.entity_id, self.before, self.after)


def history(conn: sqlite3.Connection, entity: str, entity_id: str) -> list[AuditEntry]:
    """Audit rows of one record, oldest first."""
    rows = conn.execute(
        "SELECT id, at, user, action, entity, entity_id, before_json, after_json FROM audit"
        " WHERE entity = ? AND entity_id = ? ORDER BY id",
        (entity, entity_id),
    ).fetchall()
    return [
        AuditEntry(
            id=int(r[0]),
            at=r[1],
            user=r[2],
            action=r[3],
            entity=r[4],
            entity_id=r[5],
            before=json.loads(r[6]) if r[6] else None,
            after=json.loads(r[7]) if r[7] else None,
        )
        for r in rows
    ]
