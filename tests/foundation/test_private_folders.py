"""The data folder holding the patient database is owner-only, even when it already existed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lmdesk.app_context import AppContext
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open(paths: AppPaths) -> None:
    ctx = AppContext(paths=paths, settings=Settings(), language="en")
    try:
        ctx.patients  # noqa: B018 - opening is the point
    finally:
        ctx.close()


def test_an_existing_0755_data_folder_is_made_owner_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    data = tmp_path / "share" / "lmdesk"
    data.mkdir(parents=True, mode=0o755)
    os.chmod(data, 0o755)  # as an older lmdesk (or a ward admin's mkdir) left it
    paths = AppPaths.resolve(environ={})
    _open(paths)
    assert paths.patient_db.parent == data
    assert _mode(data) == 0o700
    assert _mode(paths.backups_dir) == 0o700


def test_lmdesk_home_folder_is_owner_only(tmp_path: Path) -> None:
    home = tmp_path / "ward" / "lm"
    home.mkdir(parents=True)
    os.chmod(home, 0o755)
    _open(AppPaths.resolve(environ={"LMDESK_HOME": str(home)}))
    assert _mode(home) == 0o700
    assert _mode(home / "logs") == 0o700


def test_a_db_file_named_by_the_user_leaves_an_existing_folder_alone(tmp_path: Path) -> None:
    chosen = tmp_path / "shared"
    chosen.mkdir()
    os.chmod(chosen, 0o750)  # the user's folder, the user's choice
    _open(AppPaths.resolve(str(chosen / "p.sqlite"), environ={"LMDESK_HOME": str(tmp_path / "h")}))
    assert _mode(chosen) == 0o750
    assert _mode(chosen / "backups") == 0o700
