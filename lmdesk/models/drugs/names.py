"""Normalise drug names so that any spelling of a name finds the same drug; visible text.

Safety depends on this: a never-intrathecal drug must be recognised under any case,
full-width/half-width form, spacing or punctuation ("VinCristine", "ｖｉｎｃｒｉｓｔｉｎｅ",
"长春 新碱", "Ara-C" == "arac") — and, for the never-IT refusal, under any look-alike:
:func:`confusable_skeleton` folds Cyrillic/Greek homoglyphs (Unicode TR39 confusables, from
the ``confusable-homoglyphs`` data), accents, Turkish İ/ı, invisible characters inside the
name and the digits 1/0 for i/l/o.

The invisible characters (:func:`is_invisible`) are also what decides whether a typed reason
or name says anything (:func:`meaningful_text`): a reason of zero-width spaces, a BOM or a
Hangul filler is no reason. They live here because the drug names were the first text that
had to see through them; the reasons and names typed at the bedside use the same table, so
the two can never disagree about what is visible.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_DROPPED_CATEGORIES = frozenset({"Zs", "Pd", "Pc", "Po", "Ps", "Pe", "Pi", "Pf", "Cc", "Cf", "So"})

#: Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt) and blank look-alikes:
#: drawn as nothing, so a name or reason made of them (or hiding them) reads as without them.
_INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x115F, 0x1160),  # Hangul choseong/jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors, vowel separator
    (0x200B, 0x200F),  # zero-width space/joiners, LRM/RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, deprecated format controls
    (0x2800, 0x2800),  # braille pattern blank
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # zero-width no-break space (BOM)
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0xFFF0, 0xFFF8),  # unassigned specials
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)


def is_invisible(ch: str) -> bool:
    """True for a character drawn as nothing: spaces, controls, format characters, combining
    marks alone, and the default-ignorable code points (U+034F, U+115F, U+3164, U+FEFF ...)."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _INVISIBLE_RANGES):
        return True
    return unicodedata.category(ch)[0] in ("C", "Z")


def meaningful_text(text: str) -> str:
    """``text`` stripped; empty when it holds only spaces, controls or invisible characters
    (a zero-width space, a BOM, U+202E, a Hangul filler ... says nothing)."""
    stripped = text.strip()
    visible = any(
        not is_invisible(ch) and not unicodedata.category(ch).startswith("M") for ch in stripped
    )
    return stripped if visible else ""


def _fold_once(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(
        ch
        for ch in folded
        if unicodedata.category(ch) not in _DROPPED_CATEGORIES and not is_invisible(ch)
    )
    return unicodedata.normalize("NFC", kept)


def normalize_name(name: str) -> str:
    """Return the comparison key of a drug name; ``normalize_name`` of a key is the key.

    NFKC folds full-width Latin and compatibility forms, casefold removes case, and
    spaces, dashes, dots, brackets and invisible format characters are dropped. Folding
    repeats until stable, because casefolding or dropping a character can expose a new
    compatibility or combining form.
    """
    key = _fold_once(name)
    for _ in range(4):
        again = _fold_once(key)
        if again == key:
            break
        key = again
    return key


def _class_rank(ch: str) -> tuple[int, int]:
    """Which member names a class of look-alikes: a Latin small letter, then a digit, then
    other ASCII, then a letter of any script (an ideograph before its radical), then the
    lowest code point. Any fixed choice works, as both sides of a match fold alike; this one
    keeps the key readable and never a character that folding drops."""
    if "a" <= ch <= "z":
        return (0, ord(ch))
    if ch.isascii() and ch.isdigit():
        return (1, ord(ch))
    if ch.isascii():
        return (2, ord(ch))
    if unicodedata.category(ch).startswith("L"):
        return (3, ord(ch))
    return (4, ord(ch))


@cache
def _prototypes() -> dict[str, str]:
    """Character -> the one character (or string) standing for its class of look-alikes.

    ``confusable-homoglyphs`` ships Unicode's confusables.txt as, for each source character,
    its prototype and, for each prototype, its sources; the classes are joined here
    (union-find), each named by :func:`_class_rank`. Loaded on first use (~20 ms).
    """
    from confusable_homoglyphs.confusables import confusables_data

    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            ch = parent[ch]
        return ch

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=_class_rank)
            parent[drop] = keep

    longer: dict[str, str] = {}
    for source, entries in confusables_data.items():
        for entry in entries:
            target = "".join(ch for ch in str(entry["c"]) if ch not in "\u200e\u200f")
            if len(source) != 1 or not target:
                continue
            if len(target) == 1:
                union(source, target)
            elif len(entries) == 1:
                longer[source] = target
    table = {ch: find(ch) for ch in parent}
    table.update(longer)
    return {ch: proto for ch, proto in table.items() if proto != ch}


#: Our own folds past TR39 (applied after it, to every name and every text alike): TR39
#: keeps i, l and 1 apart and o and 0 apart, but a typed name swaps them ("v1ncristine").
_OWN_FOLDS = str.maketrans({"l": "i", "1": "i", "|": "i", "0": "o"})


def _first_fold(ch: str, table: dict[str, str]) -> str:
    """One character before :func:`normalize_name`, as it looks: a non-spacing mark goes; the
    TR39 prototype where it is ASCII (the lunate sigma "ϲ" is "c", the long s "ſ" is "f",
    the ogonek "˛" is "i"); else the compatibility form where that is ASCII (full-width "－"
    is "-", "𝐢" is "i"); else the prototype, else the compatibility form."""
    if unicodedata.category(ch) in ("Mn", "Me"):
        return ""
    proto = table.get(ch)
    if proto is not None and proto.isascii():
        return proto
    compat = unicodedata.normalize("NFKC", ch)
    if compat != ch and compat and compat.isascii() and compat.strip() == compat:
        return compat
    return proto or compat or ch


def _skeleton_once(text: str) -> str:
    table = _prototypes()
    mapped = "".join(_first_fold(ch, table) for ch in unicodedata.normalize("NFD", text))
    key = normalize_name(mapped)
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", key))
    kept = "".join(ch for ch in mapped if not unicodedata.category(ch).startswith("M"))
    return normalize_name(kept).translate(_OWN_FOLDS).replace("rn", "m")


def confusable_skeleton(text: str) -> str:
    """The look-alike key of ``text``: two texts that look alike have the same skeleton.

    TR39 skeleton (each character to its confusable prototype) around :func:`normalize_name`,
    accents and every other combining mark dropped, then i/l/1/|, o/0 and rn/m folded. Used
    only to *refuse* (never-IT names): two different names may share a skeleton, which can
    only make the refusal stricter. Repeats until stable.
    """
    key = _skeleton_once(text)
    for _ in range(4):
        again = _skeleton_once(key)
        if again == key:
            break
        key = again
    return key
