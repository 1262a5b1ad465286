"""How commands print: one JSON document (or one per line), or plain text."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_json_line(value: Any) -> None:
    sys.stdout.write(
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
    )
    sys.stdout.flush()


def emit(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def emit_note(text: str) -> None:
    """A line for the person at the terminal that a script reading stdout must not get
    mixed into its answer (stdout keeps the answer alone, e.g. a new course's id)."""
    sys.stderr.write(text + "\n")


def table(rows: list[list[str]], headers: list[str]) -> str:
    """Plain-text table with columns padded to the widest cell (CJK counted double)."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    cells = [headers, *rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(row, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
