"""Patient form: every field of the record, validated by the domain model on save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.patient import (
    CSF_FLOW_LABELS,
    DRIVER_GENE_LABELS,
    ECOG_WORDING,
    IT_ACCESS_LABELS,
    KPS_WORDING,
    Patient,
    SystemicTherapy,
)
from lmdesk.views.courses.course_calendar import calendar_locale
from lmdesk.views.date_edit import UNKNOWN_DATE, DateEdit, dash_when_unknown, is_unknown

#: Where the box starts when the date is ticked as known.
FIRST_GUESS = QDate(2000, 1, 1)


def _qdate(d: date | None) -> QDate:
    return QDate(d.year, d.month, d.day) if d else UNKNOWN_DATE


class _OptionalDate(QWidget):
    """A date edit with a 'known' checkbox (optional dates stay empty until ticked)."""

    def __init__(self, value: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.known = QCheckBox()
        self.edit = dash_when_unknown(DateEdit())
        self.edit.setDate(_qdate(value))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.edit.setLocale(calendar_locale())
        self._last = self.edit.date() if value is not None else FIRST_GUESS
        self.known.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.known.toggled.connect(self._known_changed)
        row.addWidget(self.known)
        row.addWidget(self.edit, 1)

    def _known_changed(self, known: bool) -> None:
        """Unticked shows "—" and keeps the date typed, so ticking again brings it back."""
        if known:
            self.edit.setDate(self._last)
        else:
            if not is_unknown(self.edit):
                self._last = self.edit.date()
            self.edit.setDate(UNKNOWN_DATE)
        self.edit.setEnabled(known)

    def value(self) -> date | None:
        """None while unticked, or while the box shows "—" (scrolled down to its minimum)."""
        if not self.known.isChecked() or is_unknown(self.edit):
            return None
        q = self.edit.date()
        return date(q.year(), q.month(), q.day())


class PatientForm(QDialog):
    """Edit or create a patient. ``result_patient()`` is set when the user saves valid data."""

    def __init__(
        self,
        patient: Patient | None = None,
        parent: QWidget | None = None,
        name_of: Callable[[str], str] | None = None,
    ) -> None:
        """``name_of`` turns a stored drug-card id into its name in the reader's language
        (the field showed the card id, "osimertinib", on the Chinese form)."""
        super().__init__(parent)
        self.setWindowTitle(_("Patient") if patient else _("New patient"))
        self._original = patient
        self._result: Patient | None = None
        p = patient or Patient(mrn="-", name="-")
        form = QFormLayout()
        self.mrn = QLineEdit(patient.mrn if patient else "")
        self.name = QLineEdit(patient.name if patient else "")
        self.sex = QComboBox()
        for value, label in (("", "—"), ("F", _("Female")), ("M", _("Male"))):
            self.sex.addItem(label, value)
        self.sex.setCurrentIndex(max(0, self.sex.findData(p.sex or "")))
        self.birth = _OptionalDate(p.birth_date if patient else None)
        self.weight = self._spin(p.weight_kg, 400, " kg")
        self.height_cm = self._spin(p.height_cm, 260, " cm")
        self.histology = QLineEdit(p.histology)
        self.driver = self._combo(DRIVER_GENE_LABELS, p.driver_gene)
        self.lm_date = _OptionalDate(p.lm_diagnosis_date if patient else None)
        self.access = self._combo(IT_ACCESS_LABELS, p.it_access)
        self.ommaya_date = _OptionalDate(p.ommaya_implant_date if patient else None)
        self.kps = QComboBox()
        self.kps.addItem("—", None)
        for score in sorted(KPS_WORDING, reverse=True):
            self.kps.addItem(f"{score} — {_(KPS_WORDING[score])}", score)
        self.kps.setCurrentIndex(max(0, self.kps.findData(p.kps)))
        self.ecog = QComboBox()
        self.ecog.addItem("—", None)
        for grade in sorted(ECOG_WORDING):
            self.ecog.addItem(f"{grade} — {_(ECOG_WORDING[grade])}", grade)
        self.ecog.setCurrentIndex(max(0, self.ecog.findData(p.ecog)))
        self.csf_flow = self._combo(CSF_FLOW_LABELS, p.csf_flow)
        therapy = p.systemic_therapy[0] if p.systemic_therapy else None
        shown = (name_of or str)(therapy.drug) if therapy else ""
        self.systemic = QLineEdit(shown)
        self.systemic.setPlaceholderText(_("e.g. osimertinib"))
        self.systemic_dose = QLineEdit(therapy.dose if therapy else "")
        self.systemic_dose.setPlaceholderText(_("e.g. 160 mg/d"))
        self.allergies = QLineEdit(p.allergies)
        self.notes = QPlainTextEdit(p.notes)
        self.notes.setFixedHeight(60)
        rows: list[tuple[str, QWidget]] = [
            (_("MRN"), self.mrn),
            (_("Name"), self.name),
            (_("Sex"), self.sex),
            (_("Birth date"), self.birth),
            (_("Weight"), self.weight),
            (_("Height"), self.height_cm),
            (_("Histology"), self.histology),
            (_("Driver gene"), self.driver),
            (_("LM diagnosis date"), self.lm_date),
            (_("IT access"), self.access),
            (_("Ommaya implant date"), self.ommaya_date),
            (_("KPS"), self.kps),
            (_("ECOG"), self.ecog),
            (_("CSF flow"), self.csf_flow),
            (_("Concurrent systemic therapy"), self.systemic),
            (_("Systemic dose"), self.systemic_dose),
            (_("Allergies"), self.allergies),
            (_("Notes"), self.notes),
        ]
        for label, widget in rows:
            form.addRow(label, widget)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(value: float | None, maximum: float, suffix: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0, maximum)
        spin.setDecimals(1)
        spin.setSuffix(suffix)
        spin.setSpecialValueText("—")
        spin.setValue(value or 0)
        return spin

    @staticmethod
    def _combo(labels: dict[str, str], current: str) -> QComboBox:
        combo = QComboBox()
        for key, label in labels.items():
            combo.addItem(_(label), key)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def values(self) -> dict[str, Any]:
        systemic = self.systemic.text().strip()
        return {
            "mrn": self.mrn.text(),
            "name": self.name.text(),
            "sex": self.sex.currentData() or None,
            "birth_date": self.birth.value(),
            "weight_kg": self.weight.value() or None,
            "height_cm": self.height_cm.value() or None,
            "histology": self.histology.text().strip(),
            "driver_gene": self.driver.currentData(),
            "lm_diagnosis_date": self.lm_date.value(),
            "it_access": self.access.currentData(),
            "ommaya_implant_date": self.ommaya_date.value(),
            "kps": self.kps.currentData(),
            "ecog": self.ecog.currentData(),
            "csf_flow": self.csf_flow.currentData(),
            "systemic_therapy": (
                [SystemicTherapy(drug=systemic, dose=self.systemic_dose.text().strip())]
                if systemic
                else []
            ),
            "allergies": self.allergies.text().strip(),
            "notes": self.notes.toPlainText().strip(),
        }

    def try_accept(self) -> None:
        try:
            patient = Patient(**self.values())
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors()
            )
            self.error.setText(_("Please correct: {problems}").format(problems=problems))
            return
        if self._original is not None:
            patient = patient.model_copy(
                update={"id": self._original.id, "row_version": self._original.row_version}
            )
        self._result = patient
        self.accept()

    def result_patient(self) -> Patient | None:
        return self._result
