"""The archive of printed sheets, newest first, with their SHA-256: a sortable, filterable
list (model/view with the shared proxy; numbers sort as numbers)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from lmdesk.i18n import N_, _
from lmdesk.models.local_time import local_time_text
from lmdesk.store.sheet_archive import ArchivedSheet
from lmdesk.views.common.keyed_rows import Key, KeyedRowsModel, keyed_proxy
from lmdesk.views.common.list_table import PAYLOAD_ROLE, filter_box, filter_placeholder, sortable

COLUMNS = (
    N_("Sheet"),
    N_("Course"),
    N_("MRN"),
    N_("Printed at"),
    N_("By"),
    N_("Kind"),
    N_("Course revision"),
    N_("Language"),
    N_("Pages"),
    N_("SHA-256"),
)
KINDS = {"pdf": N_("PDF export"), "print": N_("Printed")}
LANGUAGES = {"zh_CN": N_("Chinese"), "en": N_("English"), "bilingual": N_("Bilingual")}


class ArchiveTable(QWidget):
    """Filter box and table; in the archive's order (newest first) until a header is clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheets: list[ArchivedSheet] = []
        self.rows_model = KeyedRowsModel(self)
        self.proxy = keyed_proxy(self.rows_model, self)
        self.filter = filter_box(self.proxy, "sheet_archive")
        self.view = QTableView()
        self.view.setModel(self.proxy)
        sortable(self.view, "sheet_archive")
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        filter_placeholder(self.filter)
        self.rows_model.set_headers([_(c) for c in COLUMNS])
        self.show_sheets(self.sheets)

    def show_sheets(self, sheets: list[ArchivedSheet]) -> None:
        self.sheets = list(sheets)
        rows: list[list[str]] = []
        keys: list[list[Key]] = []
        for s in self.sheets:
            shown = local_time_text(s.printed_at)
            rows.append(
                [
                    str(s.id),
                    str(s.course_id) if s.course_id is not None else _("not saved"),
                    s.patient_mrn,
                    shown,
                    s.printed_by,
                    _(KINDS[s.kind]),
                    str(s.course_revision),
                    _(LANGUAGES.get(s.language, s.language)),
                    str(s.pages),
                    s.sha256,
                ]
            )
            keys.append(
                [
                    float(s.id),
                    None if s.course_id is None else float(s.course_id),
                    s.patient_mrn,
                    s.printed_at.timestamp(),  # by the moment, whatever the zone shown
                    s.printed_by,
                    rows[-1][5],
                    float(s.course_revision),
                    rows[-1][7],
                    float(s.pages),
                    s.sha256,
                ]
            )
        self.rows_model.set_keyed_rows(rows, self.sheets, keys)
        if self.sheets:
            self.view.selectRow(0)

    def rowCount(self) -> int:
        """Rows shown (after the filter)."""
        return self.proxy.rowCount()

    def text(self, row: int, column: int) -> str:
        """A cell as shown (after sorting and the filter)."""
        return str(self.proxy.index(row, column).data())

    def selected(self) -> ArchivedSheet | None:
        """The sheet of the selected row, whatever the sorting and filter."""
        rows = self.view.selectionModel().selectedRows()
        sheet = rows[0].data(PAYLOAD_ROLE) if rows else None
        return sheet if isinstance(sheet, ArchivedSheet) else None
