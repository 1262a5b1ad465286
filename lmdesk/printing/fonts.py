"""Register the shipped CJK fonts with Qt's font database, for screens and printed pages.

Two files make one family, ``CJK_FAMILY``: WenQuanYi Micro Hei (regular) and a subset of
Noto Sans CJK SC Bold whose family name is set to the same "WenQuanYi Micro Hei" (style
Bold; see ``lmdesk/devtools/subset_bold_font.py``). Qt groups faces by family, so bold
text in that family (``QFont.setBold(True)``, ``<b>``, ``font-weight: bold``) uses the real
bold face, on screen and in PDFs, instead of a smeared regular one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from lmdesk.paths import fonts_dir

log = logging.getLogger("lmdesk.fonts")

CJK_FONT_FILE = "wqy-microhei.ttc"
#: The bold weight of :data:`CJK_FAMILY` (Noto Sans CJK SC Bold, subset and renamed).
CJK_BOLD_FONT_FILE = "NotoSansCJKsc-Bold-subset.otf"
CJK_FAMILY = "WenQuanYi Micro Hei"
#: PostScript name of the bold face: the name a PDF embeds it under.
CJK_BOLD_POSTSCRIPT_NAME = "NotoSansCJKsc-Bold"
FONT_PATTERNS = ("*.ttc", "*.ttf", "*.otf")


def bundled_font_files() -> list[Path]:
    """The font files shipped in the fonts folder, in a stable order."""
    return sorted({p for pattern in FONT_PATTERNS for p in fonts_dir().glob(pattern)})


def register_bundled_fonts() -> list[str]:
    """Add the bundled font files; return the families they provide (each once)."""
    families: list[str] = []
    for path in bundled_font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path)
            continue
        families.extend(
            f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families
        )
    if families and not cjk_has_bold():
        log.warning(
            "the bundled CJK family %s has no bold face: bold Chinese is synthetic", CJK_FAMILY
        )
    return families


def cjk_has_bold() -> bool:
    """True when the CJK family has a real bold face (the bundled one is registered)."""
    return any(
        QFontDatabase.weight(CJK_FAMILY, style) >= QFont.Weight.Bold.value
        for style in QFontDatabase.styles(CJK_FAMILY)
    )


def chinese_families() -> list[str]:
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
