"""The archive box of the sheets screen: one course's sheets (or all), exact reprints.

A reprint hands out the archived bytes after checking them against their SHA-256;
each reprint is written to the audit trail.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.local_time import local_time_caption
from lmdesk.printing.sheet_service import write_file
from lmdesk.store.sheet_archive import SheetArchive
from lmdesk.views.sheet.archive_table import ArchiveTable

AskPath = Callable[[QWidget, str, str, str], str]


class ArchivePanel(QGroupBox):
    #: (message, is_error) for the screen's status line
    message = Signal(str, bool)

    def __init__(self, archive: SheetArchive, ask_path: AskPath, parent: QWidget | None = None):
        super().__init__(parent)
        self.archive = archive
        self.ask_path = ask_path
        self.course_id: int | None = None
        self.table = ArchiveTable()
        self.show_all = QCheckBox()
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._choose_copy)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_archived)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Archived sheets") + " \u2014 " + local_time_caption())
        self.show_all.setText(_("All courses and unsaved plans"))
        self.copy_button.setText(_("Save exact copy…"))
        self.open_button.setText(_("Open archived copy to reprint"))
        self.table.retranslate()

    def show_course(self, course_id: int | None) -> None:
        self.course_id = course_id
        self.reload()

    def reload(self) -> None:
        if self.show_all.isChecked():
            sheets = self.archive.list()
        else:
            sheets = self.archive.list(self.course_id) if self.course_id is not None else []
        self.table.show_sheets(sheets)
        self.copy_button.setEnabled(bool(sheets))
        self.open_button.setEnabled(bool(sheets))

    def _choose_copy(self) -> None:
        sheet = self.table.selected()
        if sheet is None:
            return
        suggested = f"sheet-{sheet.patient_mrn or 'plan'}-archived{sheet.id}.pdf"
        path = self.ask_path(self, _("Save exact copy"), suggested, _("PDF (*.pdf)"))
        if path:
            self.save_archived(Path(path))

    def save_archived(self, target: Path) -> None:
        """Write the archived bytes exactly as printed (checked against their hash)."""
        sheet = self.table.selected()
        if sheet is None:
            return
        try:
            write_file(target, self.archive.pdf_bytes(sheet.id))
            self.archive.record_reprint(sheet.id, "pdf", target.name)
        except LmdeskError as exc:
            self.message.emit(str(exc), True)
            return
        self.message.emit(
            _("Exact copy of sheet {id} saved to {path}.").format(id=sheet.id, path=target), False
        )

    def open_archived(self) -> Path | None:
        """Open the archived bytes in the system PDF viewer, to print them again."""
        sheet = self.table.selected()
        if sheet is None:
            return None
        try:
            data = self.archive.pdf_bytes(sheet.id)
            target = Path(tempfile.mkdtemp(prefix="lmdesk-sheet-")) / f"sheet-{sheet.id}.pdf"
            write_file(target, data)
            self.archive.record_reprint(sheet.id, "print", target.name)
        except LmdeskError as exc:
            self.message.emit(str(exc), True)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        self.message.emit(
            _("Archived sheet {id} opened for reprinting.").format(id=sheet.id), False
        )
        return target
