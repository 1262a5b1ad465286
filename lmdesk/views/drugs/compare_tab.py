"""The Compare tab, built the first time it is shown (or asked for), not with the screen.

The drug screen is lmdesk's first screen; its comparison table and pickers are not on it
until the user opens the tab, so building them can wait (~3 ms of start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lmdesk.models.drugs.listing import DrugListing
from lmdesk.views.drugs.compare_widget import CompareWidget

if TYPE_CHECKING:
    from lmdesk.models.drugs.name_index import DrugCatalog


class CompareTab(QWidget):
    """Holds the :class:`CompareWidget`, made on first use."""

    def __init__(
        self,
        entries: Sequence[DrugListing],
        catalog: Callable[[], DrugCatalog],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        self._catalog = catalog
        self._widget: CompareWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def widget(self) -> CompareWidget:
        if self._widget is None:
            self._widget = CompareWidget(self._entries, self._catalog)
            self._layout.addWidget(self._widget)
        return self._widget

    def is_built(self) -> bool:
        return self._widget is not None

    def retranslate(self) -> None:
        if self._widget is not None:
            self._widget.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        self.widget()
        super().showEvent(event)
