"""The scenes the screenshot devtool shoots: one function per screen state, in one table.

A scene puts the real main window (or a dialog it opens) into one state by driving its
widgets as the view tests do (choose combo data, type keys, click buttons) and calls
``stage.shoot(widget)`` once. Main views are shot as the whole window; the states of a
screen as the screen itself (``stage.view``); a dialog as the dialog, which is opened by
its button as a user would and closed again after the shot (``stage.in_modal``). Files a
scene must write (PDF exports) go to ``stage.scratch``, inside the temporary demo home.

The stage and the helpers that drive widgets are in ``screenshot_stage``. Scenes run in
table order: the main views first, then each screen's states, the scenes
that add to the demo database (an archived sheet, a recorded adverse event) last.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialog, QSplitter

from lmdesk.devtools import bedside_scenes, users_scenes
from lmdesk.devtools.screenshot_stage import (
    Scene,
    Stage,
    answer_yes,
    attr_of,
    by_language,
    choose,
    click,
    drop_focus,
    scroll_to,
    type_into,
    wait_for,
    wait_until,
)
from lmdesk.views.registry import VIEW_SPECS

if TYPE_CHECKING:
    from pathlib import Path

    from lmdesk.views.assessment.assessment_view import AssessmentView
    from lmdesk.views.courses.course_view import CoursesView
    from lmdesk.views.drugs.drug_view import DrugCardsView
    from lmdesk.views.grading.grading_view import GradingView
    from lmdesk.views.patients.patients_view import PatientsView
    from lmdesk.views.pk.pk_view import PkView
    from lmdesk.views.sheet.sheets_view import SheetsView

DEMO_MRN = "DEMO-0001"
DEMO_COURSE = 1
#: Page images of exported PDFs, at the resolution of the old docs figures.
REPORT_DPI, SHEET_DPI = 60, 80


# --------------------------------------------------------------------------- main views


def main_view(stage: Stage, key: str) -> None:
    """A main view as it opens, in the whole window."""
    view = stage.window.open_view(key)
    show_course = getattr(view, "show_course", None)
    if callable(show_course):  # the assessment screen starts with no course chosen
        show_course(DEMO_COURSE)
    stage.shoot(stage.window, 2.0)


# --------------------------------------------------------------------------- PK


def _pk(
    stage: Stage,
    drug: str = "methotrexate",
    route: str = "lp",
    dose: float | None = 12.0,
    schedule: str = "single",
    band: bool = False,
    tab: int | None = None,
) -> PkView:
    """The PK screen asked one question (a dose of None keeps the drug's usual dose); ``tab``
    opens a side tab (0 measured levels, 1 TKI context) and widens it."""
    from lmdesk.views.pk.pk_view import PkView

    view = stage.view("pk", PkView)
    c = view.controls
    choose(c.drug, drug)
    choose(c.route, route)
    if dose is not None:
        c.dose.setValue(dose)
    choose(c.schedule, schedule)
    c.band.setChecked(band)
    view.tabs.setCurrentIndex(tab or 0)
    _widen_side_tabs(view, wide=tab is not None)
    drop_focus()  # no selection left in a box typed into by the scene before
    return view


def _widen_side_tabs(view: PkView, wide: bool) -> None:
    """Drag the splitter so a side tab with a wide table (TKI, measured levels) is read
    whole, or back to the screen's own proportions."""
    splitter = view.tabs.parentWidget()
    if not isinstance(splitter, QSplitter):
        raise LookupError("the PK screen's side tabs are not in a splitter")
    total = sum(splitter.sizes())
    side = 430 if wide else 280
    splitter.setSizes([max(total - side, 300), side])


def pk_single_dose(stage: Stage) -> None:
    """12 mg methotrexate into the Ommaya reservoir, once."""
    view = _pk(stage, route="ommaya")
    stage.shoot(view)


def pk_what_if_overdose(stage: Stage) -> None:
    """22 mg methotrexate typed into the dose box, above its 15 mg hard ceiling."""
    view = _pk(stage)
    type_into(view.controls.dose, "22")
    QTest.keyClick(view.controls.dose, Qt.Key.Key_Enter)
    drop_focus()
    stage.shoot(view)


def pk_liposomal_cytarabine(stage: Stage, route: str = "lp") -> None:
    """Liposomal cytarabine (discontinued) at its usual dose: free cytarabine released."""
    view = _pk(stage, drug="liposomal-cytarabine", route=route, dose=None)
    stage.shoot(view)


def pk_tki_context(stage: Stage) -> None:
    """The demo patient's osimertinib with a typed plasma level."""
    view = _pk(stage, tab=1)
    panel = view.context_panel
    choose(panel.drug, "osimertinib")
    type_into(panel.plasma, "500")
    panel.plasma.editingFinished.emit()
    stage.shoot(view)


def pk_course_band(stage: Stage) -> None:
    """The demo course found by its patient, with the population band."""
    view = _pk(stage, drug="pemetrexed", route="lp", dose=None, schedule="course")
    finder = view.course_finder
    if finder is None:
        raise RuntimeError("the PK screen has no course finder")
    finder.patient_picker.select_mrn(DEMO_MRN)
    if not view.course:
        raise RuntimeError("the demo course did not load")
    wait_for(view.band_ready, "the population band", lambda: view.controls.band.setChecked(True))
    stage.shoot(view)


def pk_fitted_patient(stage: Stage) -> None:
    """Four measured lumbar levels and the individual fit to them."""
    view = _pk(stage, tab=0)
    panel = view.levels
    for hours, value in ((1.0, 250.0), (4.0, 90.0), (8.0, 40.0), (24.0, 6.0)):
        panel.time.setValue(hours)
        panel.value.setValue(value)
        click(panel.add)
    wait_for(view.fit_ready, "the fit", lambda: click(panel.fit))
    stage.shoot(view)


# --------------------------------------------------------------------------- drugs


def _drugs(stage: Stage, query: str) -> DrugCardsView:
    from lmdesk.views.drugs.drug_view import DrugCardsView

    view = stage.view("drugs", DrugCardsView)
    view.wait_for_loading()
    view.search.clear()
    type_into(view.search, query)
    view.tabs.setCurrentIndex(0)
    return view


def drugs_card(stage: Stage) -> None:
    """Pemetrexed, a standard intrathecal drug, found by typing its name."""
    stage.shoot(_drugs(stage, "pemetrexed"))


def drugs_never(stage: Stage) -> None:
    """Vincristine: the never-intrathecal banner first."""
    stage.shoot(_drugs(stage, "vincristine"))


def drugs_compare(stage: Stage) -> None:
    """Methotrexate and pemetrexed added from their cards, vincristine picked third."""
    view = _drugs(stage, "mtx")
    click(view.compare_button)
    view = _drugs(stage, "pemetrexed")
    click(view.compare_button)
    choose(view.compare.pickers[2], "vincristine")
    stage.shoot(view)


def drugs_pdf(stage: Stage) -> None:
    """The first page of the pemetrexed card's PDF."""
    view = _drugs(stage, "pemetrexed")
    target = stage.scratch / "card.pdf"
    wait_for(view.pdf_exported, "the card PDF", lambda: view.export_pdf(target))
    stage.shoot_pdf(target, REPORT_DPI)


# --------------------------------------------------------------------------- grading


def _grading(stage: Stage, tab: int) -> GradingView:
    from lmdesk.views.grading.grading_view import GradingView

    view = stage.view("grading", GradingView)
    view.set_version("5.0")
    view.tabs.setCurrentIndex(tab)
    view.record.select_course(DEMO_MRN, DEMO_COURSE)
    return view


def grading_lab(stage: Stage) -> None:
    """ANC 700/mm3 (LLN 2000) typed and graded, the demo course ready to record it on."""
    view = _grading(stage, 0)
    lab = view.lab
    lab.select_term("Neutrophil count decreased")
    lab.value_edit.clear()
    type_into(lab.value_edit, "700")
    lab.unit_box.setCurrentText("/mm3")
    lab.lln_edit.clear()
    type_into(lab.lln_edit, "2000")
    click(lab.grade_button)
    stage.shoot(view)


def grading_browse(stage: Stage) -> None:
    """All terms, filtered to the CSF ones, the first shown in full."""
    view = _grading(stage, 2)
    browser = view.browser
    browser.ensure_filled()
    type_into(browser.filter_edit, by_language(stage.language, "cerebrospinal", "脑脊液"))
    browser.table.selectRow(0)
    stage.shoot(view)


def grading_clinical_hold(stage: Stage) -> None:
    """CSF leakage grade 3 after the LP recorded on the demo course, its proposed hold
    applied (the confirmation answered Yes). Adds the AE and the hold to the demo DB."""
    from lmdesk.models.scheduling.toxicity_rules import Attribution, Step

    view = _grading(stage, 1)
    clinical = view.clinical
    if not clinical.select_term("Cerebrospinal fluid leakage"):
        raise LookupError("Cerebrospinal fluid leakage is not offered")
    grade = clinical.grade_group.button(3)
    if grade is None:
        raise LookupError("no grade 3 button")
    click(grade)
    scroll_to(grade)
    click(clinical.choose_button)
    record = view.record
    choose(record.attribution_box, Attribution.PROCEDURE)
    click(record.record_button)
    if record.step_box.currentData() != Step.HOLD.value:
        raise RuntimeError(f"the proposal is not a hold: {record.proposal_label.text()}")
    stage.in_modal(lambda: click(record.apply_button), answer_yes)
    stage.shoot(view)


# --------------------------------------------------------------------------- courses


def _courses(stage: Stage) -> CoursesView:
    from lmdesk.views.courses.course_view import CoursesView

    view = stage.view("courses", CoursesView)
    view.select_patient(DEMO_MRN)
    return view


def courses_course(stage: Stage) -> None:
    """The demo course with its next due session selected."""
    view = _courses(stage)
    due = view.course.next_due() if view.course else None
    if due is None:
        raise RuntimeError("the demo course has no session due")
    view.select_session(due.n)
    stage.shoot(view)


def courses_calendar(stage: Stage) -> None:
    """The course calendar alone: sessions coloured by status."""
    stage.shoot(_courses(stage).calendar)


def courses_plan(stage: Stage) -> None:
    """The plan dialog (opened by its button) with the classic methotrexate protocol."""
    view = _courses(stage)

    def plan(dialog: QDialog) -> None:
        choose(attr_of(dialog, "protocol", QComboBox), "mtx-classic")
        stage.size_dialog(dialog, QSize(1000, 780))
        stage.shoot(dialog)

    stage.in_modal(lambda: click(view.plan_button), plan)


# --------------------------------------------------------------------------- patients


def _patients(stage: Stage) -> PatientsView:
    from lmdesk.views.patients.patients_view import PatientsView

    view = stage.view("patients", PatientsView)
    view.search.clear()
    for row in range(view.model.rowCount()):
        patient = view.model.patient(row)
        if patient is not None and patient.mrn == DEMO_MRN:
            view.table.selectRow(row)
            return view
    raise LookupError("the demo patient is not listed")


def patients_list(stage: Stage) -> None:
    """The patient list with the demo patient selected."""
    stage.shoot(_patients(stage))


def patients_form(stage: Stage) -> None:
    """The demo patient's record in the form (opened by Edit…, cancelled after)."""
    view = _patients(stage)
    stage.in_modal(lambda: click(view.edit_button), stage.shoot)


# --------------------------------------------------------------------------- assessment


def _assessment(stage: Stage, lower_tab: int) -> AssessmentView:
    from lmdesk.views.assessment.assessment_view import AssessmentView

    view = stage.view("assessment", AssessmentView)
    view.finder.patient_picker.select_mrn(DEMO_MRN)  # shows the patient's newest course
    view.form.load(None)
    view.lower_tabs.setCurrentIndex(lower_tab)
    rows = view.history.table.rowCount()
    if rows:
        view.history.table.selectRow(rows - 1)  # the latest follow-up against the baseline
    return view


def assessment_entry(stage: Stage) -> None:
    """A new follow-up typed in: performance, CSF and the MRI scorecard (MRI tab shown)."""
    view = _assessment(stage, 0)
    form = view.form
    choose(form.performance.kps, 80)
    choose(form.performance.ecog, 1)
    choose(form.csf.cytology, "negative")
    name, value, unit = form.csf.marker_rows[0]
    for edit, text in ((name, "CEA"), (value, "18.5"), (unit, "ng/mL")):
        type_into(edit, text)
    choose(form.mri.done, True)
    for key, presence, change in (
        ("brain_nodules", "present", "improved"),
        ("brain_linear", "absent", "improved"),
        ("hydrocephalus", "absent", "no_change"),
    ):
        choose(form.mri.presence[key], presence)
        choose(form.mri.change[key], change)
    form.tabs.setCurrentIndex(3)
    stage.shoot(view)


def assessment_history(stage: Stage) -> None:
    """The latest follow-up compared with the baseline."""
    stage.shoot(_assessment(stage, 0))


def assessment_trends(stage: Stage) -> None:
    """KPS, ECOG and the CSF marker over the course."""
    stage.shoot(_assessment(stage, 1))


def assessment_report(stage: Stage) -> None:
    """Page 1 of the response summary PDF, in the run's language."""
    view = _assessment(stage, 0)
    choose(view.report_language, stage.language)
    target = stage.scratch / "response.pdf"
    view.export_report(target)
    wait_until(lambda: target.exists() and view.report_button.isEnabled(), "the summary")
    stage.shoot_pdf(target, REPORT_DPI)


# --------------------------------------------------------------------------- sheets


def _sheets(stage: Stage) -> SheetsView:
    from lmdesk.views.sheet.sheets_view import SheetsView

    view = stage.view("sheets", SheetsView)
    view.refresh()
    view.select_course(DEMO_COURSE)
    choose(view.language, stage.language)
    return view


def _export_sheet(stage: Stage, view: SheetsView) -> Path:
    target = stage.scratch / "sheet.pdf"
    wait_for(view.sheet_archived, "the sheet PDF", lambda: view.export_pdf(target))
    return target


def sheet_view(stage: Stage) -> None:
    """The demo course's sheet exported (so archived) in the run's language."""
    view = _sheets(stage)
    _export_sheet(stage, view)
    view.select_course(DEMO_COURSE)
    stage.shoot(view)


def sheet_page(stage: Stage) -> None:
    """Page 1 of the regimen sheet PDF, in the run's language."""
    stage.shoot_pdf(_export_sheet(stage, _sheets(stage)), SHEET_DPI)


def sheet_preview(stage: Stage) -> None:
    """The print preview (opened by its button, cancelled after: nothing is printed)."""
    view = _sheets(stage)

    def preview(dialog: QDialog) -> None:
        stage.size_dialog(dialog, QSize(1000, 780))
        stage.shoot(dialog, 1.5)

    stage.in_modal(lambda: click(view.preview_button), preview)


def sheet_bilingual_page(stage: Stage) -> None:
    """Page 1 of the bilingual regimen sheet (the same in either run's language)."""
    view = _sheets(stage)
    choose(view.language, "bilingual")
    stage.shoot_pdf(_export_sheet(stage, view), SHEET_DPI)


def assessment_report_bilingual(stage: Stage) -> None:
    """Page 1 of the bilingual response summary."""
    view = _assessment(stage, 0)
    choose(view.report_language, "bilingual")
    target = stage.scratch / "response-bilingual.pdf"
    view.export_report(target)
    wait_until(lambda: target.exists() and view.report_button.isEnabled(), "the summary")
    stage.shoot_pdf(target, REPORT_DPI)


# --------------------------------------------------------------------------- reliability


def reliability_damaged_db(stage: Stage) -> None:
    """The start-up dialog for a damaged patient database with a good backup: a truncated
    copy of the demo database, beside a checked backup of it, in the scratch folder."""
    import shutil

    from lmdesk.store.auto_backup import checked_backup
    from lmdesk.store.errors import DamagedDatabaseError
    from lmdesk.store.patient_db import inspect_file
    from lmdesk.views.db_safety import offer_restore

    home = stage.scratch / "damaged"
    backups = home / "backups"
    backups.mkdir(parents=True)
    damaged = home / "patients.sqlite"
    shutil.copyfile(stage.ctx.paths.patient_db, damaged)
    checked_backup(damaged, backups, stage.ctx.clock, keep=10, reason="auto")
    with damaged.open("r+b") as handle:
        handle.truncate(damaged.stat().st_size // 2)
    try:
        inspect_file(damaged, backups)
    except DamagedDatabaseError as error:
        found = error
    else:
        raise RuntimeError("the truncated copy opened")
    # the dialog is shot and then dismissed: Quit, so nothing is restored
    stage.in_modal(lambda: offer_restore(stage.ctx, found), lambda d: stage.shoot(d, 0.3))


# --------------------------------------------------------------------------- the table


def _scenes() -> list[Scene]:
    main = [Scene(f"main-{s.key}", s.key, partial(main_view, key=s.key)) for s in VIEW_SPECS]
    states = [
        Scene("pk-single-dose", "pk", pk_single_dose),
        Scene("pk-what-if-overdose", "pk", pk_what_if_overdose),
        Scene("pk-liposomal-cytarabine", "pk", pk_liposomal_cytarabine),
        Scene(
            "pk-liposomal-cytarabine-ommaya", "pk", partial(pk_liposomal_cytarabine, route="ommaya")
        ),
        Scene("pk-tki-context", "pk", pk_tki_context),
        Scene("pk-course-band", "pk", pk_course_band),
        Scene("pk-fitted-patient", "pk", pk_fitted_patient),
        Scene("drugs-card", "drugs", drugs_card),
        Scene("drugs-never", "drugs", drugs_never),
        Scene("drugs-compare", "drugs", drugs_compare),
        Scene("drugs-pdf", "drugs", drugs_pdf, needs_pdftoppm=True),
        Scene("grading-lab", "grading", grading_lab),
        Scene("grading-browse", "grading", grading_browse),
        Scene("courses-course", "courses", courses_course),
        Scene("courses-calendar", "courses", courses_calendar),
        Scene("courses-plan", "courses", courses_plan),
        Scene("patients-list", "patients", patients_list),
        Scene("patients-form", "patients", patients_form),
        Scene("assessment-entry", "assessment", assessment_entry),
        Scene("assessment-history", "assessment", assessment_history),
        Scene("assessment-trends", "assessment", assessment_trends),
        Scene(
            "assessment-report",
            "assessment",
            assessment_report,
            stem="{key}-{lang}-1",
            needs_pdftoppm=True,
        ),
        Scene("sheet-preview", "sheets", sheet_preview),
        # these add to the demo database: after every scene that shows it
        Scene("sheet-view", "sheets", sheet_view),
        Scene("sheet", "sheets", sheet_page, needs_pdftoppm=True),
        Scene("grading-clinical-hold", "grading", grading_clinical_hold),
        Scene("sheet-bilingual", "sheets", sheet_bilingual_page, "{key}", needs_pdftoppm=True),
        Scene(
            "assessment-report-bilingual",
            "assessment",
            assessment_report_bilingual,
            stem="{key}-1",
            needs_pdftoppm=True,
        ),
        Scene("reliability-damaged-db", "patients", reliability_damaged_db),
        Scene("bedside-gate-stop", "courses", bedside_scenes.bedside_gate_stop),
        Scene("bedside-gate-given", "courses", bedside_scenes.bedside_gate_given),
        Scene("bedside-today", "today", bedside_scenes.bedside_today),
        Scene("bedside-sheet", "sheets", bedside_scenes.bedside_sheet, needs_pdftoppm=True),
        # issue 23: sign-in, lock, the second person, ward settings (they sign users in and out)
        Scene("users-sign-in", "courses", users_scenes.users_sign_in),
        Scene("users-lock", "courses", users_scenes.users_lock),
        Scene("users-second-person", "courses", users_scenes.users_second_person),
        Scene("users-ward-settings", "ward", users_scenes.users_ward_settings),
        Scene("users-ward-policy", "ward", users_scenes.users_ward_policy),
    ]
    return main + states


SCENES: list[Scene] = _scenes()


def describe(scenes: list[Scene]) -> list[tuple[str, str, str]]:
    """(key, view, first docstring line) of each scene, for ``--list``."""
    rows = []
    for scene in scenes:
        run: Any = scene.run
        target = run.func if isinstance(run, partial) else run
        doc = (target.__doc__ or "").strip().splitlines()
        rows.append((scene.key, scene.view, doc[0] if doc else ""))
    return rows
