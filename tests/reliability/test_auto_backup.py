"""The daily automatic backup: once per calendar day, checked, rotated, off the GUI thread."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from lmdesk.app_context import AppContext
from lmdesk.models.clock import FixedClock
from lmdesk.store import auto_backup
from lmdesk.store.auto_backup import BackupFailedError, auto_backup_due, run_auto_backup
from lmdesk.store.backup import list_backups, newest_good_backup


def _write(ctx: AppContext, key: str) -> None:
    pdb = ctx.patients
    with pdb.transaction():
        pdb.conn.execute("INSERT INTO db_meta VALUES (?, 'v')", (key,))


def _auto(ctx: AppContext) -> list[Path]:
    return [p for p in list_backups(ctx.paths.backups_dir) if p.stem.endswith("-auto")]


def test_first_start_of_the_day_backs_up_then_not_again(ctx: AppContext, clock: FixedClock):
    _write(ctx, "a")
    paths = ctx.paths
    made = run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep=5)
    assert made is not None and made.exists()
    copy = sqlite3.connect(made)
    assert copy.execute("SELECT key FROM db_meta WHERE key = 'a'").fetchall() == [("a",)]
    copy.close()
    clock.set(clock.now() + timedelta(hours=8))  # same day, later start
    assert run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep=5) is None
    assert len(_auto(ctx)) == 1
    clock.set(clock.now() + timedelta(days=1))
    assert run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep=5) is not None
    assert len(_auto(ctx)) == 2


def test_rotation_keeps_the_configured_number(ctx: AppContext, clock: FixedClock):
    import os

    _write(ctx, "a")
    paths = ctx.paths
    for day in range(6):
        clock.set(clock.now() + timedelta(days=1))
        made = run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep=3)
        assert made is not None
        os.utime(made, (1_000_000 + day, 1_000_000 + day))
    kept = sorted(p.name for p in _auto(ctx))
    assert len(kept) == 3
    assert kept[-1].startswith(f"patients-{clock.now():%Y%m%d}")


def test_manual_and_migration_backups_do_not_count_as_today(ctx: AppContext, clock: FixedClock):
    paths = ctx.paths
    ctx.patients.rotating_backup(5, "manual")
    assert auto_backup_due(paths.backups_dir, paths.patient_db.stem, clock.now().date())


def test_backups_of_another_db_do_not_count(ctx: AppContext, clock: FixedClock, tmp_path: Path):
    other = ctx.paths.backups_dir / f"other-{clock.now():%Y%m%d-%H%M%S}-auto.sqlite"
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_bytes(b"")
    assert auto_backup_due(ctx.paths.backups_dir, "patients", clock.now().date())


def test_a_bad_copy_is_removed_and_reported(
    ctx: AppContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
):
    _write(ctx, "a")
    monkeypatch.setattr(auto_backup, "is_good_database", lambda path: False)
    paths = ctx.paths
    with pytest.raises(BackupFailedError, match="integrity"):
        run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep=3)
    assert _auto(ctx) == []


def test_no_db_file_no_backup(tmp_path: Path, clock: FixedClock):
    assert run_auto_backup(tmp_path / "none.sqlite", tmp_path / "b", clock, keep=3) is None


def test_backup_while_another_connection_writes(ctx: AppContext, clock: FixedClock):
    """The online backup takes a consistent snapshot while the app keeps writing."""
    for i in range(50):
        _write(ctx, f"k{i}")
    stop = threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(ctx.paths.patient_db, timeout=10)
        i = 0
        while not stop.is_set():
            conn.execute("INSERT INTO db_meta VALUES (?, 'w')", (f"w{i}",))
            conn.commit()
            i += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        made = run_auto_backup(ctx.paths.patient_db, ctx.paths.backups_dir, clock, keep=3)
    finally:
        stop.set()
        thread.join()
    assert made is not None
    assert newest_good_backup(ctx.paths.backups_dir) == made
