"""The About box names every component lmdesk runs on, with its version and licence."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

from lmdesk.views.about_dialog import AboutDialog
from lmdesk.views.components import COMPONENTS, Component, licence_of, version_of

ROOT = Path(__file__).resolve().parents[2]


def _requirement_names() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~; \[]", r, maxsplit=1)[0].lower() for r in project["dependencies"]}


def test_every_runtime_requirement_is_a_listed_component() -> None:
    listed = {c.distribution.lower() for c in COMPONENTS}
    assert _requirement_names() <= listed


def test_about_box_lists_versions_and_licences(qtbot) -> None:
    dialog = AboutDialog("2026.11.1", "2026-11-27")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for title, dist in (("pyqtgraph", "pyqtgraph"), ("NumPy", "numpy"), ("pydantic", "pydantic")):
        assert title in text
        assert importlib.metadata.version(dist) in text
    assert "Qt for Python (PySide6)" in text and "LGPL-3.0" in text
    assert "sqlite-utils" in text and "Apache-2.0" in text
    assert "argon2-cffi" in text and "MIT" in text
    assert "WenQuanYi" in text  # the font licences stay


def test_licence_comes_from_the_metadata_and_falls_back_to_the_published_one() -> None:
    sqlite_utils = next(c for c in COMPONENTS if c.distribution == "sqlite-utils")
    assert (
        licence_of(sqlite_utils)
        == importlib.metadata.metadata("sqlite-utils")["License-Expression"]
    )
    missing = Component("no-such-dist-lmdesk", "x", "no_such_module_lmdesk", "MIT", "")
    assert licence_of(missing) == "MIT"
    assert version_of(missing) is None


def test_about_box_in_chinese(qtbot, zh) -> None:
    dialog = AboutDialog("2026.11.1", "2026-11-27")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "组件" in text and "许可" in text


def test_the_bundle_carries_the_components_metadata() -> None:
    spec = (ROOT / "build" / "lmdesk.spec").read_text(encoding="utf-8")
    assert "copy_metadata(distribution)" in spec
    assert "+ COMPONENT_METADATA" in spec
