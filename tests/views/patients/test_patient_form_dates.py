"""Optional dates on the patient form: "—" while not known, the typed date kept when the box
is unticked and ticked again."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt

from lmdesk.models.patient import Patient
from lmdesk.views.patients.patient_form import PatientForm


def _form(qtbot: Any, patient: Patient | None = None) -> PatientForm:
    form = PatientForm(patient)
    qtbot.addWidget(form)
    form.show()
    return form


def test_an_unknown_date_reads_as_a_dash(qtbot: Any, zh: None) -> None:
    form = _form(qtbot)
    for box in (form.birth, form.lm_date, form.ommaya_date):
        assert box.edit.text() == "—" and not box.edit.isEnabled()
        assert box.value() is None


def test_ticking_known_starts_at_a_date_and_saves_it(qtbot: Any) -> None:
    form = _form(qtbot)
    qtbot.mouseClick(form.lm_date.known, Qt.MouseButton.LeftButton)
    assert form.lm_date.edit.isEnabled() and form.lm_date.edit.text() != "—"
    form.lm_date.edit.setDate(QDate(2026, 11, 20))
    qtbot.keyClicks(form.mrn, "D1")
    form.name.setText("Test")
    form.try_accept()
    saved = form.result_patient()
    assert saved is not None and saved.lm_diagnosis_date == date(2026, 11, 20)
    assert saved.birth_date is None


def test_unticking_keeps_the_date_for_ticking_again(qtbot: Any) -> None:
    form = _form(qtbot, Patient(mrn="D2", name="T", birth_date=date(1961, 5, 2)))
    box = form.birth
    assert box.value() == date(1961, 5, 2) and box.edit.text().startswith("1961-05-02")
    qtbot.mouseClick(box.known, Qt.MouseButton.LeftButton)
    assert box.value() is None and box.edit.text() == "—"
    qtbot.mouseClick(box.known, Qt.MouseButton.LeftButton)
    assert box.value() == date(1961, 5, 2)


def test_a_known_box_scrolled_to_the_dash_is_not_a_date(qtbot: Any) -> None:
    form = _form(qtbot, Patient(mrn="D3", name="T", birth_date=date(1961, 5, 2)))
    form.birth.edit.setDate(form.birth.edit.minimumDate())
    assert form.birth.edit.text() == "—" and form.birth.value() is None
