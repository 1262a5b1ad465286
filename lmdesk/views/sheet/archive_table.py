"""The archive of one course's printed sheets, newest first, with their SHA-256."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from lmdesk.i18n import N_, _
from lmdesk.models.local_time import local_time_text
from lmdesk.store.sheet_archive import ArchivedSheet

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


class ArchiveTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.sheets: list[ArchivedSheet] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.show_sheets(self.sheets)

    def show_sheets(self, sheets: list[ArchivedSheet]) -> None:
        self.sheets = list(sheets)
        self.setRowCount(len(self.sheets))
        for row, s in enumerate(self.sheets):
            values = [
                str(s.id),
                str(s.course_id) if s.course_id is not None else _("not saved"),
                s.patient_mrn,
                local_time_text(s.printed_at),
                s.printed_by,
                _(KINDS[s.kind]),
                str(s.course_revision),
                _(LANGUAGES.get(s.language, s.language)),
                str(s.pages),
                s.sha256,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.setItem(row, col, item)
        if self.sheets:
            self.selectRow(0)

    def selected(self) -> ArchivedSheet | None:
        rows = self.selectionModel().selectedRows()
        return self.sheets[rows[0].row()] if rows else None
