"""Lab grading form: term, value and unit, the lab's limits and the clinical facts that
can decide a grade; the engine (``models.ctcae``) does all the grading."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.ctcae import LabGrade, LabQuery, grade_lab
from lmdesk.models.ctcae.lab_criteria import LAB_TERMS
from lmdesk.models.ctcae.rules import Version
from lmdesk.models.errors import LmdeskError
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.views.grading.result_box import ResultBox

UNKNOWN, YES, NO = "", "yes", "no"
TRISTATE: tuple[tuple[str, str], ...] = ((UNKNOWN, N_("unknown")), (YES, N_("yes")), (NO, N_("no")))


class LabGradeForm(QWidget):
    """Emits ``graded`` with the result and the value/unit it came from."""

    graded = Signal(object, str, str)

    def __init__(self, repo: CtcaeRepo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repo = repo
        self._version: Version = "5.0"
        self.term_box = QComboBox()
        self.term_box.currentIndexChanged.connect(self._term_changed)
        self.value_edit = QLineEdit()
        self.unit_box = QComboBox()
        self.lln_edit, self.uln_edit, self.baseline_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.symptomatic_box = QComboBox()
        self.sustained_box = QComboBox()
        self.hours_edit, self.max_temp_edit = QLineEdit(), QLineEdit()
        self.grade_button = QPushButton()
        self.grade_button.setDefault(True)
        self.grade_button.clicked.connect(self.grade)
        self.value_edit.returnPressed.connect(self.grade)
        self.result_box = ResultBox()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        left, right = QFormLayout(), QFormLayout()
        self._labels = [QLabel() for _ in range(10)]
        fields = (
            self.term_box,
            self.value_edit,
            self.unit_box,
            self.lln_edit,
            self.uln_edit,
            self.baseline_edit,
            self.symptomatic_box,
            self.hours_edit,
            self.max_temp_edit,
            self.sustained_box,
        )
        for n, (label, field) in enumerate(zip(self._labels, fields, strict=True)):
            (left if n < 6 else right).addRow(label, field)
        right.addRow(self.hint)
        right.addRow(self.grade_button)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 3)
        columns.addWidget(self.result_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addStretch(1)
        self.retranslate()

    # -- data ---------------------------------------------------------------------------

    def set_version(self, version: Version) -> None:
        self._version = version
        self._fill_terms()

    def _fill_terms(self) -> None:
        current = self.term_box.currentData()
        self.term_box.blockSignals(True)
        self.term_box.clear()
        language = current_language()
        names = sorted(name for v, name in LAB_TERMS if v == self._version)
        for name in names:
            term = self._repo.term(self._version, name)
            self.term_box.addItem(term.name(language) if term else name, name)
        index = self.term_box.findData(current)
        self.term_box.setCurrentIndex(max(index, 0))
        self.term_box.blockSignals(False)
        self._refresh_units()

    def _term_changed(self) -> None:
        self._refresh_units()
        self.result_box.show_result(None)

    def _refresh_units(self) -> None:
        name = self.term_box.currentData()
        lab = LAB_TERMS.get((self._version, name)) if name else None
        unit = self.unit_box.currentText()
        self.unit_box.clear()
        if lab is not None:
            self.unit_box.addItems(list(lab.rule.units))
            self.unit_box.setCurrentIndex(max(self.unit_box.findText(unit), 0))

    def select_term(self, name: str) -> None:
        index = self.term_box.findData(name)
        if index >= 0:
            self.term_box.setCurrentIndex(index)

    def raw_input(self) -> dict[str, Any]:
        """The form as the engine's loose input (empty fields = unknown)."""

        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return {
            "term": self.term_box.currentData() or "",
            "value": text(self.value_edit),
            "unit": self.unit_box.currentText() or None,
            "lln": text(self.lln_edit),
            "uln": text(self.uln_edit),
            "baseline": text(self.baseline_edit),
            "version": self._version,
            "symptomatic": self.symptomatic_box.currentData() or None,
            "hours_above_40c": text(self.hours_edit),
            "max_temp_c": text(self.max_temp_edit),
            "sustained_38c_over_1h": self.sustained_box.currentData() or None,
        }

    def grade(self) -> LabGrade | None:
        try:
            result = grade_lab(LabQuery.from_raw(self.raw_input()))
        except LmdeskError as err:
            self.result_box.show_error(str(err))
            return None
        term = self._repo.term(result.version, result.term)
        self.result_box.show_result(result, self.term_box.currentText(), term)
        if result.needs:
            self._needed_field(result.needs[0]).setFocus()
        self.graded.emit(result, self.value_edit.text().strip(), self.unit_box.currentText())
        return result

    def _needed_field(self, name: str) -> QWidget:
        """The field the engine says it needs (its reason text says why)."""
        fields: dict[str, QWidget] = {
            "unit": self.unit_box,
            "lln": self.lln_edit,
            "uln": self.uln_edit,
            "baseline": self.baseline_edit,
        }
        return fields.get(name, self.value_edit)

    # -- texts --------------------------------------------------------------------------

    def retranslate(self) -> None:
        texts = (
            _("CTCAE term"),
            _("Value"),
            _("Unit"),
            _("LLN (lower limit of normal)"),
            _("ULN (upper limit of normal)"),
            _("Baseline value"),
            _("Symptomatic"),
            _("Hours above 40 °C"),
            _("Highest single temperature (°C)"),
            _(">= 38 °C for more than one hour"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        for box in (self.symptomatic_box, self.sustained_box):
            current = box.currentData()
            box.clear()
            for key, label_text in TRISTATE:
                box.addItem(_(label_text), key)
            box.setCurrentIndex(max(box.findData(current), 0))
        self.value_edit.setPlaceholderText(_("for febrile neutropenia: the ANC"))
        self.lln_edit.setPlaceholderText(_("value's unit, or add one: 3.5 mmol/L"))
        self.uln_edit.setPlaceholderText(_("value's unit, or add one: 1.2 mg/dL"))
        self.baseline_edit.setPlaceholderText(_("empty if unknown; a unit may follow"))
        self.grade_button.setText(_("&Grade"))
        self.hint.setText(
            _(
                "Empty fields count as unknown. When an unknown fact decides between two "
                "grades, the worse grade is given and the assumption is shown."
            )
        )
        self._fill_terms()
        self.result_box.retranslate()
