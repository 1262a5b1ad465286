"""The card page of the drug screen: FATAL banner, status strip, card text, evidence table, actions.

Presentation only: it shows one validated :class:`DrugCard` (``show``); the screen decides
which one and handles the buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QUrl
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.drugs.labels import FATAL_BANNER, status_label
from lmdesk.views.common.status_line import status_line
from lmdesk.views.drugs.card_html import card_html
from lmdesk.views.drugs.evidence_model import SORT_ROLE, EvidenceModel

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard

STATUS_STRIP_STYLE = (
    "background: #fff1c2; color: #4a3b00; font-weight: bold; padding: 5px;"
    " border: 1px solid #c9a400;"
)
BANNER_STYLE = (
    "background: #b00020; color: white; font-weight: bold; font-size: 15pt; padding: 8px;"
)


class CardPage(QWidget):
    """One card, the never-IT banner above everything else when it applies."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setObjectName("fatal_banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        self.status_strip = QLabel()
        self.status_strip.setObjectName("status_strip")
        self.status_strip.setWordWrap(True)
        self.status_strip.setStyleSheet(STATUS_STRIP_STYLE)
        self.status_strip.setVisible(False)
        self.browser = QTextBrowser()
        self.browser.setObjectName("card_browser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow_anchor)
        self.evidence_title = QLabel()
        self.evidence_model = EvidenceModel(self)
        self.evidence_proxy = QSortFilterProxyModel(self)
        self.evidence_proxy.setSourceModel(self.evidence_model)
        self.evidence_proxy.setSortRole(SORT_ROLE)
        self.evidence_view = QTableView()
        self.evidence_view.setObjectName("evidence_table")
        self.evidence_view.setModel(self.evidence_proxy)
        self.evidence_view.setSortingEnabled(True)
        self.evidence_view.setWordWrap(True)
        header = self.evidence_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(96)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.evidence_proxy.sort(-1)
        self.compare_button = QPushButton()
        self.export_button = QPushButton()
        self.print_button = QPushButton()
        self.copy_refs_button = QPushButton()
        self.export_status = status_line(QLabel())
        self.export_status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.status_strip)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.browser)
        self.evidence_box = QWidget()
        evidence_layout = QVBoxLayout(self.evidence_box)
        evidence_layout.setContentsMargins(0, 0, 0, 0)
        evidence_layout.addWidget(self.evidence_title)
        evidence_layout.addWidget(self.evidence_view)
        split.addWidget(self.evidence_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 260])
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        for button in (
            self.compare_button, self.export_button, self.print_button, self.copy_refs_button
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addWidget(self.export_status, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.banner.setText(f"⚠ {FATAL_BANNER} ⚠")
        self.evidence_title.setText(_("Evidence (click a column title to sort)"))
        self.compare_button.setText(_("Add to comparison (Ctrl+D)"))
        self.export_button.setText(_("Export PDF… (Ctrl+E)"))
        self.print_button.setText(_("Preview and print… (Ctrl+P)"))
        self.copy_refs_button.setText(_("Copy references"))

    def show_card(self, card: DrugCard, lang: str) -> None:
        """Fill the page with ``card`` in ``lang``."""
        self.banner.setVisible(card.it_status == "never")
        plain = card.it_status in ("discontinued", "investigational", "systemic")
        self.status_strip.setVisible(plain)
        if plain:
            self.status_strip.setText(status_label(card.it_status).upper())
        self.browser.setHtml(card_html(card, lang, with_banner=False, with_evidence=False))
        self.evidence_model.set_card(card, lang)
        self.evidence_box.setVisible(bool(card.evidence))
        self.evidence_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.evidence_proxy.sort(-1)
        for column, width in ((0, 170), (3, 150), (4, 190)):
            self.evidence_view.setColumnWidth(column, width)
        self.evidence_view.resizeRowsToContents()
        self.export_status.clear()

    def show_error(self, message: str) -> None:
        self.browser.setPlainText(message)

    def _follow_anchor(self, url: QUrl) -> None:
        if url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
