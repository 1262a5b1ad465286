"""Pinyin of Chinese names: what a search by "zhang" or "zw" matches, and the order of a list.

Ward staff type a Chinese patient's name in pinyin (an input method is not always at hand):
"zhang" must find 张伟 and "liu" 刘洋; a Chinese list reads in pinyin order, not in Unicode
code-point order. The readings come from pypinyin (its dictionaries, no network). A surname
can have more than one reading (曾 zeng/ceng, 单 shan/dan): a search matches every reading of
the first character, the order uses pypinyin's most common one.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@lru_cache(maxsize=4096)
def pinyin_search_forms(name: str) -> tuple[str, ...]:
    """Lower-case pinyin spellings of ``name``'s Chinese part (full and initials, each
    reading of the first character); () for a name without Chinese characters."""
    han = "".join(_HAN.findall(name))
    if not han:
        return ()
    from pypinyin import Style, lazy_pinyin, pinyin  # ~0.3 s of dictionaries: on first use

    rest = [p.lower() for p in lazy_pinyin(han[1:], errors="ignore")]
    readings = pinyin(han[0], style=Style.NORMAL, heteronym=True, errors="ignore")
    firsts = [r.lower() for r in readings[0]] if readings else [""]
    forms: list[str] = []
    for first in firsts:
        for form in ("".join([first, *rest]), "".join(p[:1] for p in [first, *rest])):
            if form and form not in forms:
                forms.append(form)
    return tuple(forms)


def pinyin_sort_key(name: str) -> str:
    """The key a list of names sorts by: Chinese characters by their pinyin, the rest as
    written (lower-case); "张伟" sorts as "zhang wei", between "Zeng" and "Zhou"."""
    if not has_han(name):
        return name.casefold()
    from pypinyin import lazy_pinyin

    return " ".join(p.casefold() for p in lazy_pinyin(name.strip()) if p.strip())
