"""Compare two or three agents side by side (dose, schedule, CSF PK, outcomes, toxicity)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.listing import DrugListing
from lmdesk.views.drugs.compare_rows import ROW_TITLES, cell_texts

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard
    from lmdesk.models.drugs.name_index import DrugCatalog

SLOTS = 3
DANGER = QColor("#b00020")


class CompareWidget(QWidget):
    """Three pickers (the third optional) above a rows × agents table.

    The pickers list ``entries`` (names only); the full cards come from ``catalog()``
    when an agent is picked, so the widget can be built before the cards are parsed.
    """

    changed = Signal()

    def __init__(
        self,
        entries: Sequence[DrugListing],
        catalog: Callable[[], DrugCatalog],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._catalog = catalog
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.pickers = [QComboBox() for _slot in range(SLOTS)]
        pickers = QHBoxLayout()
        for n, combo in enumerate(self.pickers):
            combo.setObjectName(f"compare_pick_{n}")
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(self._refresh)
            pickers.addWidget(combo, 1)
        self.table = QTableWidget()
        self.table.setObjectName("compare_table")
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(pickers)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def _fill_pickers(self) -> None:
        lang = current_language()
        for combo in self.pickers:
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("— choose an agent —"), None)
            for card in sorted(self._entries, key=lambda c: c.name(lang).casefold()):
                combo.addItem(
                    f"{card.name(lang)} ({card.name_zh if lang == 'en' else card.name_en})", card.id
                )
            index = combo.findData(keep) if keep else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def retranslate(self) -> None:
        self.hint.setText(
            _(
                "Pick two or three agents. Each figure carries its source key; "
                "see the card for the full reference."
            )
        )
        self._fill_pickers()
        self._refresh()

    def selected(self) -> list[DrugCard]:
        ids = [c.currentData() for c in self.pickers if c.currentData()]
        if not ids:
            return []
        catalog = self._catalog()
        cards = [catalog.get(i) for i in ids]
        return [c for c in cards if c is not None]

    def set_cards(self, ids: list[str]) -> None:
        """Put ``ids`` (at most three) into the pickers, in order; empty the rest."""
        for n, combo in enumerate(self.pickers):
            combo.blockSignals(True)
            index = combo.findData(ids[n]) if n < len(ids) else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._refresh()

    def add_card(self, drug_id: str) -> None:
        """Fill the first empty slot (or the last one) with ``drug_id``."""
        ids = [c.currentData() for c in self.pickers]
        if drug_id in ids:
            return
        current = [i for i in ids if i]
        current = [*current, drug_id][-SLOTS:]
        self.set_cards(current)

    def _refresh(self) -> None:
        cards = self.selected()
        lang = current_language()
        self.table.clear()
        self.table.setRowCount(len(ROW_TITLES))
        self.table.setColumnCount(len(cards))
        self.table.setVerticalHeaderLabels([_(title) for _key, title in ROW_TITLES])
        self.table.setHorizontalHeaderLabels([c.name(lang) for c in cards])
        for col, card in enumerate(cards):
            texts = cell_texts(card, lang)
            for row, (key, _title) in enumerate(ROW_TITLES):
                item = QTableWidgetItem(texts[key])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if key == "status" and card.it_status == "never":
                    item.setForeground(DANGER)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        self.changed.emit()
