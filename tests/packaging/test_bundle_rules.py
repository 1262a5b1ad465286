"""The slimming rules and data files the spec applies (checked without running PyInstaller)."""

from __future__ import annotations

import ast
from pathlib import Path, PurePosixPath
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import lmdesk
from lmdesk.paths import PACKAGE_DIR, bundled_reference_db

KEPT_LINUX = [
    "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt/lib/libQt6OpenGLWidgets.so.6",
    "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libQt6PrintSupport.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/QtOpenGL.abi3.so",
    "PySide6/QtOpenGLWidgets.abi3.so",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    "PySide6/Qt/translations/qtbase_zh_CN.qm",
    "PySide6/Qt/translations/qt_zh_CN.qm",
    "libdbus-1.so.3",
    "libfontconfig.so.1",
    "libpython3.11.so.1.0",
    "lmdesk/resources/fonts/wqy-microhei.ttc",
    "data/lm.sqlite",
]

KEPT_WINDOWS = [
    "PySide6\\Qt6OpenGL.dll",
    "PySide6\\Qt6OpenGLWidgets.dll",
    "PySide6\\Qt6Gui.dll",
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
    "PySide6\\plugins\\imageformats\\qico.dll",
]

DROPPED = [
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/translations/assistant_zh_CN.qm",
    "libgtk-3.so.0",
    "libcairo.so.2",
    "PySide6\\plugins\\tls\\qschannelbackend.dll",
    "PySide6\\Qt6Network.dll",
    "PySide6\\Qt6Pdf.dll",
]


@pytest.mark.parametrize("dest", KEPT_LINUX + KEPT_WINDOWS)
def test_what_lmdesk_needs_is_kept(rules: ModuleType, dest: str) -> None:
    assert not rules.is_unwanted(dest)


@pytest.mark.parametrize("dest", DROPPED)
def test_what_lmdesk_never_uses_is_left_out(rules: ModuleType, dest: str) -> None:
    assert rules.is_unwanted(dest)


def test_opengl_is_protected_even_if_a_rule_would_match(rules: ModuleType) -> None:
    for name in ("libQt6OpenGL.so.6", "libQt6OpenGLWidgets.so.6", "Qt6OpenGL.dll"):
        assert rules.is_protected(f"PySide6/Qt/lib/{name}")
    assert not any(
        "OpenGL" in entry for entry in rules.DROPPED_LIBRARY_PREFIXES + rules.DROPPED_PLUGINS
    )
    for module in ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtPrintSupport"):
        assert module in rules.REQUIRED_QT_MODULES
        assert module not in rules.EXCLUDED_MODULES


@given(
    prefix=st.lists(st.sampled_from(["_internal", "PySide6", "Qt", "x"]), max_size=3),
    dest=st.sampled_from(KEPT_LINUX + DROPPED),
    windows=st.booleans(),
)
def test_rules_ignore_where_the_bundle_sits_and_the_separator(
    rules: ModuleType, prefix: list[str], dest: str, windows: bool
) -> None:
    """The same entry is kept or dropped whatever folder holds it and whichever separator."""
    moved = "/".join([*prefix, dest]) if prefix else dest
    if windows:
        moved = moved.replace("/", "\\")
    assert rules.is_unwanted(moved) == rules.is_unwanted(dest)


def test_slim_splits_entries_and_names_what_it_dropped(rules: ModuleType) -> None:
    entries = [(d, f"/src/{d}", "BINARY") for d in KEPT_LINUX[:3] + DROPPED[:2]]
    kept, dropped = rules.slim(entries)
    assert [e[0] for e in kept] == KEPT_LINUX[:3]
    assert dropped == DROPPED[:2]


def test_data_files_keep_the_package_layout(rules: ModuleType, root: Path) -> None:
    """Each resource lands where lmdesk.paths looks for it, relative to the bundle folder."""
    pairs = rules.data_files(root)
    for source, dest in pairs:
        src = Path(source)
        assert src.is_file(), source
        assert PurePosixPath(dest) / src.name == PurePosixPath(src.relative_to(root).as_posix())
    sources = {Path(s).relative_to(root).as_posix() for s, _ in pairs}
    assert "data/lm.sqlite" in sources
    for needed in (
        "lmdesk/resources/fonts/wqy-microhei.ttc",
        "lmdesk/resources/fonts/LICENSE-wqy-microhei.txt",
        "lmdesk/resources/icons/lmdesk.png",
        "lmdesk/resources/icons/lmdesk.ico",
        "lmdesk/resources/reference/bibliography.toml",
    ):
        assert needed in sources
    assert any(s.endswith(".mo") and "/zh_CN/LC_MESSAGES/" in s for s in sources)
    assert not any("__pycache__" in s for s in sources)


def test_every_shipped_resource_is_bundled(rules: ModuleType, root: Path) -> None:
    bundled = {Path(s).resolve() for s, _ in rules.data_files(root)}
    shipped = {
        p.resolve()
        for p in (PACKAGE_DIR / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped <= bundled
    assert bundled_reference_db().resolve() in bundled


def _runtime_imports() -> set[str]:
    """Top-level and lmdesk module names imported anywhere in the shipped package."""
    names: set[str] = set()
    for path in Path(lmdesk.__file__).parent.rglob("*.py"):
        if "devtools" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def test_no_excluded_module_is_imported_by_the_app(rules: ModuleType) -> None:
    """A view that starts using an excluded module must fail here, not in the ward."""
    excluded = tuple(rules.EXCLUDED_MODULES)
    offenders = {
        name
        for name in _runtime_imports()
        if any(name == e or name.startswith(e + ".") for e in excluded)
    }
    assert not offenders, f"imported at run time but excluded from the bundle: {offenders}"


def test_every_registered_view_is_inside_the_package() -> None:
    """The spec bundles all lmdesk submodules; views are imported by name, so must live there."""
    import importlib.util

    from lmdesk.views.registry import VIEW_SPECS

    for spec in VIEW_SPECS:
        module = spec.target.split(":")[0]
        assert module.startswith("lmdesk.views."), spec.target
        assert importlib.util.find_spec(module) is not None, spec.target
