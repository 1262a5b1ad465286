"""The audit trail: append-only and hash-chained.

Every change to patient data writes one row (who, when, what, before -> after) in the
same transaction as the change. Triggers refuse UPDATE and DELETE; each row's hash covers
its content and the previous row's hash, so any edit made behind lmdesk's back (with
triggers dropped) breaks the chain at that row, and ``verify_chain`` says where.

Rows are signed with the installation's secret key (HMAC-SHA256, ``store.audit_key``) from
the row recorded in ``db_meta`` as ``audit_hmac_from`` on; older rows keep their plain
SHA-256. Without the key, a forged or recomputed row cannot carry a valid signature.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from lmdesk.store.dbapi import Connection

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


def row_hmac(
    key: bytes,
    prev_hash: str,
    at: str,
    user: str,
    action: str,
    entity: str,
    entity_id: str,
    before_json: str | None,
    after_json: str | None,
) -> str:
    """The keyed hash of a row: HMAC-SHA256 over the same content ``row_hash`` covers."""
    import hashlib
    import hmac

    body = json.dumps(
        [prev_hash, at, user, action, entity, entity_id, before_json, after_json],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


HMAC_FROM_KEY = "audit_hmac_from"
KEY_ID_KEY = "audit_key_id"


def meta_value(conn: Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM db_meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # no db_meta table (not an lmdesk DB yet)
        return None
    return None if row is None else str(row[0])


def hmac_from(conn: Connection) -> int | None:
    """The first signed row's id (None: the trail is not signed yet)."""
    value = meta_value(conn, HMAC_FROM_KEY)
    return int(value) if value is not None else None


def head(conn: Connection) -> tuple[int, str]:
    """The newest row's id and hash (``0`` and the genesis hash for an empty trail)."""
    row = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def append(
    conn: Connection,
    *,
    at: str,
    user: str,
    action: str,
    entity: str,
    entity_id: str,
    before: Any,
    after: Any,
    key: bytes | None = None,
) -> int:
    """Append one audit row; the caller's transaction makes it atomic with the change.

    With ``key`` the row is signed; the first signed row of a trail is recorded in
    ``db_meta`` (same transaction). Once a trail is signed, every row must be.
    """
    if not conn.in_transaction:
        raise RuntimeError("audit rows must be written inside the change's transaction")
    last = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev = last[0] if last else GENESIS_HASH
    before_json, after_json = canonical_json(before), canonical_json(after)
    signed_from = hmac_from(conn)
    if key is None and signed_from is not None:
        raise RuntimeError("this audit trail is signed: rows need the installation's key")
    if key is None:
        digest = row_hash(prev, at, user, action, entity, entity_id, before_json, after_json)
    else:
        digest = row_hmac(key, prev, at, user, action, entity, entity_id, before_json, after_json)
    cursor = conn.execute(
        'INSERT INTO audit (at, "user", action, entity, entity_id, before_json, after_json,'
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (at, user, action, entity, entity_id, before_json, after_json, prev, digest),
    )
    row_id = int(cursor.fetchone()[0])
    if key is not None and signed_from is None:
        from lmdesk.store.audit_key import key_id

        conn.execute(
            "INSERT INTO db_meta (key, value) VALUES (?, ?), (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (HMAC_FROM_KEY, str(row_id), KEY_ID_KEY, key_id(key)),
        )
    return row_id


#: What ``verify_chain`` found wrong (``ChainReport.code``).
LINK = "link"  # a row's prev_hash is not the previous row's hash: a row deleted or inserted
CONTENT = "content"  # an unsigned (old) row's content does not match its hash: edited
FORGED = "forged"  # a signed row's signature does not match: written without the key
RECOMPUTED = "recomputed"  # every row from one on carries a wrong signature: chain rewritten
OTHER_KEY = "other-key"  # signed with another installation's key: cannot be checked here


@dataclass(frozen=True)
class ChainReport:
    rows_checked: int
    first_broken_id: int | None
    problem: str | None
    code: str | None = None
    head_id: int = 0
    head_hash: str = GENESIS_HASH
    bad_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(conn: Connection, key: bytes | None = None) -> ChainReport:
    """Recompute every hash (and signature) in order; report the first row that does not match.

    Rows before ``audit_hmac_from`` are checked with plain SHA-256, the rest with the
    installation's key (``key``; by default the one in the settings folder).
    """
    signed_from = hmac_from(conn)
    if signed_from is not None and key is None:
        from lmdesk.store.audit_key import default_key_file, load_or_create_key

        key = load_or_create_key(default_key_file())
    if signed_from is not None and key is not None:
        from lmdesk.store.audit_key import key_id

        recorded = meta_value(conn, KEY_ID_KEY)
        if recorded is not None and recorded != key_id(key):
            problem = f"signed with another installation's key ({recorded}, here {key_id(key)})"
            return ChainReport(0, signed_from, problem, OTHER_KEY)
    prev = GENESIS_HASH
    count = 0
    first_bad: int | None = None
    bad = 0
    head_id = 0
    rows = conn.execute(
        'SELECT id, at, "user", action, entity, entity_id, before_json, after_json, prev_hash, hash'
        " FROM audit ORDER BY id"
    )
    for row in rows:
        count += 1
        row_id, at, user, action, entity, entity_id, before_json, after_json, prev_hash, digest = (
            row
        )
        head_id = int(row_id)
        if prev_hash != prev:
            return ChainReport(
                count, head_id, "prev_hash does not match the previous row", LINK, head_id, digest
            )
        content = (prev, at, user, action, entity, entity_id, before_json, after_json)
        if signed_from is not None and key is not None and head_id >= signed_from:
            if row_hmac(key, *content) != digest:
                first_bad = head_id if first_bad is None else first_bad
                bad += 1
            elif first_bad is not None:
                return _forged(count, first_bad, bad, head_id, digest)
        elif row_hash(*content) != digest:
            return ChainReport(
                count, head_id, "content does not match its hash", CONTENT, head_id, digest
            )
        prev = digest
    if first_bad is not None:
        if bad > 1:  # every row from first_bad to the head is bad (a good one returns above)
            return ChainReport(
                count,
                first_bad,
                f"rows {first_bad}-{head_id} carry no valid signature: the chain was recomputed",
                RECOMPUTED,
                head_id,
                prev,
                bad,
            )
        return _forged(count, first_bad, bad, head_id, prev)
    return ChainReport(count, None, None, None, head_id, prev)


def _forged(count: int, first_bad: int, bad: int, head_id: int, digest: str) -> ChainReport:
    return ChainReport(
        count,
        first_bad,
        "its signature does not match (written without this installation's key)",
        FORGED,
        head_id,
        digest,
        bad,
    )


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


def history(conn: Connection, entity: str, entity_id: str) -> list[AuditEntry]:
    """Audit rows of one record, oldest first."""
    rows = conn.execute(
        'SELECT id, at, "user", action, entity, entity_id, before_json, after_json FROM audit'
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
