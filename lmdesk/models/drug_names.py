"""Normalise drug names so that any spelling of a name finds the same drug.

Safety depends on this: a never-intrathecal drug must be recognised under any case,
full-width/half-width form, spacing or punctuation ("VinCristine", "ｖｉｎｃｒｉｓｔｉｎｅ",
"长春 新碱", "Ara-C" == "arac").
"""

import unicodedata

_DROPPED_CATEGORIES = frozenset({"Zs", "Pd", "Pc", "Po", "Ps", "Pe", "Pi", "Pf", "Cc", "Cf", "So"})


def normalize_name(name: str) -> str:
    """Return the comparison key of a drug name.

    NFKC folds full-width Latin and compatibility forms, casefold removes case, and
    spaces, dashes, dots, brackets and invisible format characters are dropped.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
