"""Qt table model over a list of patients (read-only; sorting via a proxy)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lmdesk.i18n import N_, _
from lmdesk.models.patient import DRIVER_GENE_LABELS, Patient

COLUMNS = (
    N_("MRN"),
    N_("Name"),
    N_("Sex"),
    N_("Birth date"),
    N_("Driver gene"),
    N_("KPS"),
    N_("ECOG"),
)
_Index = QModelIndex | QPersistentModelIndex


class PatientTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Patient] = []

    def set_patients(self, patients: list[Patient]) -> None:
        self.beginResetModel()
        self._rows = list(patients)
        self.endResetModel()

    def patient(self, row: int) -> Patient:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                p.mrn,
                p.name,
                {"F": _("F"), "M": _("M")}.get(p.sex or "", "—"),
                p.birth_date.isoformat() if p.birth_date else "—",
                _(DRIVER_GENE_LABELS[p.driver_gene]),
                str(p.kps) if p.kps is not None else "—",
                str(p.ecog) if p.ecog is not None else "—",
            )
            return values[col]
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return (
                p.mrn,
                p.name,
                p.sex or "",
                p.birth_date.isoformat() if p.birth_date else "",
                p.driver_gene,
                p.kps if p.kps is not None else -1,
                p.ecog if p.ecog is not None else -1,
            )[col]
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )
