"""The spec, the Windows version resource, the .desktop file and the icons are well-formed."""

from __future__ import annotations

import ast
import configparser
import struct
from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QImage

import lmdesk


def test_spec_is_python_and_uses_the_shared_rules(root: Path) -> None:
    text = (root / "build" / "lmdesk.spec").read_text(encoding="utf-8")
    ast.parse(text)
    for needed in (
        "bundle_rules.data_files(ROOT)",
        "bundle_rules.EXCLUDED_MODULES",
        "bundle_rules.slim(a.binaries)",
        "bundle_rules.slim(a.datas)",
        'collect_submodules("lmdesk")',
        "bundle_rules.REQUIRED_QT_MODULES",
        "LMDESK_ONEFILE",
        "COLLECT(",
        "version_info.txt",
        "lmdesk.ico",
    ):
        assert needed in text, needed
    assert "_MEIPASS" not in text


def test_no_frozen_special_cases_in_the_package() -> None:
    """Resources are found relative to the package, the same from source and frozen."""
    package = Path(lmdesk.__file__).parent
    offenders = [p for p in package.rglob("*.py") if "_MEIPASS" in p.read_text(encoding="utf-8")]
    assert offenders == []


def _version_strings(tree: ast.AST) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct":
            key, value = (ast.literal_eval(arg) for arg in node.args)
            found[key] = value
    return found


def test_windows_version_resource_matches_the_package_version(root: Path) -> None:
    tree = ast.parse((root / "build" / "version_info.txt").read_text(encoding="utf-8"))
    strings = _version_strings(tree)
    assert strings["FileVersion"] == lmdesk.__version__
    assert strings["ProductVersion"] == lmdesk.__version__
    assert strings["OriginalFilename"] == "lmdesk.exe"
    parts = tuple(int(p) for p in lmdesk.__version__.split("."))
    tuples = [
        ast.literal_eval(kw.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg in ("filevers", "prodvers")
    ]
    assert len(tuples) == 2
    assert all(t[: len(parts)] == parts for t in tuples)


def test_desktop_entry(root: Path) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(root / "build" / "lmdesk.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "lmdesk"
    assert entry["Icon"] == "lmdesk"
    assert entry["Terminal"] == "false"
    assert entry["GenericName[zh_CN]"].strip()
    assert entry["Categories"].endswith(";")


def test_png_icon_is_square_and_large(root: Path) -> None:
    image = QImage(str(root / "lmdesk" / "resources" / "icons" / "lmdesk.png"))
    assert not image.isNull()
    assert image.width() == image.height() == 256
    assert image.hasAlphaChannel()


def test_ico_holds_every_windows_size_as_png(root: Path) -> None:
    data = (root / "lmdesk" / "resources" / "icons" / "lmdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i
        )
        sizes.append(width or 256)
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
    assert {16, 32, 48, 256} <= set(sizes)


def test_build_script_finds_its_outputs(root: Path, build_script: ModuleType) -> None:
    build = build_script
    assert root / "build" / "lmdesk.spec" == build.SPEC
    onedir = build.executable(onefile=False)
    assert onedir.parent == root / "build" / "dist" / "lmdesk"
    assert build.executable(onefile=True).parent == root / "build" / "dist" / "onefile"
