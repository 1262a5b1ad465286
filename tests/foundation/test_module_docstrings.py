"""Every module of lmdesk opens with a line that says what it holds, and no two say the same."""

from __future__ import annotations

import ast
from pathlib import Path

import lmdesk

PACKAGE = Path(lmdesk.__file__).parent


def opening_lines(root: Path = PACKAGE) -> dict[str, str]:
    """Module path -> the first line of its docstring ('' when it has none)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        found[str(path.relative_to(root.parent))] = doc.strip().splitlines()[0] if doc else ""
    return found


def test_every_module_says_what_it_holds() -> None:
    assert [name for name, line in opening_lines().items() if not line.strip()] == []


def test_no_two_modules_open_with_the_same_line() -> None:
    by_line: dict[str, list[str]] = {}
    for name, line in opening_lines().items():
        by_line.setdefault(line.strip().casefold(), []).append(name)
    assert {line: names for line, names in by_line.items() if len(names) > 1} == {}


def test_the_checks_see_a_missing_and_a_repeated_line(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text('"""Holds a thing."""\n')
    (pkg / "b.py").write_text('"""Holds a thing."""\nx = 1\n')
    (pkg / "c.py").write_text("x = 1\n")
    lines = opening_lines(pkg)
    assert lines == {"pkg/a.py": "Holds a thing.", "pkg/b.py": "Holds a thing.", "pkg/c.py": ""}
