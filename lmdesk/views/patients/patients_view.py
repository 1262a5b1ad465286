"""Patients screen: search by MRN or name (either script), sortable list, add and edit.

The list reads one page at a time, sorted and searched in SQL (``PatientTableModel``), and
its columns have fixed widths from the font, so opening the screen costs the same with 10
or 10,000 patients (benchmarks/bench_scale.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
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
from lmdesk.i18n import N_, _, current_language, ngettext
from lmdesk.models.errors import LmdeskError
from lmdesk.models.patient import DRIVER_GENE_LABELS, Patient
from lmdesk.models.scheduling.protocol import DrugNames, drug_name_in
from lmdesk.store.patient_repo import PatientRepository, PatientRow
from lmdesk.store.scheduler_context import SchedulerStores, systemic_as_cards
from lmdesk.views.commands import command
from lmdesk.views.courses.drug_names import drug_names
from lmdesk.views.live_changes import FollowChanges, LiveChanges
from lmdesk.views.patients.patient_form import PatientForm
from lmdesk.views.patients.patient_table import PatientTableModel

#: Opens the form and returns the saved-ready patient, or None if cancelled (tests replace it).
FormRunner = Callable[[Patient | None, QWidget], Patient | None]


def run_form(
    patient: Patient | None, parent: QWidget, name_of: Callable[[str], str] | None = None
) -> Patient | None:
    form = PatientForm(patient, parent, name_of)
    return form.result_patient() if form.exec() else None


class PatientsView(QWidget):
    patientChosen = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        form_runner: FormRunner | None = None,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._repo = PatientRepository(ctx.patients)
        self._stores = SchedulerStores(ctx.reference, ctx.patients)
        self._reference = ctx.reference
        self._drug_names: DrugNames | None = None
        self._run_form = form_runner or partial(run_form, name_of=self.drug_name)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.model = PatientTableModel(self._repo, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sort_indicator)
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
        # In the Edit menu with their keys (the shell lists edit_actions()).
        keys = QKeySequence.StandardKey
        self.new_action = command(self, N_("New patient…"), self.add_patient, keys.New)
        self.find_action = command(self, N_("Find a patient"), self.search.setFocus, keys.Find)
        self.follow = FollowChanges(self, live, self.refresh, entities=("patient", "course"))
        self.retranslate()
        self.refresh()

    def edit_actions(self) -> list[QAction]:
        return [self.new_action, self.find_action]

    def retranslate(self) -> None:
        self.search_label.setText(_("Search (MRN or name):"))
        self.search.setPlaceholderText(_("MRN, 姓名 or name"))
        self.add_button.setText(_("New patient…"))
        self.edit_button.setText(_("Edit…"))
        self.model.retranslate()
        self._fit_columns()
        self._update_count()

    def _fit_columns(self) -> None:
        """Widths from the font and the longest possible text, not from reading every row."""
        metrics = self.table.fontMetrics()
        genes = max((_(label) for label in DRIVER_GENE_LABELS.values()), key=len)
        samples = ("W00000000", "王王王王 Wangwang Wang", _("F"), "0000-00-00", genes, "100", "5")
        header = self.table.horizontalHeader()
        for column, sample in enumerate(samples[:-1]):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            header.resizeSection(column, width + 4 * metrics.averageCharWidth())

    def _keep_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """A column that does not sort leaves the indicator where the list is sorted."""
        if not self.model.sortable(column):
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), self.model.sort_order())
            header.blockSignals(False)

    def drug_name(self, drug: str) -> str:
        """A stored systemic drug (a card id, or the text as typed) as the reader names it."""
        if self._drug_names is None:  # read when a form first needs it, not at start-up
            self._drug_names = drug_names(self._reference)
        return drug_name_in(drug, self._drug_names, current_language())

    def _update_count(self) -> None:
        total = self.model.total()
        self.count_label.setText(ngettext("{n} patient", "{n} patients", total).format(n=total))

    def refresh(self) -> None:
        self.model.set_query(self.search.text())
        self._update_count()

    def selected(self) -> PatientRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.patient(rows[0].row()) if rows else None

    def _save(self, patient: Patient | None, new: bool) -> None:
        if patient is None:
            return
        from lmdesk.views.users.rights_ui import RECORD, refusal_for

        why = refusal_for(self._ctx, RECORD)
        if why is not None:
            QMessageBox.warning(self, _("Patient not saved"), why)
            return
        patient = systemic_as_cards(patient, self._stores.catalog)
        try:
            saved = self._repo.add(patient) if new else self._repo.update(patient)
        except LmdeskError as err:
            QMessageBox.warning(self, _("Patient not saved"), str(err))
            return
        self.refresh()
        row = self.model.row_of(saved.id or 0)
        if row >= 0:
            self.table.selectRow(row)
        self.patientChosen.emit(saved.mrn)

    def add_patient(self) -> None:
        self._save(self._run_form(None, self), new=True)

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            current = self._repo.get(row.id)  # the whole record, read fresh
        except LmdeskError as err:
            QMessageBox.warning(self, _("Patient not found"), str(err))
            self.refresh()
            return
        self._save(self._run_form(current, self), new=False)

    def selftest(self) -> None:
        self.search.setText("")
        self.refresh()
        if self.model.columnCount() != 7:
            raise RuntimeError("patient table has the wrong columns")
