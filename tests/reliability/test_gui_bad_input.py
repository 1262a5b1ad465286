"""Bad input typed into the GUI: an inline message, the typed text kept, nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from lmdesk.app_context import AppContext
from lmdesk.models.users.user import User
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views import app as app_module
from lmdesk.views.patients.patient_form import PatientForm
from lmdesk.views.patients.patients_view import PatientsView


@pytest.fixture(autouse=True)
def lmdesk_app(qapp: QApplication) -> QApplication:
    return app_module.ensure_application()


@pytest.mark.parametrize(
    ("mrn", "name"),
    [
        ("\x1dA100", "Barcode Scanner"),  # a scanner's group separator
        ("A100", "x" * 5000),  # longer than any name
        ("   ", "Blank MRN"),
        ("A100", ""),
    ],
)
def test_patient_form_keeps_what_was_typed_and_says_why(qtbot, mrn: str, name: str) -> None:
    form = PatientForm()
    qtbot.addWidget(form)
    form.mrn.setText(mrn)
    form.name.setText(name)
    form.try_accept()
    assert form.result_patient() is None
    assert form.error.text().strip()  # inline message, no dialog
    assert (form.mrn.text(), form.name.text()) == (mrn, name)  # nothing lost


def test_any_unicode_name_is_saved_through_the_view(ctx: AppContext, qtbot) -> None:
    """Full-width, RTL, emoji and SQL-like text are valid names: saved exactly, found again."""
    # saving a patient needs the right to record (issue 23): a registered prescriber signs in
    ctx.sign_in(
        User(
            login="dr.wang",
            name_en="Wang Wei",
            roles=frozenset({"prescriber"}),
            register_until=date(2030, 12, 31),
        )
    )
    typed = "ＺＨＡＮＧ 张\u202eابc 😷 '; DROP TABLE patients;--"

    def runner(patient, parent):
        form = PatientForm(patient, parent)
        form.mrn.setText("Ｍ-7")
        form.name.setText(typed)
        form.try_accept()
        return form.result_patient()

    view = PatientsView(ctx, form_runner=runner)
    qtbot.addWidget(view)
    view.add_patient()
    saved = PatientRepository(ctx.patients).by_mrn("Ｍ-7")
    assert saved.name == typed
    view.search.setText("张")
    assert view.model.rowCount() == 1
    view.search.setText("'; DROP")
    assert view.model.rowCount() == 1  # found by its own text, and the table is still there
