"""Make the bundled CJK family every widget's fallback for Chinese characters.

The fonts themselves are registered by ``lmdesk.printing.fonts`` (printed pages need them
too, with no widgets around); this is the widgets' side.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from lmdesk.printing.fonts import CJK_FAMILY


def apply_cjk_fallback(app: QApplication) -> None:
    """Let every widget fall back to the bundled CJK family for Chinese characters."""
    font = app.font()
    families = [font.family(), CJK_FAMILY]
    font.setFamilies(families)
    app.setFont(font)
    QFont.insertSubstitution(font.family(), CJK_FAMILY)
