"""Qt table model over the patient list, read a page at a time and sorted in SQL.

With 10,000 patients the screen must not read them all: the model asks the repository
for one page (``PAGE`` rows) and Qt's ``canFetchMore``/``fetchMore`` pulls the next page
as the user scrolls. Sorting re-reads the first page in the new order (each sortable
column has an index); columns stored inside the record (driver gene, KPS, ECOG) do not
sort, so no click ever sorts all patients.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from lmdesk.i18n import N_, _
from lmdesk.models.patient import DRIVER_GENE_LABELS
from lmdesk.store.patient_repo import PageOrder, PatientRepository, PatientRow
from lmdesk.views.common.row_table_model import RowTableModel

COLUMNS = (
    N_("MRN"),
    N_("Name"),
    N_("Sex"),
    N_("Birth date"),
    N_("Driver gene"),
    N_("KPS"),
    N_("ECOG"),
)
#: The SQL order of each column; None: the column does not sort.
SORT_KEYS: tuple[PageOrder | None, ...] = ("mrn", "name", "sex", "birth_date", None, None, None)
PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class PatientTableModel(RowTableModel[PatientRow]):
    columns = COLUMNS

    def __init__(self, patients: PatientRepository, parent: Any = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self._patients = patients
        self._page = page
        self._total = 0
        self._query = ""
        self._order: PageOrder = "mrn"
        self._descending = False
        self._loaded = False  # nothing is read until the first set_query

    # -- loading ------------------------------------------------------------------------

    def set_query(self, query: str) -> None:
        """Show patients matching ``query`` (all when empty), from the first page."""
        self._query = query
        self.reload()

    def reload(self) -> None:
        self._loaded = True
        self.beginResetModel()
        self._total = self._patients.count(self._query)
        self._rows = self._read(0)
        self.endResetModel()

    def _read(self, offset: int) -> list[PatientRow]:
        return self._patients.page(
            self._query,
            order=self._order,
            descending=self._descending,
            limit=self._page,
            offset=offset,
        )

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        more = self._read(len(self._rows)) if self.canFetchMore(parent) else []
        if not more:
            self._total = len(self._rows)  # the list shrank meanwhile: stop asking
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(SORT_KEYS) and SORT_KEYS[column] is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS[column] if 0 <= column < len(SORT_KEYS) else None
        if key is None:
            return
        self._order = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded:
            self.reload()

    def sort_column(self) -> int:
        return SORT_KEYS.index(self._order)

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    # -- reading ------------------------------------------------------------------------

    def total(self) -> int:
        """All matching patients, loaded or not."""
        return self._total

    def patient(self, row: int) -> PatientRow:
        return self._rows[row]

    def row_of(self, patient_id: int) -> int:
        """Row of a loaded patient, or -1."""
        return next((i for i, p in enumerate(self._rows) if p.id == patient_id), -1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        p = self._rows[index.row()]
        gene = DRIVER_GENE_LABELS.get(p.driver_gene)
        values = (
            p.mrn,
            p.name,
            {"F": _("F"), "M": _("M")}.get(p.sex or "", "—"),
            p.birth_date.isoformat() if p.birth_date else "—",
            _(gene) if gene else p.driver_gene,
            str(p.kps) if p.kps is not None else "—",
            str(p.ecog) if p.ecog is not None else "—",
        )
        return values[index.column()]

    def retranslate(self) -> None:
        self.retranslate_headers()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )
