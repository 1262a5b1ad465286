"""The screenshot devtool drives the real window into its scenes and writes real pictures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from lmdesk.devtools.screenshot_scenes import SCENES
from lmdesk.devtools.screenshots import shoot
from lmdesk.i18n import current_language


def _colours(image: QImage) -> int:
    """Distinct colours on a coarse grid (a blank or one-colour grab has one)."""
    step = 8
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_scenes_are_written_as_non_trivial_pictures(
    qapp, tmp_path: Path, reference_db_path: Path
) -> None:
    chosen = ["pk-what-if-overdose", "patients-form", "courses-calendar", "reliability-damaged-db"]
    written, failed = shoot(
        "en", tmp_path, None, 1366, 800, scenes=chosen, reference_db=reference_db_path
    )
    assert failed == []
    assert sorted(p.name for p in written) == sorted(f"{key}-en.png" for key in chosen)
    for path in written:
        image = QImage(str(path))
        assert image.width() > 150 and image.height() > 150, path.name
        assert _colours(image) > 10, path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert current_language() == "en"


def test_scene_keys_and_file_names_are_unique() -> None:
    keys = [s.key for s in SCENES]
    assert len(keys) == len(set(keys))
    names = [s.file_name("zh_CN") for s in SCENES]
    assert len(names) == len(set(names))
    assert "assessment-report-zh_CN-1.png" in names and "pk-what-if-overdose-zh_CN.png" in names
