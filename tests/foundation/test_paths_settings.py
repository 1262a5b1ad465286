"""Where data lives, and settings that survive damage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lmdesk.paths import AppPaths
from lmdesk.settings import Settings, load_settings, save_settings


def test_lmdesk_home_puts_everything_there(tmp_path: Path) -> None:
    paths = AppPaths.resolve(environ={"LMDESK_HOME": str(tmp_path)})
    assert paths.patient_db == tmp_path / "patients.sqlite"
    assert paths.backups_dir == tmp_path / "backups"
    assert paths.logs_dir == tmp_path / "logs"
    assert paths.settings_file == tmp_path / "settings.json"


def test_db_override_wins(tmp_path: Path) -> None:
    paths = AppPaths.resolve(str(tmp_path / "x.sqlite"), environ={"LMDESK_HOME": "/nowhere"})
    assert paths.patient_db == tmp_path / "x.sqlite"
    assert paths.backups_dir == tmp_path / "backups"


def test_default_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    paths = AppPaths.resolve(environ={})
    assert paths.patient_db == tmp_path / "data" / "lmdesk" / "patients.sqlite"


def test_portable_mode_uses_data_beside_the_executable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    (tmp_path / "data").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "lmdesk"))
    paths = AppPaths.resolve(environ={})
    assert paths.patient_db == tmp_path / "data" / "patients.sqlite"
    assert paths.logs_dir == tmp_path / "data" / "logs"


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s" / "settings.json"
    save_settings(Settings(language="zh_CN", hospital_name="协和医院"), path)
    assert load_settings(path).language == "zh_CN"
    assert load_settings(path).hospital_name == "协和医院"


def test_damaged_settings_fall_back_and_are_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.bad").read_text(encoding="utf-8") == "{not json"


@pytest.mark.parametrize(
    "content",
    [
        '{"backups_to_keep": 0}',
        '{"backups_to_keep": "10"}',
        '{"backups_to_keep": true}',
        '{"hospital_name": 5}',
        '{"language": ["zh_CN"]}',
        "[1, 2]",
    ],
)
def test_a_wrong_value_is_a_damaged_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    assert load_settings(path) == Settings()
    assert (tmp_path / "settings.json.bad").exists()


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"ward_name": "3", "from_a_newer_lmdesk": 1}', encoding="utf-8")
    assert load_settings(path).ward_name == "3"


def test_settings_load_without_pydantic() -> None:
    """Start-up reads settings before the first paint; pydantic costs ~0.1 s to import."""
    import subprocess
    import sys

    code = "import sys, lmdesk.settings; print('pydantic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_the_suite_never_resolves_the_real_users_folders() -> None:
    """conftest points platformdirs into a throw-away folder: no test writes the user's log."""
    paths = AppPaths.resolve(environ={})
    real_home = Path.home()
    for folder in (paths.patient_db, paths.backups_dir, paths.logs_dir, paths.settings_file):
        assert not folder.is_relative_to(real_home / ".local"), folder
        assert not folder.is_relative_to(real_home / ".config"), folder
        assert folder.is_relative_to(Path(os.environ["XDG_DATA_HOME"]).parent), folder
