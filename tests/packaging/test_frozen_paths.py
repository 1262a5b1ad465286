"""Where a frozen lmdesk keeps its data: portable ``data/`` beside the exe, else user dirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from lmdesk import paths as lmpaths
from lmdesk.logging_setup import LOG_NAME, setup_logging
from lmdesk.paths import AppPaths


@pytest.fixture
def frozen_exe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pretend to run as ``<tmp>/ward/lmdesk`` built by PyInstaller."""
    folder = tmp_path / "ward"
    folder.mkdir()
    exe = folder / ("lmdesk.exe" if os.name == "nt" else "lmdesk")
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return exe


def test_portable_folder_holds_db_backups_logs_and_settings(frozen_exe: Path) -> None:
    data = frozen_exe.parent / "data"
    data.mkdir()
    paths = AppPaths.resolve(environ={})
    assert paths.patient_db == data / "patients.sqlite"
    assert paths.backups_dir == data / "backups"
    assert paths.logs_dir == data / "logs"
    assert paths.settings_file == data / "settings.json"


def test_logs_are_written_into_the_portable_folder(frozen_exe: Path) -> None:
    data = frozen_exe.parent / "data"
    data.mkdir()
    log_file = setup_logging(AppPaths.resolve(environ={}).logs_dir)
    assert log_file == data / "logs" / LOG_NAME
    assert log_file.exists()


def test_without_data_folder_the_user_dirs_are_used(frozen_exe: Path, tmp_path: Path) -> None:
    paths = AppPaths.resolve(environ={})
    if sys.platform.startswith("linux"):
        assert paths.patient_db == tmp_path / "xdg-data" / "lmdesk" / "patients.sqlite"
        assert paths.backups_dir == tmp_path / "xdg-data" / "lmdesk" / "backups"
    assert frozen_exe.parent not in paths.patient_db.parents


def test_a_data_file_is_not_a_portable_folder(frozen_exe: Path) -> None:
    (frozen_exe.parent / "data").write_text("not a folder", encoding="utf-8")
    assert lmpaths.portable_data_dir() is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_data_folder_is_not_used(frozen_exe: Path) -> None:
    data = frozen_exe.parent / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        assert lmpaths.portable_data_dir() is None
    finally:
        data.chmod(0o700)


def test_lmdesk_home_wins_over_portable_mode(frozen_exe: Path, tmp_path: Path) -> None:
    (frozen_exe.parent / "data").mkdir()
    home = tmp_path / "elsewhere"
    paths = AppPaths.resolve(environ={"LMDESK_HOME": str(home)})
    assert paths.patient_db == home / "patients.sqlite"


def test_from_source_a_data_folder_is_never_portable_mode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The source tree has data/lm.sqlite beside the package; that must not count."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert lmpaths.portable_data_dir() is None


def test_resources_resolve_relative_to_the_package() -> None:
    assert Path(lmpaths.__file__).resolve().parent / "resources" == lmpaths.RESOURCES_DIR
    assert lmpaths.fonts_dir().is_dir()
    assert (lmpaths.RESOURCES_DIR / "icons" / "lmdesk.png").is_file()
    assert lmpaths.bundled_reference_db().is_file()
