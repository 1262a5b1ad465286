"""Where a printed table header may break: between words, never inside a Chinese word.

Qt breaks Chinese between any two characters, so a narrow column printed 序 over 号. A
header is a word or two: its Chinese part is a block of its own that never wraps (the
column grows to hold it), its English part wraps at spaces as before. (A word joiner
between the characters made Qt fetch a system font for it: the sheet prints in the
bundled fonts only.)
"""

from __future__ import annotations

import re
from html import escape

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SEPARATOR = " / "


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def header_html(text: str) -> str:
    """A header cell's content: each part with Chinese in it kept on one line."""
    if not has_han(text):
        return escape(text)
    parts = text.split(SEPARATOR)
    blocks = []
    for index, part in enumerate(parts):
        # the slash stays on its part's line (a no-break space), not alone under it
        shown = escape(part) + ("\u00a0/" if index < len(parts) - 1 else "")
        style = ' style="white-space:nowrap"' if has_han(part) else ""
        blocks.append(f"<div{style}>{shown}</div>")
    return "".join(blocks)
