"""A list screen's table: model/view with a sort-and-filter proxy and a filter box above it.

``ListTable`` holds rows of display texts (each with the object it stands for) in a
:class:`RowsModel`; a QSortFilterProxyModel sorts by any column (a click on the header) and
keeps only the rows containing the filter box's text in any column, case-insensitively. The
list opens in the order the screen gave (no sort column until the user picks one), and
``selected()`` answers with the object of the selected row whatever the sorting and filter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QVBoxLayout, QWidget

from lmdesk.i18n import _

Index = QModelIndex | QPersistentModelIndex
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    """Rows of texts, one object per row (read back with ``PAYLOAD_ROLE``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[tuple[str, ...]] = []
        self._payloads: list[object] = []
        self._colours: list[Mapping[int, str]] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        if len(headers) != len(self._headers):  # new columns: a reset (the proxy needs one)
            self.beginResetModel()
            self._headers = list(headers)
            self.endResetModel()
        elif headers:
            self._headers = list(headers)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def set_rows(
        self,
        rows: Sequence[Sequence[str]],
        payloads: Sequence[object],
        colours: Sequence[Mapping[int, str]] = (),
    ) -> None:
        """``colours``: per row, a text colour by column (a status said in its colour)."""
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._payloads = list(payloads)
        self._colours = list(colours)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._rows[index.row()]
            return row[index.column()] if index.column() < len(row) else ""
        if role == PAYLOAD_ROLE:
            return self._payloads[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.row() < len(self._colours):
            colour = self._colours[index.row()].get(index.column())
            return QBrush(QColor(colour)) if colour else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and section < len(self._headers)
        ):
            return self._headers[section]
        return None


class ListTable(QWidget):
    """Filter box + sortable read-only table over a :class:`RowsModel`."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortLocaleAware(True)
        self.filter = QLineEdit()
        self.filter.setObjectName(f"{name}_filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setObjectName(name)
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # the screen's order until a header is clicked
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.filter)
        self._layout.addWidget(self.view, 1)
        self.retranslate()

    def take_filter(self) -> QLineEdit:
        """The filter box, out of this widget's layout, for the screen to place (beside a
        title, where a short list keeps its rows)."""
        self._layout.removeWidget(self.filter)
        return self.filter

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(_("Filter: show only rows containing…"))

    def set_rows(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        payloads: Sequence[object],
        colours: Sequence[Mapping[int, str]] = (),
        *,
        fit_columns: bool = True,
    ) -> None:
        """Show ``rows``; ``fit_columns`` False keeps the screen's own widths (measuring every
        row on each keystroke of a search is too slow for a long list)."""
        self.model.set_headers(headers)
        self.model.set_rows(rows, payloads, colours)
        if fit_columns:
            self.view.resizeColumnsToContents()

    def shown_payloads(self) -> list[object]:
        """The rows' objects as shown, top to bottom (after sorting and the filter)."""
        return [self.proxy.index(r, 0).data(PAYLOAD_ROLE) for r in range(self.proxy.rowCount())]

    def selected(self) -> object | None:
        """The object of the selected row (sorted or filtered alike), or None."""
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(PAYLOAD_ROLE) if rows else None

    def select(self, payload: object) -> bool:
        """Select the row standing for ``payload`` (if the filter shows it)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(PAYLOAD_ROLE) is payload:
                self.view.selectRow(row)
                return True
        return False

    def shown_texts(self, column: int) -> list[str]:
        """The texts of ``column`` as shown, top to bottom (what the user sees)."""
        return [str(self.proxy.index(r, column).data()) for r in range(self.proxy.rowCount())]
