"""Patients screen: search by MRN or name (either script), sortable list, add and edit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.scheduler_context import SchedulerStores, systemic_as_cards
from lmdesk.views.patients.patient_form import PatientForm
from lmdesk.views.patients.patient_table import PatientTableModel

#: Opens the form and returns the saved-ready patient, or None if cancelled (tests replace it).
FormRunner = Callable[[Patient | None, QWidget], Patient | None]


def run_form(patient: Patient | None, parent: QWidget) -> Patient | None:
    form = PatientForm(patient, parent)
    return form.result_patient() if form.exec() else None


class PatientsView(QWidget):
    patientChosen = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, form_runner: FormRunner = run_form
    ) -> None:
        super().__init__(parent)
        self._repo = PatientRepository(ctx.patients)
        self._stores = SchedulerStores(ctx.reference, ctx.patients)
        self._run_form = form_runner
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.model = PatientTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_patient)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_selected)
        self.count_label = QLabel()
        top = QHBoxLayout()
        self.search_label = QLabel()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.add_patient)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.search_label.setText(_("Search (MRN or name):"))
        self.search.setPlaceholderText(_("MRN, 姓名 or name"))
        self.add_button.setText(_("New patient…"))
        self.edit_button.setText(_("Edit…"))
        self.model.retranslate()
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(_("{n} patients").format(n=self.model.rowCount()))

    def refresh(self) -> None:
        self.model.set_patients(self._repo.search(self.search.text()))
        self.table.resizeColumnsToContents()
        self._update_count()

    def selected(self) -> Patient | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.patient(self.proxy.mapToSource(rows[0]).row())

    def _save(self, patient: Patient | None, new: bool) -> None:
        if patient is None:
            return
        patient = systemic_as_cards(patient, self._stores.catalog)
        try:
            saved = self._repo.add(patient) if new else self._repo.update(patient)
        except LmdeskError as err:
            QMessageBox.warning(self, _("Patient not saved"), str(err))
            return
        self.refresh()
        self.patientChosen.emit(saved.mrn)

    def add_patient(self) -> None:
        self._save(self._run_form(None, self), new=True)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is not None:
            self._save(self._run_form(current, self), new=False)

    def selftest(self) -> None:
        self.search.setText("")
        self.refresh()
        if self.model.columnCount() != 7:
            raise RuntimeError("patient table has the wrong columns")
