"""Rows whose numbers sort as numbers; a row may carry its own tooltip.

:class:`~lmdesk.views.common.list_table.RowsModel` sorts by the shown text, where "1273"
comes before "186.9" (and sheet 10 before sheet 9) and "—" anywhere; tables of numbers (the
PK screen's, the sheet archive) give each cell a sort key (a number, or None for "no value":
after every number, before them when descending).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QTableView, QWidget

from lmdesk.views.common.list_table import RowsModel, sort_filter_proxy

SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Key = float | str | None


class KeyedRowsModel(RowsModel):
    """A RowsModel whose cells sort by a key of their own (``SORT_ROLE``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys: list[tuple[Key, ...]] = []
        self._tips: list[str] = []
        self._shown: list[tuple[str, ...]] = []
        self._held: list[object] = []

    def set_keyed_rows(
        self,
        rows: Sequence[Sequence[str]],
        payloads: Sequence[object],
        keys: Sequence[Sequence[Key]],
        tooltips: Sequence[str] = (),
    ) -> bool:
        """Show ``rows`` in one go; ``keys`` per row and column (None: no value, after the
        numbers); ``tooltips`` per row ("" shows the cell's text). Rows identical to the
        shown ones are left alone (no reset, no repaint): answers whether anything changed."""
        shown = [tuple(r) for r in rows]
        new_keys = [tuple(k) for k in keys]
        tips = list(tooltips)
        held = list(payloads)
        same_objects = len(held) == len(self._held) and all(
            a is b for a, b in zip(held, self._held, strict=True)
        )
        if same_objects and (shown, new_keys, tips) == (self._shown, self._keys, self._tips):
            return False
        self._shown, self._keys, self._tips, self._held = shown, new_keys, tips, held
        self.set_rows(shown, payloads)
        return True

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if index.isValid():
            row, column = index.row(), index.column()
            if role == SORT_ROLE:
                if row < len(self._keys) and column < len(self._keys[row]):
                    return self._keys[row][column]
                return self.row_text(row, column)
            if role == Qt.ItemDataRole.ToolTipRole and row < len(self._tips) and self._tips[row]:
                return self._tips[row]
        return super().data(index, role)


def keyed_proxy(model: KeyedRowsModel, parent: QWidget) -> QSortFilterProxyModel:
    """The shared sort-and-filter proxy, sorting by the cells' keys."""
    proxy = sort_filter_proxy(model, parent)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def rows_height(view: QTableView, rows: int, *, scroll_bar: bool = False) -> int:
    """The height showing the header and ``rows`` rows whole, without a vertical scroll
    bar (``scroll_bar``: room for a horizontal one)."""
    header = view.horizontalHeader()
    height = max(header.height(), header.sizeHint().height(), header.minimumHeight())
    height += rows * view.verticalHeader().defaultSectionSize()
    if scroll_bar:
        height += view.horizontalScrollBar().sizeHint().height()
    return height + 2 * view.frameWidth()
