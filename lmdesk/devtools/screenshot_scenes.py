"""The scenes the screenshot devtool shoots: one function per screen state, in one table.

A scene puts the real main window (or a dialog it opens) into one state by driving its
widgets as the view tests do (choose combo data, type keys, click buttons) and calls
``stage.shoot(widget)`` once. Main views are shot as the whole window; the states of a
screen as the screen itself (``stage.view``); a dialog as the dialog, which is opened by
its button as a user would and closed again after the shot (``stage.in_modal``). Files a
scene must write (PDF exports) go to ``stage.scratch``, inside the temporary demo home.

Scenes run in table order: the main views first, then each screen's states, the scenes
that add to the demo database (an archived sheet, a recorded adverse event) last.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSize, Qt, QTimer, SignalInstance
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QWidget,
)

from lmdesk.views.registry import VIEW_SPECS

if TYPE_CHECKING:
    from lmdesk.app_context import AppContext
    from lmdesk.views.assessment.assessment_view import AssessmentView
    from lmdesk.views.courses.course_view import CoursesView
    from lmdesk.views.drugs.drug_view import DrugCardsView
    from lmdesk.views.grading.grading_view import GradingView
    from lmdesk.views.main_window import MainWindow
    from lmdesk.views.patients.patients_view import PatientsView
    from lmdesk.views.pk.pk_view import PkView
    from lmdesk.views.sheet.sheets_view import SheetsView

DEMO_MRN = "DEMO-0001"
DEMO_COURSE = 1
#: Page images of exported PDFs, at the resolution of the old docs figures.
REPORT_DPI, SHEET_DPI = 60, 80
V = TypeVar("V", bound=QWidget)


def settle(seconds: float) -> None:
    """Let workers finish and the window repaint."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def wait_until(done: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Process events until ``done()``; raise if it takes longer than ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.02)


def wait_for(signal: SignalInstance, what: str, start: Callable[[], object]) -> None:
    """Call ``start`` and wait for ``signal`` (connected first, so it cannot be missed)."""
    fired: list[object] = []
    signal.connect(lambda *args: fired.append(args))
    start()
    wait_until(lambda: bool(fired), what)


@dataclass
class Stage:
    """What a scene works with: the window over the demo database, in the run's language."""

    ctx: AppContext
    window: MainWindow
    language: str
    scratch: Path
    settle_s: float = 0.5
    #: called with the widget about to be shot (tests read the screen's words from it)
    inspect: Callable[[QWidget], None] | None = None
    image: QImage | None = field(default=None, init=False)

    def view(self, key: str, kind: type[V]) -> V:
        """Open the main view ``key`` (as its navigation entry does) and return it."""
        view = self.window.open_view(key)
        if not isinstance(view, kind):
            raise TypeError(f"view {key!r} is a {type(view).__name__}, not a {kind.__name__}")
        settle(0.1)
        return view

    def shoot(self, widget: QWidget, seconds: float | None = None) -> None:
        """Let ``widget`` repaint, then keep its image as the scene's shot."""
        if self.image is not None:
            raise RuntimeError("a scene shoots once")
        settle(self.settle_s if seconds is None else seconds)
        if self.inspect is not None:
            self.inspect(widget)
        self.image = widget.grab().toImage()

    def shoot_pdf(self, pdf: Path, dpi: int) -> None:
        """The first page of ``pdf`` as the shot (needs poppler's ``pdftoppm``)."""
        stem = self.scratch / f"{pdf.stem}-page"
        subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", "1", "-l", "1", pdf, stem],
            check=True,
            capture_output=True,
        )
        self.image = QImage(str(stem.with_suffix(".png")))

    def in_modal(
        self, open_it: Callable[[], object], act: Callable[[QDialog], None], timeout: float = 15.0
    ) -> None:
        """``open_it()`` opens a modal dialog (exec); ``act(dialog)`` runs once it is up; the
        dialog is then rejected, unless ``act`` closed it."""
        state = {"acted": False, "open": True}
        end = time.monotonic() + timeout

        def poll() -> None:
            if not state["open"]:
                return
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and dialog.isVisible():
                state["acted"] = True
                try:
                    settle(0.2)
                    act(dialog)
                finally:
                    if dialog.isVisible():
                        dialog.reject()
            elif time.monotonic() < end:
                QTimer.singleShot(50, poll)

        QTimer.singleShot(50, poll)
        try:
            open_it()
        finally:
            state["open"] = False
        if not state["acted"]:
            raise RuntimeError("no dialog was opened")


@dataclass(frozen=True)
class Scene:
    """``stem`` names the file; ``{lang}`` in it is the run's language."""

    key: str
    view: str
    run: Callable[[Stage], None]
    stem: str = "{key}-{lang}"
    needs_pdftoppm: bool = False

    def file_name(self, language: str) -> str:
        return self.stem.format(key=self.key, lang=language) + ".png"


# --------------------------------------------------------------------------- helpers


def choose(box: QComboBox, data: object) -> None:
    """Pick the entry holding ``data``, as a user picks it from the list."""
    index = box.findData(data)
    if index < 0:
        raise LookupError(f"{box.objectName() or 'combo'} has no entry {data!r}")
    box.setCurrentIndex(index)


def type_into(edit: QWidget, text: str) -> None:
    """Type like a user: key clicks for ASCII; CJK arrives committed by the input method."""
    if isinstance(edit, (QLineEdit, QAbstractSpinBox)):
        edit.selectAll()
    if text.isascii():
        QTest.keyClicks(edit, text)
    elif isinstance(edit, QLineEdit):
        edit.insert(text)
    else:
        raise ValueError(f"cannot type {text!r} into {type(edit).__name__}")


def _drop_focus() -> None:
    """Take the keyboard focus away, as a user clicking elsewhere does."""
    focused = QApplication.focusWidget()
    if focused is not None:
        focused.clearFocus()


def click(button: QAbstractButton) -> None:
    """Click like a user; a hidden or disabled button is an error, not a silent no-op."""
    settle(0.05)  # a widget just shown again needs its layout before it takes clicks
    if not (button.isVisible() and button.isEnabled()):
        raise RuntimeError(f"cannot click {button.text() or button.objectName()!r}")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _by_language(language: str, en: str, zh: str) -> str:
    return zh if language.startswith("zh") else en


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
    tab: int = 0,
) -> PkView:
    """The PK screen asked one question (a dose of None keeps the drug's usual dose)."""
    from lmdesk.views.pk.pk_view import PkView

    view = stage.view("pk", PkView)
    c = view.controls
    choose(c.drug, drug)
    choose(c.route, route)
    if dose is not None:
        c.dose.setValue(dose)
    choose(c.schedule, schedule)
    c.band.setChecked(band)
    view.tabs.setCurrentIndex(tab)
    _widen_side_tabs(view, wide=tab != 0)
    _drop_focus()  # no selection left in a box typed into by the scene before
    return view


def _widen_side_tabs(view: PkView, wide: bool) -> None:
    """Drag the splitter so a side tab with a wide table (TKI, measured levels) is read
    whole, or back to the screen's own proportions."""
    splitter = view.findChild(QSplitter)
    if splitter is None:
        raise LookupError("the PK screen has no splitter")
    total = sum(splitter.sizes())
    side = 430 if wide else 240
    splitter.setSizes([280, max(total - 280 - side, 300), side])


def pk_single_dose(stage: Stage) -> None:
    """12 mg methotrexate into the Ommaya reservoir, once."""
    view = _pk(stage, route="ommaya")
    stage.shoot(view)


def pk_what_if_overdose(stage: Stage) -> None:
    """22 mg methotrexate typed into the dose box, above its 15 mg hard ceiling."""
    view = _pk(stage)
    type_into(view.controls.dose, "22")
    QTest.keyClick(view.controls.dose, Qt.Key.Key_Enter)
    _drop_focus()
    stage.shoot(view)


def pk_liposomal_cytarabine(stage: Stage, route: str = "lp") -> None:
    """Liposomal cytarabine (discontinued) at its usual dose: free cytarabine released."""
    view = _pk(stage, drug="liposomal-cytarabine", route=route, dose=None)
    stage.shoot(view)


def pk_tki_context(stage: Stage) -> None:
    """The demo patient's osimertinib with a typed plasma level."""
    view = _pk(stage, tab=2)
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
    view = _pk(stage, tab=1)
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
    type_into(browser.filter_edit, _by_language(stage.language, "cerebrospinal", "脑脊液"))
    browser.table.selectRow(0)
    stage.shoot(view)


def grading_clinical_hold(stage: Stage) -> None:
    """CSF leakage grade 3 after the LP recorded on the demo course, its proposed hold
    applied (the confirmation answered Yes). Adds the AE and the hold to the demo DB."""
    from lmdesk.models.toxicity_rules import Attribution, Step

    view = _grading(stage, 1)
    clinical = view.clinical
    if not clinical.select_term("Cerebrospinal fluid leakage"):
        raise LookupError("Cerebrospinal fluid leakage is not offered")
    grade = clinical.grade_group.button(3)
    if grade is None:
        raise LookupError("no grade 3 button")
    click(grade)
    _scroll_to(grade)
    click(clinical.choose_button)
    record = view.record
    choose(record.attribution_box, Attribution.PROCEDURE)
    click(record.record_button)
    if record.step_box.currentData() != Step.HOLD.value:
        raise RuntimeError(f"the proposal is not a hold: {record.proposal_label.text()}")
    stage.in_modal(lambda: click(record.apply_button), _answer_yes)
    stage.shoot(view)


def _scroll_to(widget: QWidget) -> None:
    """Scroll the nearest scroll area around ``widget`` so that it is in view."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)


def _answer_yes(dialog: QDialog) -> None:
    if not isinstance(dialog, QMessageBox):
        raise TypeError(f"expected a question, got a {type(dialog).__name__}")
    yes = dialog.button(QMessageBox.StandardButton.Yes)
    if yes is None:
        raise LookupError("the question has no Yes button")
    yes.click()


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
        choose(_attr(dialog, "protocol", QComboBox), "mtx-classic")
        dialog.resize(dialog.sizeHint().expandedTo(QSize(1000, 780)))
        stage.shoot(dialog)

    stage.in_modal(lambda: click(view.plan_button), plan)


def _attr(owner: object, name: str, kind: type[V]) -> V:
    value = getattr(owner, name, None)
    if not isinstance(value, kind):
        raise TypeError(f"{type(owner).__name__}.{name} is not a {kind.__name__}")
    return value


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
        dialog.resize(1000, 780)
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
