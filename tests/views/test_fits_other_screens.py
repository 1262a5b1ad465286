"""Every screenshot scene at the ward's other screen, 1366x768, in both languages; and the
Courses screen at a window 1200 px wide (its toolbar's horizontal scrollbar hid "Custom
protocol…" and "Holidays…"). The check is ``fit_check``'s, as at 1280x800."""

from __future__ import annotations

from pathlib import Path

import pytest
from fit_check import settled_fit_problems
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from lmdesk.devtools.screenshot_scenes import SCENES
from lmdesk.devtools.screenshots import shoot


def _problems(
    language: str, screen: QSize, tmp_path: Path, reference_db: Path, scenes: list[str] | None
) -> tuple[dict[str, list[str]], list[str]]:
    found: dict[str, list[str]] = {}

    def inspect(scene: str, widget: QWidget) -> None:
        found[scene] = settled_fit_problems(widget, screen)

    _written, failed = shoot(
        language,
        tmp_path,
        None,
        screen.width(),
        screen.height(),
        scenes=scenes,
        reference_db=reference_db,
        inspect=inspect,
    )
    return found, failed


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_scene_fits_1366x768(
    qapp, tmp_path: Path, reference_db_path: Path, language: str
) -> None:
    found, failed = _problems(language, QSize(1366, 768), tmp_path, reference_db_path, None)
    assert failed == []
    assert sorted(found) == sorted(s.key for s in SCENES if not s.needs_pdftoppm)
    problems = {scene: lines for scene, lines in found.items() if lines}
    assert problems == {}, "\n".join(f"{k}: {line}" for k, v in problems.items() for line in v)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_courses_fits_a_window_1200_px_wide(
    qapp, tmp_path: Path, reference_db_path: Path, language: str
) -> None:
    scenes = ["main-courses", "courses-course", "courses-calendar"]
    found, failed = _problems(language, QSize(1200, 760), tmp_path, reference_db_path, scenes)
    assert failed == [] and sorted(found) == sorted(scenes)
    problems = {scene: lines for scene, lines in found.items() if lines}
    assert problems == {}, "\n".join(f"{k}: {line}" for k, v in problems.items() for line in v)
