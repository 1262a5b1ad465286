"""Normalise drug names so that any spelling of a name finds the same drug.

Safety depends on this: a never-intrathecal drug must be recognised under any case,
full-width/half-width form, spacing or punctuation ("VinCristine", "ｖｉｎｃｒｉｓｔｉｎｅ",
"长春 新碱", "Ara-C" == "arac").
"""

import unicodedata

_DROPPED_CATEGORIES = frozenset({"Zs", "Pd", "Pc", "Po", "Ps", "Pe", "Pi", "Pf", "Cc", "Cf", "So"})


def _fold_once(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(ch for ch in folded if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
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
