"""Register the shipped CJK font so Chinese renders on machines without one."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from lmdesk.paths import fonts_dir

log = logging.getLogger("lmdesk.fonts")

CJK_FONT_FILE = "wqy-microhei.ttc"
CJK_FAMILY = "WenQuanYi Micro Hei"


def register_bundled_fonts() -> list[str]:
    """Add the bundled font files; return the families they provide."""
    families: list[str] = []
    for path in sorted(fonts_dir().glob("*.tt[cf]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def apply_cjk_fallback(app: QApplication) -> None:
    """Let every widget fall back to the bundled CJK family for Chinese characters."""
    font = app.font()
    families = [font.family(), CJK_FAMILY]
    font.setFamilies(families)
    app.setFont(font)
    QFont.insertSubstitution(font.family(), CJK_FAMILY)


def chinese_families() -> list[str]:
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
