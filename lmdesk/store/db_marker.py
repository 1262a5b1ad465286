"""The marker beside the patient DB (``<db>.lmdesk-id``): its identity and last audit head.

Written (atomically, owner-only) after every commit that added audit rows, so it is never
ahead of what is durable in the DB. It lets lmdesk tell "no database yet" from "the
database vanished or was emptied", and "the file lost its last changes (a deleted
``-wal``, an older copy put in place, rows deleted)" from a normal start.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

MARKER_SUFFIX = ".lmdesk-id"


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + MARKER_SUFFIX)


@dataclass(frozen=True)
class Marker:
    db_id: str
    head_id: int
    head_hash: str
    hmac_from: int | None = None
    key_id: str | None = None


def read_marker(db_path: Path) -> Marker | None:
    """The marker, or None when there is none (or it cannot be read as one)."""
    try:
        raw = json.loads(marker_path(db_path).read_text(encoding="utf-8"))
        return Marker(
            db_id=str(raw["db_id"]),
            head_id=int(raw["head_id"]),
            head_hash=str(raw["head_hash"]),
            hmac_from=None if raw.get("hmac_from") is None else int(raw["hmac_from"]),
            key_id=raw.get("key_id"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_marker(db_path: Path, marker: Marker) -> None:
    """Replace the marker atomically (a temp file of this process, then rename)."""
    target = marker_path(db_path)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{os.urandom(4).hex()}.partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        try:
            os.write(fd, json.dumps(asdict(marker), sort_keys=True).encode("utf-8"))
        finally:
            os.close(fd)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
