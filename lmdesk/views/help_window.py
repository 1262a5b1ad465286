"""The user guide window: the bundled HTML guide in a QTextBrowser, opened at a screen's section.

The guide ships inside the package (``resources/guide/<language>/index.html`` with its images),
so it works offline and in the standalone bundle; a QTextBrowser shows it without a web browser
or a file:// handler on the ward's workstation. Each screen's section has the anchor of the
screen's key in ``views/registry.py`` (``#courses``, ``#grading`` ...).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from lmdesk.i18n import _
from lmdesk.paths import RESOURCES_DIR

GUIDE_DIR = RESOURCES_DIR / "guide"
GUIDE_LANGUAGES = ("en", "zh_CN")


def guide_language(language: str) -> str:
    """The guide's language for the screen's: Chinese for any zh, else English."""
    return "zh_CN" if language.lower().startswith("zh") else "en"


def guide_file(language: str) -> Path:
    return GUIDE_DIR / guide_language(language) / "index.html"


def guide_url(language: str, section: str = "") -> QUrl:
    """``file://.../index.html#section`` of the guide in ``language``."""
    url = QUrl.fromLocalFile(str(guide_file(language)))
    if section:
        url.setFragment(section)
    return url


class HelpWindow(QDialog):
    """Non-modal: the user reads the guide beside the screen it explains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help-window")
        self.resize(760, 640)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # links are followed by _follow
        self.browser.anchorClicked.connect(self._follow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(self.buttons)
        self.language = ""
        self.section = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("lmdesk user guide"))

    def show_section(self, language: str, section: str) -> None:
        """Load the guide in ``language`` (if it is not loaded yet) and scroll to ``section``."""
        url = guide_url(language, section)
        if guide_language(language) != self.language:
            self.browser.setSource(url)
            self.language = guide_language(language)
        elif section:
            self.browser.scrollToAnchor(section)
        else:
            self.browser.scrollToAnchor("top")
        self.section = section
        self.retranslate()

    def _follow(self, url: QUrl) -> None:
        """A link inside the guide moves in this window; a web link opens in the system
        browser (when the workstation has one)."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.isRelative() and not url.path():
            self.browser.scrollToAnchor(url.fragment())
        else:
            self.browser.setSource(self.browser.source().resolved(url))
