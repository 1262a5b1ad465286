"""The layer rule: models and store never import Qt, pyqtgraph or the views."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import lmdesk

PACKAGE = Path(lmdesk.__file__).parent
FORBIDDEN = ("PySide6", "pyqtgraph", "lmdesk.views", "shiboken6")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            if name.startswith(forbidden):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


def test_models_import_no_qt_no_store_no_views() -> None:
    assert offenders("models", (*FORBIDDEN, "lmdesk.store", "sqlite3", "sqlite_utils")) == []


def test_store_imports_no_qt_and_no_views() -> None:
    assert offenders("store", FORBIDDEN) == []


def test_the_detector_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from PySide6.QtWidgets import QWidget\nimport pyqtgraph as pg\n")
    assert imported_modules(sample) >= {"PySide6.QtWidgets", "pyqtgraph"}


def test_importing_every_model_and_store_module_loads_no_qt() -> None:
    """Also catches imports hidden behind helper modules (checked in a clean interpreter)."""
    modules = []
    for layer in ("models", "store"):
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            name = ".".join(rel.parts)
            modules.append(name.removesuffix(".__init__"))
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.startswith({FORBIDDEN!r})]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
