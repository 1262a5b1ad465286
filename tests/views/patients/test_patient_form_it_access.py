"""Issue 22: a patient's IT access can be "unknown" (the default for a new patient)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.views.patients.patient_form import PatientForm


def _form(qtbot: Any, patient: Patient | None = None) -> PatientForm:
    form = PatientForm(patient)
    qtbot.addWidget(form)
    form.show()
    return form


def test_new_patient_starts_unknown_and_saves_unknown(qtbot: Any) -> None:
    form = _form(qtbot)
    assert form.access.currentData() == "unknown" and form.access.currentText() == "Unknown"
    qtbot.keyClicks(form.mrn, "U1")
    qtbot.keyClicks(form.name, "Test")
    form.try_accept()
    saved = form.result_patient()
    assert saved is not None and saved.it_access == "unknown"


def test_unknown_is_offered_in_chinese(qtbot: Any, zh: None) -> None:
    form = _form(qtbot)
    labels = [form.access.itemText(i) for i in range(form.access.count())]
    assert "未知" in labels and form.access.currentText() == "未知"


def test_a_stored_lp_patient_keeps_lp_and_can_choose_ommaya(qtbot: Any) -> None:
    form = _form(qtbot, Patient(mrn="L1", name="T", it_access="lp"))
    assert form.access.currentData() == "lp"
    form.access.setFocus()
    qtbot.keyClick(form.access, Qt.Key.Key_Down)
    assert form.access.currentData() == "ommaya"
    form.try_accept()
    saved = form.result_patient()
    assert saved is not None and saved.it_access == "ommaya"
