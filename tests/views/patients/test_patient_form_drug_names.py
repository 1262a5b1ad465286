"""The concurrent systemic drug is stored as a card id and shown by its name in the reader's
language (the Chinese form showed "osimertinib")."""

from __future__ import annotations

from typing import Any

from lmdesk.models.patient import Patient, SystemicTherapy
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.patients.patient_form import PatientForm
from lmdesk.views.patients.patients_view import PatientsView


def _on_osimertinib(ctx: Any) -> Patient:
    therapy = SystemicTherapy(drug="osimertinib", dose="80 mg/d")
    return PatientRepository(ctx.patients).add(
        Patient(mrn="S1", name="赵六", systemic_therapy=(therapy,))
    )


def _edit(qtbot: Any, ctx: Any, change: str | None = None) -> tuple[PatientsView, list[str]]:
    shown: list[str] = []

    def runner(patient: Patient | None, parent: Any) -> Patient | None:
        form = PatientForm(patient, parent, view.drug_name)
        qtbot.addWidget(form)
        shown.append(form.systemic.text())
        if change is not None:
            form.systemic.setText(change)
        form.try_accept()
        return form.result_patient()

    view = PatientsView(ctx, form_runner=runner)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    view.edit_selected()
    return view, shown


def test_the_chinese_form_names_the_drug_in_chinese(qtbot: Any, ctx: Any, zh: None) -> None:
    saved = _on_osimertinib(ctx)
    _view, shown = _edit(qtbot, ctx)
    assert shown == ["奥希替尼"]
    # saved unchanged, the card id is kept, not the name shown
    after = PatientRepository(ctx.patients).get(saved.id or 0)
    assert after.systemic_therapy[0].drug == "osimertinib"
    assert after.systemic_therapy[0].dose == "80 mg/d"


def test_the_english_form_names_the_drug_in_english(qtbot: Any, ctx: Any) -> None:
    _on_osimertinib(ctx)
    _view, shown = _edit(qtbot, ctx)
    assert shown == ["Osimertinib"]


def test_a_drug_typed_in_chinese_is_stored_as_its_card(qtbot: Any, ctx: Any, zh: None) -> None:
    saved = _on_osimertinib(ctx)
    _edit(qtbot, ctx, change="阿来替尼")
    after = PatientRepository(ctx.patients).get(saved.id or 0)
    assert after.systemic_therapy[0].drug == "alectinib"


def test_an_unknown_drug_is_shown_as_typed(qtbot: Any, ctx: Any) -> None:
    therapy = SystemicTherapy(drug="furmonertinib", dose="")
    PatientRepository(ctx.patients).add(Patient(mrn="S2", name="X", systemic_therapy=(therapy,)))
    _view, shown = _edit(qtbot, ctx)
    assert shown == ["furmonertinib"]


def test_the_form_alone_shows_what_is_stored(qtbot: Any) -> None:
    therapy = SystemicTherapy(drug="osimertinib")
    form = PatientForm(Patient(mrn="S3", name="Y", systemic_therapy=(therapy,)))
    qtbot.addWidget(form)
    assert form.systemic.text() == "osimertinib"


def test_the_real_form_runner_names_the_drug(qtbot: Any, ctx: Any, zh: None, monkeypatch) -> None:
    """The default runner (a modal dialog) passes the view's drug names to the form."""
    _on_osimertinib(ctx)
    shown: list[str] = []

    def cancel(form: PatientForm) -> int:
        shown.append(form.systemic.text())
        return 0

    monkeypatch.setattr(PatientForm, "exec", cancel)
    view = PatientsView(ctx)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    view.edit_selected()
    assert shown == ["奥希替尼"]
