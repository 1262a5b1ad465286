"""The evidence table of one card as a sortable Qt model (numbers sort as numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lmdesk.views.drugs.card_html import evidence_cells, evidence_headers

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard, EvidenceRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NUMERIC_COLUMNS = {2, 5, 6, 7, 8, 9}

_Index = QModelIndex | QPersistentModelIndex


def _numeric(row: EvidenceRow, column: int) -> float:
    values = {
        2: row.n,
        5: row.orr_pct,
        6: row.dcr_pct,
        7: row.mpfs_months,
        8: row.mos_months,
        9: row.grade3_ae_pct,
    }
    value = values[column]
    return -1.0 if value is None else float(value)


class EvidenceModel(QAbstractTableModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[EvidenceRow] = []
        self._cells: list[list[str]] = []
        self._headers: list[str] = evidence_headers()
        self._lang = "en"

    def set_card(self, card: DrugCard | None, lang: str) -> None:
        self.beginResetModel()
        self._lang = lang
        self._headers = evidence_headers()
        self._rows = list(card.evidence) if card else []
        self._cells = [evidence_cells(r, lang) for r in self._rows]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[row][col]
        if role == SORT_ROLE:
            if col in NUMERIC_COLUMNS:
                return _numeric(self._rows[row], col)
            return self._cells[row][col].casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None
