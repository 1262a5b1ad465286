"""A deliberate break in the DB's history (a restore, an accepted loss), audited and re-anchored.

After ``lmdesk db restore`` or ``lmdesk db accept-loss`` the file's audit trail is
legitimately shorter than what the marker and the newer backups recorded. The DB then gets a
new identity (so those anchors no longer apply to it), an audit row saying what happened
(old identity, the head that was recorded, the head kept), and a fresh marker.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.models.errors import BadInputError
from lmdesk.store import audit
from lmdesk.store.db_marker import Marker, marker_path, read_marker, write_marker
from lmdesk.store.setup_lock import setup_lock
from lmdesk.store.sqlite_conn import connect_readwrite

DB_ID_KEY = "db_id"


def start_new_lineage(
    db_path: Path, action: str, details: dict[str, Any], clock: Clock, user: str, key: bytes
) -> Marker | None:
    """Give the DB a new identity, audit ``action`` with ``details``, rewrite the marker.

    A file without lmdesk's tables yet (schema 0) gets no audit row; its marker is removed
    so the next open starts its history afresh.
    """
    previous = read_marker(db_path)
    conn = connect_readwrite(db_path)
    try:
        old_id = audit.meta_value(conn, DB_ID_KEY)
        if not _is_lmdesk_db(conn):
            marker_path(db_path).unlink(missing_ok=True)
            return None
        kept_id, kept_hash = audit.head(conn)
        new_id = os.urandom(16).hex()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT OR REPLACE INTO db_meta (key, value) VALUES (?, ?)", (DB_ID_KEY, new_id)
            )
            audit.append(
                conn,
                at=clock.now().isoformat(timespec="seconds"),
                user=user,
                action=action,
                entity="database",
                entity_id=new_id,
                before={
                    "db_id": old_id,
                    "recorded_head_id": previous.head_id if previous else None,
                    "recorded_head_hash": previous.head_hash if previous else None,
                },
                after={**details, "kept_head_id": kept_id, "kept_head_hash": kept_hash},
                key=key,
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        head_id, head_hash = audit.head(conn)
        marker = Marker(
            db_id=new_id,
            head_id=head_id,
            head_hash=head_hash,
            hmac_from=audit.hmac_from(conn),
            key_id=audit.meta_value(conn, audit.KEY_ID_KEY),
        )
        write_marker(db_path, marker)
        return marker
    finally:
        conn.close()


def _is_lmdesk_db(conn: Any) -> bool:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE name IN ('db_meta', 'audit')")
    return len(rows.fetchall()) == 2


def accept_loss(db_path: Path, clock: Clock, user: str, key: bytes) -> Marker:
    """Keep the file as it is after ``ChangesLostError``; the loss is in the audit trail."""
    with setup_lock(db_path):
        marker = start_new_lineage(db_path, "db.accept_loss", {}, clock, user, key)
    if marker is None:
        raise BadInputError(_("{path} is not an lmdesk database").format(path=db_path))
    return marker
