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
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
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
        self._bold: list[bool] = []

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
        bold: Sequence[bool] = (),
    ) -> None:
        """``colours``: per row, a text colour by column (a status said in its colour);
        ``bold``: per row, whether it stands out (a baseline)."""
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._payloads = list(payloads)
        self._colours = list(colours)
        self._bold = list(bold)
        self.endResetModel()

    def row_text(self, row: int, column: int) -> str:
        return self._rows[row][column] if column < len(self._rows[row]) else ""

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
        bold = index.row() < len(self._bold) and self._bold[index.row()]
        if role == Qt.ItemDataRole.FontRole and bold:
            font = QFont()
            font.setBold(True)
            return font
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


def sort_filter_proxy(source: QAbstractItemModel, parent: QWidget) -> QSortFilterProxyModel:
    """Sorts by any column (case-insensitive, in the locale's order) and keeps the rows
    containing the filter's text in any column."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)
    proxy.setFilterKeyColumn(-1)  # any column
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortLocaleAware(True)
    return proxy


def filter_box(proxy: QSortFilterProxyModel, name: str) -> QLineEdit:
    """A line edit filtering ``proxy`` (its placeholder is set by ``filter_placeholder``)."""
    box = QLineEdit()
    box.setObjectName(f"{name}_filter")
    box.setClearButtonEnabled(True)
    box.textChanged.connect(proxy.setFilterFixedString)
    filter_placeholder(box)
    return box


def filter_placeholder(box: QLineEdit) -> None:
    box.setPlaceholderText(_("Filter: show only rows containing…"))


def sortable(view: QTableView, name: str) -> None:
    """A read-only, row-selecting view that sorts on a header click, opening in the screen's
    order (no sort column until the user picks one)."""
    view.setObjectName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)


class ListTable(QWidget):
    """Filter box + sortable read-only table over a :class:`RowsModel`."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(self)
        self.proxy = sort_filter_proxy(self.model, self)
        self.filter = filter_box(self.proxy, name)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        sortable(self.view, name)
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
        filter_placeholder(self.filter)

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
