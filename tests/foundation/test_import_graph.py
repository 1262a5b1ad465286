"""No import circles anywhere in lmdesk, and the arrows between layers point down only.

Every import counts: at module level, inside functions and under ``TYPE_CHECKING`` (a late
import hides a circle from Python, not from the reader).
"""

from __future__ import annotations

import ast
from pathlib import Path

import lmdesk

PACKAGE = Path(lmdesk.__file__).parent


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``root`` (a package by its __init__)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module's imports of other modules of the same tree."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                # ``from pkg import mod`` runs pkg/__init__ first: an edge to both
                targets = [base] + [
                    f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules
                ]
            for target in targets:
                resolved = _resolve(target, modules)
                if resolved and resolved != name:
                    edges.add(resolved)
        graph[name] = edges
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle_in_lmdesk() -> None:
    assert circles(import_graph(module_files())) == []


def test_the_circle_finder_sees_a_late_and_a_type_checking_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.b import thing\n")
    (pkg / "b.py").write_text("def f():\n    from pkg import c\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n"
    )
    (pkg / "d.py").write_text("import pkg.a\n")
    found = circles(import_graph(module_files(pkg)))
    assert found == [["pkg.a", "pkg.b", "pkg.c"]]


def _importers(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    modules = module_files()
    graph = import_graph(modules)
    bad = []
    for name, edges in graph.items():
        if not name.startswith(f"lmdesk.{layer}"):
            continue
        bad += [f"{name} -> {e}" for e in sorted(edges) if e.startswith(forbidden)]
        for node in ast.walk(ast.parse(modules[name].read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                bad += [f"{name} -> {n}" for n in names if n.startswith(forbidden)]
    return sorted(set(bad))


def test_the_cli_never_imports_views() -> None:
    assert _importers("cli", ("lmdesk.views", "PySide6.QtWidgets", "pyqtgraph")) == []


def test_printing_imports_no_widgets_no_pyqtgraph_no_views() -> None:
    assert _importers("printing", ("lmdesk.views", "PySide6.QtWidgets", "pyqtgraph")) == []
