"""File > Back up now on the ward server: a pg_dump of the ward database, not a local file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmdesk.views.db_safety import start_manual_backup


def test_back_up_now_dumps_the_ward_database(qtbot: Any, station: Any) -> None:
    ctx = station("admin")
    made: list[Path | None] = []
    failed: list[str] = []
    job = start_manual_backup(ctx, made.append, failed.append)
    qtbot.waitUntil(lambda: bool(made or failed), timeout=30_000)
    assert job is not None and not failed, failed
    dump = made[0]
    assert dump is not None and dump.suffix == ".dump"
    assert dump.read_bytes()[:5] == b"PGDMP" and dump.stat().st_mode & 0o077 == 0
    assert not ctx.paths.patient_db.exists()  # no local file was made or copied
