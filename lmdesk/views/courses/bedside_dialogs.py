"""Small dialogs that add a lab result or an antithrombotic dose to the patient record, through
the same repositories and model checks as ``lmdesk labs add`` and ``lmdesk meds add``.

Bad input is shown in the dialog and nothing is saved; the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.ctcae.units import to_decimal
from lmdesk.models.errors import BadInputError, LmdeskError
from lmdesk.models.scheduling.antithrombotics import KNOWN_MEDS, MedicationRecord, find_med
from lmdesk.models.scheduling.gate import meaningful_text
from lmdesk.models.scheduling.labs import (
    LAB_TESTS,
    SCALE_UNITS,
    LabResult,
    check_moment,
    lab_label,
    make_lab_result,
)
from lmdesk.store.labs_repo import LabsRepository
from lmdesk.store.medications_repo import MedicationsRepository
from lmdesk.views.courses.gate_findings import STOP_COLOUR


def _moment_edit(now: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(
        QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
    )
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def _moment(edit: QDateTimeEdit, now: datetime) -> datetime:
    q = edit.dateTime()
    d, t = q.date(), q.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=now.tzinfo)


class _RecordDialog(QDialog):
    """What the lab and antithrombotic dialogs share: who enters, the error line, Save that
    runs the dialog's own save (given to ``_finish``) and closes only when it worked."""

    def __init__(self, now: datetime, user: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._now = now
        self._save_entry: Callable[[], None] = lambda: None
        self.form = QFormLayout(self)
        self.who = QLineEdit(user)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {STOP_COLOUR};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)

    def _finish(self, save: Callable[[], None]) -> None:
        self._save_entry = save
        self.form.addRow(_("Entered by"), self.who)
        self.form.addRow(self.error)
        self.form.addRow(self.buttons)

    def try_save(self) -> bool:
        try:
            self._save_entry()
        except LmdeskError as err:
            self.error.setText(str(err))
            return False
        self.accept()
        return True


class LabDialog(_RecordDialog):
    """Test, date-time, value, unit, optional LLN/ULN; ``saved`` is the stored result."""

    def __init__(
        self,
        repo: LabsRepository,
        mrn: str,
        now: datetime,
        user: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(now, user, parent)
        self._repo = repo
        self._mrn = mrn
        self.saved: LabResult | None = None
        self.setWindowTitle(_("Add a lab result"))
        self.test = QComboBox()
        for key in LAB_TESTS:
            self.test.addItem(lab_label(key), key)
        self.when = _moment_edit(now)
        self.value = QLineEdit()
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.lln = QLineEdit()
        self.uln = QLineEdit()
        self.test.currentIndexChanged.connect(self._default_unit)
        self._default_unit()
        self.form.addRow(_("Test"), self.test)
        self.form.addRow(_("Taken at"), self.when)
        self.form.addRow(_("Value"), self.value)
        self.form.addRow(_("Unit"), self.unit)
        self.form.addRow(_("LLN (optional)"), self.lln)
        self.form.addRow(_("ULN (optional)"), self.uln)
        self._finish(self._save)

    def _default_unit(self, *_args: object) -> None:
        test = LAB_TESTS[self.test.currentData()]
        self.unit.setEditText(SCALE_UNITS.get(test.scale, ""))

    def _save(self) -> None:
        result = make_lab_result(
            test=self.test.currentData(),
            at=_moment(self.when, self._now),
            value=self.value.text(),
            unit=self.unit.currentText(),
            now=self._now,
            entered_by=self.who.text(),
            lln=self.lln.text().strip() or None,
            uln=self.uln.text().strip() or None,
        )
        self.saved = self._repo.add(self._mrn, result)


class MedicationDialog(_RecordDialog):
    """Drug, optional dose in mg, last dose time; ``saved`` is the stored record."""

    def __init__(
        self,
        repo: MedicationsRepository,
        mrn: str,
        now: datetime,
        user: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(now, user, parent)
        self._repo = repo
        self._mrn = mrn
        self.saved: MedicationRecord | None = None
        self.setWindowTitle(_("Add an antithrombotic"))
        self.drug = QComboBox()
        for key, med in KNOWN_MEDS.items():
            self.drug.addItem(_(med.label), key)
        self.dose = QLineEdit()
        self.dose.setPlaceholderText("mg")
        self.when = _moment_edit(now)
        self.form.addRow(_("Drug"), self.drug)
        self.form.addRow(_("Dose in mg (optional)"), self.dose)
        self.form.addRow(_("Last dose at"), self.when)
        self._finish(self._save)

    def _save(self) -> None:
        med = find_med(self.drug.currentData())
        at = _moment(self.when, self._now)
        check_moment(at, self._now, _("The last dose"))
        dose = to_decimal(self.dose.text().strip() or None, _("dose"))
        who = meaningful_text(self.who.text())
        if not who:
            raise BadInputError(_("Say who enters the record (a named clinician)."))
        self.saved = self._repo.add(
            self._mrn,
            MedicationRecord(
                drug=med.key,
                last_dose_at=at,
                dose_mg=None if dose is None else float(dose),
                entered_by=who,
            ),
        )
