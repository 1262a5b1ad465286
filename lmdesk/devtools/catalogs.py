"""Translation catalogs for developers: find untranslated strings, compile .po -> .mo.

    python -m lmdesk.devtools.catalogs missing     list _()/N_() strings with no zh_CN text
    python -m lmdesk.devtools.catalogs missing --add FEATURE [--only lmdesk/views/x ...]
                                                   append them, empty, to FEATURE.po to fill in
    python -m lmdesk.devtools.catalogs compile     write every .mo from its .po
    python -m lmdesk.devtools.catalogs check       exit 1 if a .mo is stale or a string is missing

Strings are found by reading the source (ast): every call ``_("...")``, ``N_("...")`` or
``ngettext("...", "...", n)`` with literal arguments. Babel reads and writes the catalogs.
"""

from __future__ import annotations

import argparse
import ast
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = PACKAGE / "resources" / "locale"
TARGET_LANGUAGE = "zh_CN"
MARKERS = {"_", "N_"}


def source_strings(root: Path = PACKAGE) -> dict[str, list[str]]:
    """msgid -> places (file:line) where it is marked for translation."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if "devtools" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for msgid in _marked(node):
                line = getattr(node, "lineno", 0)  # _marked yields only for calls, which have one
                found.setdefault(msgid, []).append(f"{path.relative_to(root.parent)}:{line}")
    return found


def _marked(node: ast.AST) -> Iterator[str]:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return
    args = node.args
    if (node.func.id in MARKERS and args and _is_str(args[0])) or (
        node.func.id == "ngettext" and len(args) >= 2 and _is_str(args[0]) and _is_str(args[1])
    ):
        yield args[0].value  # type: ignore[attr-defined]


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def po_files(language: str = TARGET_LANGUAGE) -> list[Path]:
    return sorted((LOCALE / language / "LC_MESSAGES").glob("*.po"))


def load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=TARGET_LANGUAGE)


def translated_ids(language: str = TARGET_LANGUAGE) -> set[str]:
    ids: set[str] = set()
    for path in po_files(language):
        for message in load(path):
            if message.id and message.string and not message.fuzzy:
                ids.add(message.id if isinstance(message.id, str) else message.id[0])
    return ids


def conflicting(language: str = TARGET_LANGUAGE) -> dict[str, dict[str, list[str]]]:
    """Messages that two feature catalogs translate differently: the merge order would pick
    one silently, so a word could change meaning from one screen to the next."""
    found: dict[str, dict[str, list[str]]] = {}
    for path in po_files(language):
        for message in load(path):
            if not message.id or not message.string or message.fuzzy:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            text = message.string if isinstance(message.string, str) else message.string[0]
            found.setdefault(key, {}).setdefault(text, []).append(path.stem)
    return {k: v for k, v in found.items() if len(v) > 1}


def missing() -> dict[str, list[str]]:
    have = translated_ids()
    return {k: v for k, v in source_strings().items() if k not in have}


def compiled_bytes(po: Path) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load(po), use_fuzzy=False)
    return buffer.getvalue()


def stale_mo_files() -> list[Path]:
    stale = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled_bytes(po):
            stale.append(mo)
    return stale


def compile_all() -> list[Path]:
    written = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        mo.write_bytes(compiled_bytes(po))
        written.append(mo)
    return written


def add_missing(feature: str, only: list[str] | None = None) -> int:
    """Append untranslated strings to ``feature``.po; ``only``: path prefixes (lmdesk/views/pk)."""
    po = LOCALE / TARGET_LANGUAGE / "LC_MESSAGES" / f"{feature}.po"
    catalog = load(po) if po.exists() else Catalog(locale=TARGET_LANGUAGE, project="lmdesk")
    todo = {
        msgid: places
        for msgid, places in missing().items()
        if not only or any(p.startswith(prefix) for p in places for prefix in only)
    }
    for msgid, places in todo.items():
        if msgid not in catalog:
            catalog.add(msgid, "", locations=[(p.rsplit(":", 1)[0], 0) for p in places[:1]])
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False)
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lmdesk.devtools.catalogs")
    sub = parser.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("missing")
    m.add_argument("--add", metavar="FEATURE", help="append missing strings to FEATURE.po")
    m.add_argument(
        "--only", nargs="+", metavar="PREFIX", help="only strings used under these paths"
    )
    sub.add_parser("compile")
    sub.add_parser("check")
    args = parser.parse_args(argv)
    if args.cmd == "missing":
        if args.add:
            added = add_missing(args.add, args.only)
            print(f"{added} strings added to {args.add}.po; translate them, then compile")
            return 0
        for msgid, places in missing().items():
            print(f"{places[0]}: {msgid!r}")
        return 0
    if args.cmd == "compile":
        for mo in compile_all():
            print(f"wrote {mo.relative_to(PACKAGE.parent)}")
        return 0
    problems = [f"stale: {p}" for p in stale_mo_files()]
    problems += [f"untranslated: {v[0]}: {k!r}" for k, v in missing().items()]
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
