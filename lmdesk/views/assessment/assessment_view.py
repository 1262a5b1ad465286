"""Response assessment screen (Ctrl+7): enter an assessment on a course, see what it lacks
before saving, the course's history, each component's change from the baseline, the trends
beside doses and AEs, and print the one-page summary.

The rules live in ``models.response``; saving in ``store.assessment_repo``; this view only
collects input, asks and shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _, current_language, ngettext
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.response.checks import assessment_notes
from lmdesk.models.response.completeness import check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.dates import course_start
from lmdesk.models.response.texts import day_text
from lmdesk.models.response.trends import build_trends
from lmdesk.models.scheduling.course import Course
from lmdesk.models.sheet.text import SHEET_LANGUAGES
from lmdesk.printing.report_pdf import RenderedReport, render_report
from lmdesk.printing.report_service import ReportService
from lmdesk.printing.sheet_service import write_file
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.assessment.assessment_form import AssessmentForm
from lmdesk.views.assessment.completeness_panel import CompletenessPanel
from lmdesk.views.assessment.history_panel import HistoryPanel
from lmdesk.views.assessment.report_print import preview_and_print_report
from lmdesk.views.assessment.trend_panel import TrendPanel
from lmdesk.views.commands import command
from lmdesk.views.common.course_finder import CourseFinder
from lmdesk.views.common.patient_context import shared_patient
from lmdesk.views.common.status_line import status_line
from lmdesk.views.file_dialogs import save_dialog
from lmdesk.views.jobs import Job, JobControl, start_job
from lmdesk.views.live_changes import FollowChanges, LiveChanges
from lmdesk.views.print_preview import PreviewFactory
from lmdesk.views.sheet.archive_table import LANGUAGES as SHEET_LANGUAGE_NAMES
from lmdesk.views.sheet.sheets_view import AskPath

Confirm = Callable[[str], bool]
AskText = Callable[[str], str | None]
#: Asked before unsaved edits would be dropped: answers "save", "discard" or "cancel".
AskUnsaved = Callable[[str], str]


class AssessmentView(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        confirm: Confirm | None = None,
        ask_path: AskPath | None = None,
        ask_text: AskText | None = None,
        ask_unsaved: AskUnsaved | None = None,
        pool: QThreadPool | None = None,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.repo = AssessmentRepository(ctx.patients)
        self.courses = CourseRepository(ctx.patients)
        self.events = AdverseEventRepository(ctx.patients)
        self.reports = ReportService(ctx)
        self._confirm = confirm or self._ask_yes_no
        self._ask_path: AskPath = ask_path or save_dialog(ctx)  # starts in the last folder
        self._ask_text = ask_text or self._ask_reason
        self._ask_unsaved = ask_unsaved or self._ask_save_discard
        self.pool = pool or QThreadPool.globalInstance()
        self.jobs: list[Job] = []
        #: Makes the print preview (tests give one that does not block).
        self.preview_factory: PreviewFactory | None = None
        self.course: Course | None = None
        self.response = CourseResponse(())
        self._build()
        self.follow = FollowChanges(
            self, live, self.reload_course,
            entities=("assessment", "course", "adverse_event"), dirty=self.form.is_dirty,
        )  # fmt: skip
        self.retranslate()
        self._refresh_form_state()

    # -- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        self.finder = CourseFinder(
            PatientRepository(self.ctx.patients),
            self.courses,
            compact=True,
            shared=shared_patient(self.ctx),
        )
        self.finder.course_chosen.connect(self.show_course)
        self.patient_label = QLabel()
        self.course_label = QLabel()
        self.course_label.setObjectName("course_label")
        self.course_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.patient_label)
        top.addWidget(self.finder, 2)
        top.addWidget(self.course_label, 3)

        self.form = AssessmentForm(self.ctx.clock.today())
        self.form.changed.connect(self._refresh_form_state)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_assessment)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_assessment")
        self.save_button.clicked.connect(self.save)
        # the save's result (refusal, "Saved") beside the Save button, not below the fold
        self.status = status_line(QLabel())
        self.status.setObjectName("assessment_status")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        entry = QWidget()
        entry_layout = QVBoxLayout(entry)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        entry_layout.addWidget(self.form, 1)
        entry_layout.addLayout(buttons)
        self.completeness = CompletenessPanel()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.completeness)
        upper = QSplitter()
        upper.addWidget(entry)
        upper.addWidget(scroll)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 1)
        upper.setSizes([820, 330])
        scroll.setMinimumWidth(240)

        self.history = HistoryPanel()
        self.history.edit_button.clicked.connect(self.edit_selected)
        self.history.baseline_button.clicked.connect(self.make_baseline)
        self.history.retract_button.clicked.connect(self.retract_selected)

        self.trends = TrendPanel(self._ask_path, self._report)

        self.lower_tabs = QTabWidget()
        self.lower_tabs.addTab(self.history, "")
        self.lower_tabs.addTab(self.trends, "")
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(upper)
        outer.addWidget(self.lower_tabs)
        outer.setSizes([400, 330])

        self.report_language = QComboBox()
        for code in SHEET_LANGUAGES:
            self.report_language.addItem("", code)  # named as on the Regimen sheets screen
        self.report_language.setCurrentIndex(
            max(0, self.report_language.findData(self.ctx.settings.sheet_language))
        )
        self.report_button = QPushButton()
        self.report_button.setObjectName("report_pdf")
        self.report_button.clicked.connect(self._choose_report)
        self.print_button = QPushButton()
        self.print_button.setObjectName("report_print")
        self.print_button.clicked.connect(self.preview_report)
        # the summary's, the history's and the trends' results
        self.report_status = status_line(QLabel())
        self.report_status.setObjectName("report_status")
        self.report_status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.report_status, 1)
        bottom.addWidget(self.report_language)
        bottom.addWidget(self.report_button)
        bottom.addWidget(self.print_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(outer, 1)
        layout.addLayout(bottom)
        # In the menus with their keys (the shell lists file_actions() and edit_actions()).
        self.save_action = command(
            self, N_("Save the assessment"), self.save, QKeySequence.StandardKey.Save
        )
        self.print_action = command(
            self, N_("Preview and print the response summary…"), self.preview_report,
            QKeySequence.StandardKey.Print,
        )  # fmt: skip
        tabs = (
            N_("Go to performance and symptoms"),
            N_("Go to the neurological exam"),
            N_("Go to CSF"),
            N_("Go to MRI"),
        )
        self.tab_actions = [
            command(self, text, partial(self.form.tabs.setCurrentIndex, n), f"Alt+{n + 1}")
            for n, text in enumerate(tabs)
        ]

    def showEvent(self, event: QShowEvent) -> None:
        """Courses, sessions and AEs may have changed in other screens: re-read them."""
        if self.course is not None and self.course.id is not None:
            self.show_course(self.course.id)
        super().showEvent(event)

    # -- course -----------------------------------------------------------------------

    def show_course(self, course_id: int) -> None:
        previous = self.course
        if previous is not None and previous.id is not None and previous.id != course_id:
            if not self.keep_or_drop():  # the user stays with the unsaved assessment
                self.finder.show_course(previous.patient_mrn, previous.id)
                return
            self.form.load(None)  # another course: its form starts empty
        try:
            self.course = self.courses.get(course_id)
        except BadInputError as err:
            self._error(str(err))
            return
        if self.finder.current_course() != course_id:  # opened by code, not by the finder:
            self.finder.show_course(self.course.patient_mrn, course_id)  # it says which
        self.response = CourseResponse.of(self.repo.for_course(course_id))
        events = self.events.for_course(course_id)
        self.history.show_response(self.response, course_start(self.course))
        self.trends.set_trends(build_trends(self.response.assessments, self.course, events))
        if self.form.editing is not None and self.form.editing.course_id != course_id:
            self.form.load(None)
        self.form.set_has_baseline(self.response.baseline is not None)
        self._show_course_label()
        self._refresh_form_state()

    def reload_course(self) -> None:
        """Re-read the shown course's history (changed on another workstation); the form
        keeps what is typed in it."""
        if self.course is not None and self.course.id is not None:
            self.show_course(self.course.id)

    def _show_course_label(self) -> None:
        course = self.course
        if course is None:
            self.course_label.setText(_("Choose a patient and one of their courses."))
            return
        start = course_start(course)
        baseline = self.response.baseline
        self.course_label.setText(
            _("Course #{id} {protocol}; first IT session {start}; baseline {baseline}").format(
                id=course.id,
                protocol=course.protocol.display_name(current_language()),
                start=day_text(start) if start else "-",
                baseline=day_text(baseline.assessed_on) if baseline else _("none yet"),
            )
        )

    # -- entry ------------------------------------------------------------------------

    def _current(self) -> Assessment:
        course_id = self.course.id if self.course is not None else None
        if course_id is None:
            raise BadInputError(_("Choose a course first."))
        return parse_assessment(self.form.raw(course_id))

    def _refresh_form_state(self) -> None:
        if self.course is None:
            self.completeness.show_state(None, _("Choose a course first."))
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        try:
            current = self._current()
        except BadInputError as err:
            self.completeness.show_state(None, str(err))
            return
        role = self.form.role
        self.completeness.show_state(
            check_completeness(current, role),
            notes=assessment_notes(current, role, course_start(self.course)),
        )

    def save(self) -> Assessment | None:
        """Save the form (asking first if items are missing); None if nothing was saved."""
        from lmdesk.views.users.rights_ui import RECORD, refusal_for

        why = refusal_for(self.ctx, RECORD)
        if why is not None:
            self._error(why)
            return None
        try:
            current = self._current()
        except BadInputError as err:
            self._error(str(err))
            return None
        missing = check_completeness(current, self.form.role).missing
        if missing:
            question = ngettext(
                "{n} item is missing:\n{items}\n\nSave the assessment anyway?",
                "{n} items are missing:\n{items}\n\nSave the assessment anyway?",
                len(missing),
            ).format(n=len(missing), items="\n".join(self.completeness.missing_texts()))
            if not self._confirm(question):
                self._info(_("Not saved."))
                return None
        try:
            if self.form.editing is not None:
                saved = self.repo.update(self.form.editing, current)
            else:
                saved = self.repo.add(current, as_baseline=self.form.baseline.isChecked())
        except ConflictError as err:
            self._error(str(err))
            self.show_course(current.course_id)
            return None
        except BadInputError as err:
            self._error(str(err))
            return None
        self.form.load(None)
        self.show_course(saved.course_id)
        self.history.select(saved.id)
        self._info(_("Saved the assessment of {day}.").format(day=day_text(saved.assessed_on)))
        return saved

    # -- history ----------------------------------------------------------------------

    def keep_or_drop(self) -> bool:
        """Before unsaved edits would be dropped, ask: save them, discard them, or cancel.
        True when the form may be replaced ("Edit selected" threw a filled-in form away)."""
        if not self.form.is_dirty():
            return True
        answer = self._ask_unsaved(
            _("The assessment in the form has unsaved changes. Save them before going on?")
        )
        if answer == "save":
            return self.save() is not None
        return answer == "discard"

    def new_assessment(self) -> None:
        if self.keep_or_drop():
            self.form.load(None)

    def edit_selected(self) -> None:
        a = self.history.selected()
        if a is not None and self.keep_or_drop():
            self.form.load(a)

    def make_baseline(self) -> None:
        a = self.history.selected()
        if a is None:
            return
        try:
            saved = self.repo.set_baseline(a)
        except (BadInputError, ConflictError) as err:
            self._error_below(str(err))
            return
        self.show_course(saved.course_id)
        self.history.select(saved.id)
        self._info_below(
            _("The assessment of {day} is now the baseline; rate the follow-ups again.").format(
                day=day_text(saved.assessed_on)
            )
        )

    def retract_selected(self) -> None:
        a = self.history.selected()
        if a is None:
            return
        reason = self._ask_text(_("Why is this assessment retracted?"))
        if reason is None:
            return
        try:
            self.repo.retract(a, reason)
        except (BadInputError, ConflictError) as err:
            self._error_below(str(err))
            return
        self.show_course(a.course_id)
        self._info_below(_("Assessment retracted; it stays in the audit trail."))

    # -- exports ----------------------------------------------------------------------

    def file_actions(self) -> list[QAction]:
        return [self.print_action]

    def edit_actions(self) -> list[QAction]:
        return [self.save_action, *self.tab_actions]

    def preview_report(self) -> None:
        """The summary's print preview (fit to the page's width); audited once printed."""
        if self.course is None or self.course.id is None:
            return
        language = self.report_language.currentData()
        said = preview_and_print_report(
            self, self.reports, self.course.id, language, self.preview_factory
        )
        self._info_below(said)

    def _choose_report(self) -> None:
        if self.course is None or self.course.id is None:
            return
        name = f"response-{self.course.patient_mrn}-course{self.course.id}.pdf"
        path = self._ask_path(self, _("Response summary"), name, _("PDF (*.pdf)"))
        if path:
            self.export_report(Path(path))

    def export_report(self, target: Path) -> Job | None:
        """Build the summary now, render it in the pool, write and audit it on return."""
        if self.course is None or self.course.id is None:
            return None
        report = self.reports.build(self.course.id, self.report_language.currentData())
        self.report_button.setEnabled(False)
        self._info_below(_("Preparing the summary…"))

        def work(control: JobControl) -> RenderedReport:
            return render_report(report, control.fraction)

        def done(rendered: object) -> None:
            self.jobs.remove(worker)
            self.report_button.setEnabled(True)
            assert isinstance(rendered, RenderedReport)
            data, pages = rendered.data, rendered.pages
            try:
                write_file(target, data)
                self.reports.record_export(report, target, hashlib.sha256(data).hexdigest(), pages)
            except (OSError, BadInputError) as err:
                self._error_below(str(err))
                return
            wrote = ngettext("Wrote {path} ({pages} page).", "Wrote {path} ({pages} pages).", pages)
            self._info_below(wrote.format(path=target, pages=pages))

        def failed(message: str) -> None:
            self.jobs.remove(worker)
            self.report_button.setEnabled(True)
            self._error_below(_("The summary could not be made: {error}").format(error=message))

        worker = start_job(work, self.pool, name="response summary", on_done=done, on_failed=failed)
        self.jobs.append(worker)
        return worker

    # -- messages ---------------------------------------------------------------------

    def _report(self, text: str, error: bool) -> None:
        (self._error_below if error else self._info_below)(text)

    def _info(self, text: str) -> None:
        """A result of the entry (save) beside its buttons."""
        _say(self.status, text, error=False)

    def _error(self, text: str) -> None:
        _say(self.status, text, error=True)

    def _info_below(self, text: str) -> None:
        """A result of the history, trends or summary, beside the summary's button."""
        _say(self.report_status, text, error=False)

    def _error_below(self, text: str) -> None:
        _say(self.report_status, text, error=True)

    def _ask_yes_no(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Incomplete assessment"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_save_discard(self, question: str) -> str:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            _("Unsaved assessment"),
            question,
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def _ask_reason(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, _("Retract assessment"), question)
        return text if ok else None

    def retranslate(self) -> None:
        self.patient_label.setText(_("Patient"))
        self.finder.retranslate()
        self.form.retranslate()
        self.completeness.retranslate()
        self.new_button.setText(_("New assessment"))
        self.save_button.setText(_("Save assessment (Ctrl+S)"))
        self.history.retranslate()
        self.lower_tabs.setTabText(0, _("History and change from the baseline"))
        self.lower_tabs.setTabText(1, _("Trends"))
        self.trends.retranslate()
        self.report_button.setText(_("Response summary PDF…"))
        self.print_button.setText(_("Preview and print…"))
        for i in range(self.report_language.count()):
            code = str(self.report_language.itemData(i))
            self.report_language.setItemText(i, _(SHEET_LANGUAGE_NAMES[code]))
        self._show_course_label()
        self._refresh_form_state()


def _say(label: QLabel, text: str, *, error: bool) -> None:
    label.setStyleSheet("color: #8a4b00; font-weight: bold;" if error else "")
    label.setText(text)
