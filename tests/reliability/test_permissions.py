"""Owner-only files (0600) and folders (0700) for the patient DB, its WAL/SHM, backups, logs.

Run under a permissive umask (022), as on a typical workstation, so that a file created
with default permissions would be world-readable and the test would catch it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from lmdesk.app_context import AppContext
from lmdesk.logging_setup import setup_logging
from lmdesk.models.clock import FixedClock
from lmdesk.store.auto_backup import run_auto_backup
from lmdesk.store.restore import restore_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _write(ctx: AppContext) -> None:
    pdb = ctx.patients
    with pdb.transaction():
        pdb.conn.execute("INSERT INTO db_meta VALUES ('k', 'v')")


def test_db_wal_and_shm_are_owner_only(ctx: AppContext) -> None:
    _write(ctx)
    db = ctx.paths.patient_db
    sides = [db.with_name(db.name + s) for s in ("-wal", "-shm")]
    assert all(p.exists() for p in sides)
    for path in [db, *sides]:
        assert mode(path) == 0o600, path


def test_backups_folder_and_every_kind_of_backup_are_owner_only(
    ctx: AppContext, clock: FixedClock
) -> None:
    _write(ctx)
    paths = ctx.paths
    manual = ctx.patients.rotating_backup(3, "manual")
    auto = run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep=3)
    assert auto is not None
    assert mode(paths.backups_dir) == 0o700
    for path in (manual, auto):
        assert mode(path) == 0o600, path


def test_cli_backup_to_a_named_file_is_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmdesk.__main__ import main

    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))
    target = tmp_path / "copy.sqlite"
    assert main(["db", "backup", str(target)]) == 0
    assert mode(target) == 0o600
    assert mode(tmp_path / "home" / "patients.sqlite") == 0o600


def test_log_folder_and_file_are_owner_only(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    made = setup_logging(logs)
    assert made is not None
    assert mode(logs) == 0o700 and mode(made) == 0o600


def test_restored_db_is_owner_only(ctx: AppContext, clock: FixedClock, tmp_path: Path) -> None:
    _write(ctx)
    backup = ctx.patients.rotating_backup(3, "manual")
    ctx.close()
    del ctx.__dict__["patients"]
    db = ctx.paths.patient_db
    for side in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        side.unlink(missing_ok=True)
    db.write_bytes(b"garbage" * 1000)  # damaged: moved aside, a new file is written
    os.chmod(db, 0o600)
    restore_database(db, backup, ctx.paths.backups_dir, clock)
    assert mode(db) == 0o600


def test_restore_into_a_missing_db_is_owner_only(
    ctx: AppContext, clock: FixedClock, tmp_path: Path
) -> None:
    _write(ctx)
    backup = ctx.patients.rotating_backup(3, "manual")
    target = tmp_path / "fresh" / "patients.sqlite"
    restore_database(target, backup, ctx.paths.backups_dir, clock)
    assert mode(target) == 0o600


def test_selftest_backup_check_passes_and_catches_an_open_folder(
    ctx: AppContext, clock: FixedClock
) -> None:
    from lmdesk.store.auto_backup import BackupFailedError, backup_self_check

    _write(ctx)
    paths = ctx.paths
    assert "owner-only" in backup_self_check(paths.patient_db, paths.backups_dir, clock)
    assert list(paths.backups_dir.iterdir()) == []  # the check leaves nothing behind
    os.chmod(paths.backups_dir, 0o755)
    with pytest.raises(BackupFailedError, match="readable by others"):
        backup_self_check(paths.patient_db, paths.backups_dir, clock)
