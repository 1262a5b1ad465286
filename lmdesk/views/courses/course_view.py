"""Courses screen: pick a patient and course; calendar, sessions, summary, actions, history.

Every change goes through ``models.course_actions`` (the rules) and
``CourseRepository.apply`` (one transaction with its audit row); the view only asks
and shows.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _, current_language
from lmdesk.models.errors import LmdeskError
from lmdesk.models.local_time import local_time_caption, local_time_text
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as actions
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.scheduling.gate import GateResult, evaluate_gate, give_checked, meaningful_text
from lmdesk.models.scheduling.mark_correction import last_mark
from lmdesk.models.users.rights import Action, check, parties_of
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.overdose_repo import OverdoseRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.server.errors import ServerUnreachableError
from lmdesk.store.users_repo import UsersRepository
from lmdesk.views.commands import command
from lmdesk.views.common.course_box import add_course_items, relabel_course_items
from lmdesk.views.common.list_table import (
    ListTable,
    filter_box,
    filter_placeholder,
    sort_filter_proxy,
)
from lmdesk.views.common.patient_context import shared_patient
from lmdesk.views.common.patient_picker import PatientPicker
from lmdesk.views.courses.action_dialogs import Asker
from lmdesk.views.courses.bedside_dialogs import LabDialog, MedicationDialog
from lmdesk.views.courses.bedside_panel import BedsideFacts, BedsidePanel
from lmdesk.views.courses.correct_mark import ask_correction
from lmdesk.views.courses.course_calendar import CourseCalendar, calendar_locale, qdate
from lmdesk.views.courses.course_summary import summary_html
from lmdesk.views.courses.custom_protocol_dialog import CustomProtocolDialog
from lmdesk.views.courses.drug_names import drug_names
from lmdesk.views.courses.give_dialog import GateCheck
from lmdesk.views.courses.holiday_dialog import HolidayDialog
from lmdesk.views.courses.plan_dialog import PlanCourseDialog
from lmdesk.views.courses.session_table import SessionTableModel
from lmdesk.views.courses.signing import CourseSigning
from lmdesk.views.live_changes import FollowChanges, LiveChanges
from lmdesk.views.users.rights_ui import refused, show_right

PlanRunner = Callable[[SchedulerStores, Patient, datetime, str, QWidget], Course | None]
DialogRunner = Callable[[QDialog], bool]

#: What this screen shows: a change of any of these on another workstation re-reads it.
SHOWN_ENTITIES = ("course", "patient", "lab_result", "medication", "adverse_event")

#: The right each course button needs of the signed-in user. Verify and give are signed for
#: in their dialogs by whoever does them (a second person may sign on this screen).
BUTTON_RIGHTS: dict[str, Action] = {
    "hold": Action.CHANGE_COURSE,
    "cancel": Action.CHANGE_COURSE,
    "delay": Action.CHANGE_COURSE,
    "reduce": Action.CHANGE_COURSE,
    "stop": Action.CHANGE_COURSE,
}


def run_dialog(dialog: QDialog) -> bool:
    return bool(dialog.exec())


def run_plan_dialog(
    stores: SchedulerStores, patient: Patient, now: datetime, user: str, parent: QWidget
) -> Course | None:
    dialog = PlanCourseDialog(stores, patient, now, user, parent)
    return dialog.course if dialog.exec() else None


class CoursesView(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        asker: Asker | None = None,
        plan_runner: PlanRunner = run_plan_dialog,
        dialog_runner: DialogRunner = run_dialog,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._stores = SchedulerStores(ctx.reference, ctx.patients)
        self._bedside = BedsideStores(ctx.reference, ctx.patients)
        self._users = UsersRepository(ctx.patients)
        self._signing = CourseSigning(ctx, self._users, self._bedside)
        self._asker = asker or Asker(self)
        self._plan_runner = plan_runner
        self._run_dialog = dialog_runner
        self.course: Course | None = None
        self.patient_picker = PatientPicker(self._stores.patients, shared=shared_patient(ctx))
        self.patient_picker.chosen.connect(self._load_courses)
        # while another patient is being typed, the shown patient's actions are not live
        self.patient_picker.naming.connect(lambda _named: self.show_rights())
        self.find_action = command(
            self, N_("Find a patient"), self.patient_picker.focus, QKeySequence.StandardKey.Find
        )
        self.course_box = QComboBox()
        # a long protocol name must not widen the toolbar past a 1200 px window (it pushed
        # "Custom protocol…" and "Holidays…" under a horizontal scrollbar); the list shows it
        self.course_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.course_box.setMinimumContentsLength(24)
        self.course_box.currentIndexChanged.connect(self._load_course)
        self.plan_button = QPushButton()
        self.plan_button.clicked.connect(self.plan_course)
        self.custom_button = QPushButton()
        self.custom_button.clicked.connect(self.new_custom_protocol)
        self.holiday_button = QPushButton()
        self.holiday_button.clicked.connect(self.edit_holidays)
        self.calendar = CourseCalendar()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._drug_names = drug_names(ctx.reference)
        self.sessions = SessionTableModel(self, self._drug_names)
        self.table = QTableView()
        # sortable by any column, filtered by the box beside the action buttons; the model
        # (self.sessions) keeps the course's order, the selection is mapped through the proxy
        self.session_proxy = sort_filter_proxy(self.sessions, self)
        self.table.setModel(self.session_proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.session_filter = filter_box(self.session_proxy, "course_sessions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._show_selected_on_calendar)
        self.table.selectionModel().selectionChanged.connect(self._show_bedside)
        # "Correct last mark…": a QAction the main window's Edit menu can list; the session
        # table offers it on right-click too (no shortcut: a correction is never a reflex)
        self.correct_action = QAction(self)
        self.correct_action.setObjectName("correct_last_mark")
        self.correct_action.triggered.connect(self.correct_last_mark)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.correct_action)
        # the audit trail: sortable by any column, a filter box above (common.list_table)
        self.history_list = ListTable("course_history")
        self.history = self.history_list.view
        self.history.setWordWrap(True)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        history_header = self.history.horizontalHeader()
        for col in (0, 1):
            history_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        history_header.sectionResized.connect(self._fit_history_rows)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, slot in (
            ("give", self.give),
            ("hold", self.hold),
            ("cancel", self.cancel),
            ("delay", self.delay),
            ("reduce", self.reduce),
            ("verify", self.verify),
            ("stop", self.stop),
        ):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.session_filter)
        self.patient_label, self.course_label = QLabel(), QLabel()
        top = QHBoxLayout()
        top.addWidget(self.patient_label)
        top.addWidget(self.patient_picker, 1)
        top.addWidget(self.course_label)
        top.addWidget(self.course_box, 2)
        top.addWidget(self.plan_button)
        top.addWidget(self.custom_button)
        top.addWidget(self.holiday_button)
        upper = QWidget()
        grid = QGridLayout(upper)
        grid.addWidget(self.calendar, 0, 0)
        self.bedside = BedsidePanel()
        self.bedside.add_lab.clicked.connect(self.add_lab)
        self.bedside.add_med.clicked.connect(self.add_medication)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("course_side_tabs")
        summary_page = QScrollArea()
        summary_page.setWidgetResizable(True)
        summary_page.setFrameShape(QFrame.Shape.NoFrame)
        summary_page.setWidget(self.summary)
        bedside_page = QScrollArea()
        bedside_page.setWidgetResizable(True)
        bedside_page.setFrameShape(QFrame.Shape.NoFrame)
        bedside_page.setWidget(self.bedside)
        for page in (summary_page, bedside_page):
            page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_tabs.addTab(summary_page, "")
        self.side_tabs.addTab(bedside_page, "")
        grid.addWidget(self.side_tabs, 0, 1)
        grid.setColumnStretch(1, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(row)
        lower_layout.addWidget(self.table, 3)
        self.history_label = QLabel()
        history_row = QHBoxLayout()  # the filter beside the title: the trail keeps its rows
        history_row.addWidget(self.history_label, 1)
        history_row.addWidget(self.history_list.take_filter())
        lower_layout.addLayout(history_row)
        lower_layout.addWidget(self.history_list, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.follow = FollowChanges(self, live, self.reload_shown, entities=SHOWN_ENTITIES)
        self.retranslate()
        self.refresh_patients()

    # -- texts --------------------------------------------------------------------------

    def edit_actions(self) -> list[QAction]:
        """The shell's Edit menu lists these while the screen is shown (views/commands.py)."""
        return [self.find_action, self.correct_action]

    def retranslate(self) -> None:
        self.patient_label.setText(_("Patient:"))
        self.patient_picker.retranslate()
        self.course_label.setText(_("Course:"))
        self.plan_button.setText(_("Plan a course…"))
        self.custom_button.setText(_("Custom protocol…"))
        self.holiday_button.setText(_("Holidays…"))
        labels = {
            "give": _("Given…"),
            "hold": _("Hold…"),
            "cancel": _("Cancel session…"),
            "delay": _("Delay…"),
            "reduce": _("Reduce dose…"),
            "verify": _("Verify (second clinician)…"),
            "stop": _("Stop course…"),
        }
        for key, text in labels.items():
            self.buttons[key].setText(text)
        self.correct_action.setText(_("Correct last mark…"))
        for key, sequence in (
            ("give", "Ctrl+G"),
            ("hold", "Ctrl+H"),
            ("delay", "Ctrl+D"),
            ("verify", "Ctrl+Shift+V"),
        ):
            self.buttons[key].setShortcut(QKeySequence(sequence))
            self.buttons[key].setToolTip(sequence)
        self.history_label.setText(
            _("History (audit trail)") + " — " + local_time_caption(at=self._ctx.clock.now())
        )
        self.history_list.retranslate()
        filter_placeholder(self.session_filter)
        self.side_tabs.setTabText(0, _("Course"))
        self.side_tabs.setTabText(1, _("Before the dose"))
        self.bedside.retranslate()
        self.calendar.setLocale(calendar_locale())
        relabel_course_items(self.course_box)
        self.sessions.retranslate()
        self._show_summary()
        self._show_history()  # rows are worded in the reader's language, not the writer's

    # -- loading ------------------------------------------------------------------------

    def refresh_patients(self) -> None:
        """Re-read the chosen patient (or take the most recently changed) and its courses.

        Reads one patient, never the whole list: the picker queries as the user types."""
        self.patient_picker.refresh()
        self._load_courses()

    def reload_shown(self) -> None:
        """Re-read what is shown (another workstation changed it), keeping the chosen patient,
        course and session."""
        course_id = self.course_box.currentData()
        keep = self.selected_session()
        if self.patient_picker.names_current():  # never over a name being typed
            self.patient_picker.refresh(fallback_to_recent=False)
        mrn = self.patient_picker.current_mrn()
        self.course_box.blockSignals(True)
        self.course_box.clear()
        if mrn:
            add_course_items(self.course_box, self._stores.courses.for_patient(mrn))
        index = self.course_box.findData(course_id) if course_id else -1
        self.course_box.setCurrentIndex(index if index >= 0 else self.course_box.count() - 1)
        self.course_box.blockSignals(False)
        self._load_course()
        if keep is not None and self.course is not None:
            self.select_session(keep.n)

    def select_patient(self, mrn: str) -> None:
        if self.patient_picker.select_mrn(mrn, emit=False):
            self._load_courses()

    def _load_courses(self, *_args: object) -> None:
        mrn = self.patient_picker.current_mrn()
        self.course_box.blockSignals(True)
        self.course_box.clear()
        if mrn:
            add_course_items(self.course_box, self._stores.courses.for_patient(mrn))
        self.course_box.setCurrentIndex(self.course_box.count() - 1)
        self.course_box.blockSignals(False)
        self._load_course()

    def _load_course(self, *_args: object) -> None:
        course_id = self.course_box.currentData()
        self.course = self._stores.courses.get(course_id) if course_id else None
        self._show()

    def _show(self) -> None:
        c = self.course
        self.sessions.set_sessions(c.sessions if c else [])
        self.table.resizeColumnsToContents()
        self.calendar.set_sessions(c.sessions if c else [], c.mri_dates if c else ())
        if c and c.sessions:
            due = c.next_due() or c.sessions[0]
            self.calendar.setSelectedDate(qdate(due.date))
        self._show_summary()
        self._show_history()
        self._show_bedside()
        self.show_rights()

    def show_rights(self) -> None:
        """Grey out what the signed-in user may not do, the tooltip naming the missing right."""
        c = self.course
        # another name being typed: the shown patient's actions are off until one is chosen
        named = self.patient_picker.current() is None or self.patient_picker.names_current()
        active = c is not None and c.status == "active" and named
        for key, button in self.buttons.items():
            action = BUTTON_RIGHTS.get(key)
            if action is None:
                button.setEnabled(active)
                button.setToolTip(button.shortcut().toString())
            else:
                show_right(button, self._ctx, action, usable=active)
        self.correct_action.setEnabled(active and c is not None and last_mark(c) is not None)
        show_right(self.plan_button, self._ctx, Action.PLAN_COURSE, usable=named)
        show_right(self.custom_button, self._ctx, Action.PLAN_COURSE)
        show_right(self.holiday_button, self._ctx, Action.PLAN_COURSE)
        show_right(self.bedside.add_lab, self._ctx, Action.RECORD, usable=named)
        show_right(self.bedside.add_med, self._ctx, Action.RECORD, usable=named)

    def user_changed(self) -> None:
        """Another user signed in: re-read the course and what they may do."""
        self._load_course()

    def _show_summary(self) -> None:
        c = self.course
        if c is None:
            self.summary.setText(_("No course yet: choose a patient and plan one."))
            return
        try:
            patient: Patient | None = self._stores.patients.by_mrn(c.patient_mrn)
        except LmdeskError:
            patient = None
        self.summary.setText(summary_html(c, patient, self._ctx.language, self._drug_names))

    def _show_history(self) -> None:
        entries = (
            self._stores.courses.history(self.course.id) if self.course and self.course.id else []
        )
        newest_first = list(reversed(entries))
        rows = [(local_time_text(e.at), e.user, e.text) for e in newest_first]
        self.history_list.set_rows([_("When"), _("Who"), _("What")], rows, newest_first)
        header = self.history.horizontalHeader()
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # the "What" column wraps (an override's reason is read in full, not scrolled to)
        self.history.resizeRowsToContents()

    def _fit_history_rows(self, *_args: object) -> None:
        self.history.resizeRowsToContents()

    def _show_selected_on_calendar(self) -> None:
        s = self.selected_session()
        if s is not None:
            self.calendar.setSelectedDate(qdate(s.date))
        self._show_bedside()

    def bedside_session(self) -> Session | None:
        """The selected session, else the course's next due one."""
        c = self.course
        if c is None:
            return None
        chosen = self.selected_session()
        if chosen is not None:
            return chosen
        return c.next_due()

    def _show_bedside(self, *_args: object) -> None:
        c = self.course
        s = self.bedside_session()
        if c is None:
            self.bedside.show_facts(BedsideFacts())
            return
        mrn = c.patient_mrn
        result: GateResult | None = None
        if s is not None and s.status in ("planned", "delayed"):
            try:
                result = evaluate_gate(self._bedside.gate_input(c, s.n, at=self._ctx.clock.now()))
            except LmdeskError:
                result = None
        events = self._bedside.adverse_events.for_course(c.id) if c.id is not None else []
        self.bedside.show_facts(
            BedsideFacts(
                session=s,
                result=result,
                labs=tuple(self._bedside.labs.for_patient(mrn)),
                medications=tuple(self._bedside.medications.for_patient(mrn)),
                adverse_events=tuple(events),
                ae_terms=self._bedside.ae_term_names(events),
            )
        )

    def show_bedside_tab(self) -> None:
        self.side_tabs.setCurrentIndex(1)

    def _refused(self, action: Action, course: Course | None = None) -> bool:
        context = parties_of(course) if course is not None else None
        return refused(self._ctx, action, self._asker.warn, context=context)

    def add_lab(self) -> None:
        mrn = self.patient_picker.current_mrn()
        if not mrn or self._refused(Action.RECORD):
            return
        dialog = LabDialog(
            self._bedside.labs, mrn, self._ctx.clock.now(), self._ctx.user_label, self
        )
        if self._run_dialog(dialog):
            self._show_bedside()

    def add_medication(self) -> None:
        mrn = self.patient_picker.current_mrn()
        if not mrn or self._refused(Action.RECORD):
            return
        dialog = MedicationDialog(
            self._bedside.medications, mrn, self._ctx.clock.now(), self._ctx.user_label, self
        )
        if self._run_dialog(dialog):
            self._show_bedside()

    def open_course(self, mrn: str, course_id: int, session: int | None = None) -> None:
        """Show ``course_id`` of patient ``mrn`` (the worklist opens a course this way)."""
        self.select_patient(mrn)
        index = self.course_box.findData(course_id)
        if index >= 0:
            self.course_box.setCurrentIndex(index)
        if session is not None:
            self.select_session(session)
            self._show_selected_on_calendar()
        self.show_bedside_tab()

    # -- actions ------------------------------------------------------------------------

    def selected_session(self) -> Session | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.sessions.session(self.session_proxy.mapToSource(rows[0]).row())

    def select_session(self, n: int) -> None:
        shown = self.session_proxy.mapFromSource(self.sessions.index(n - 1, 0))
        if shown.isValid():
            self.table.selectRow(shown.row())

    def _apply(
        self, make: Callable[[Course], actions.ActionResult], right: Action | None = None
    ) -> None:
        if self.course is None:
            return
        if right is not None and self._refused(right, self.course):
            return
        keep = self.selected_session()
        try:
            self.course = self._stores.courses.apply(self.course, make(self.course))
        except LmdeskError as err:
            QMessageBox.warning(self, _("Not changed"), str(err))
            self._reload_after_refusal()
            return
        self._show()
        if keep is not None:
            self.select_session(keep.n)

    def _reload_after_refusal(self) -> None:
        """Show what is stored after a refused change; with the ward server gone the screen
        keeps what it showed (the banner says so; the refusal was just shown)."""
        with suppress(ServerUnreachableError):
            self._load_course()

    def _need_session(self) -> Session | None:
        s = self.selected_session()
        if s is None:
            QMessageBox.information(
                self, _("Choose a session"), _("Select a session in the list first.")
            )
        return s

    def gate_check(self, course: Course, n: int) -> GateCheck:
        """The pre-dose gate for session ``n`` of ``course``, for the give dialog to run."""
        return self._signing.gate_check(course, n)

    def give(self) -> None:
        """Ask through the give dialog (it shows the gate), then give through the gate
        exactly as ``lmdesk course give`` does; a refusal is shown and nothing is saved."""
        s = self._need_session()
        course = self.course
        if s is None or course is None:
            return
        now = self._ctx.clock.now()
        names = self._drug_names.get(s.drug)
        drug_name = (names[1] if current_language() == "zh_CN" else names[0]) if names else s.drug
        answer = self._asker.give(
            s,
            now,
            self._signing.default_login(Action.GIVE, course),
            self.gate_check(course, s.n),
            overdose_card=OverdoseRepository(self._ctx.reference).card(s.drug),
            drug_name=drug_name,
            authorize=self._signing.giver(course),
        )
        if answer is None:
            return
        giver = answer.signed_by
        if giver is None:
            self._asker.warn(
                _("Not given"), _("Who gives must sign with their login name and password.")
            )
            return
        try:
            check(Action.GIVE, giver, now.date(), context=parties_of(course))
            if meaningful_text(answer.override_reason):
                check(Action.OVERRIDE_GATE, giver, now.date())
            inp = self._bedside.gate_input(
                course,
                s.n,
                at=answer.at,
                route=answer.route,
                dose_mg=answer.dose_mg,
                given_by=giver.display_name,
            )
            action, _result = give_checked(
                inp,
                now=now,
                limits=self._stores.protocols.limits(),
                override_reason=answer.override_reason,
                batch=answer.batch,
                dose_reason=answer.dose_reason,
            )
            with self._signing.acting(giver):
                self.course = self._stores.courses.apply(course, action)
        except LmdeskError as err:
            self._asker.warn(_("Not given"), str(err))
            self._reload_after_refusal()
            return
        self._show()
        self.select_session(s.n)

    def hold(self) -> None:
        s = self._need_session()
        why = self._asker.text(_("Hold session"), _("Reason for holding:")) if s else None
        if s and why is not None:
            now = self._ctx.clock.now()  # when the hold is recorded: a correction counts from it
            self._apply(lambda c: actions.hold(c, s.n, why, at=now), Action.CHANGE_COURSE)

    def cancel(self) -> None:
        s = self._need_session()
        why = self._asker.text(_("Cancel session"), _("Reason for cancelling:")) if s else None
        if s and why is not None:
            self._apply(lambda c: actions.cancel(c, s.n, why), Action.CHANGE_COURSE)

    def delay(self) -> None:
        s = self._need_session()
        answer = self._asker.delay(s) if s else None
        if s and answer:
            others = (
                self._stores.courses.other_it_dates(self.course.patient_mrn, self.course.id)
                if self.course
                else frozenset()
            )
            self._apply(
                lambda c: actions.delay(c, s.n, answer[0], answer[1], others),
                Action.CHANGE_COURSE,
            )

    def reduce(self) -> None:
        s = self._need_session()
        answer = self._asker.dose(s) if s else None
        if s and answer:
            self._apply(
                lambda c: actions.reduce_from(c, s.n, answer[0], answer[1]), Action.CHANGE_COURSE
            )

    def verify(self) -> None:
        """The verifier (a pharmacist or a second registered clinician, never the planner)
        signs on this screen with their login name and password; the audit names them."""
        course = self.course
        if course is None:
            return
        what = _(
            "Verification of this course by a pharmacist or a second clinician on the IT "
            "register (not {planner}, who planned it): sign with your login name and password."
        ).format(planner=course.planned_by or "?")
        who = self._asker.verify(
            what,
            self._signing.signer(Action.VERIFY, course),
            self._signing.default_login(Action.VERIFY, course),
        )
        if who is None:
            return
        with self._signing.acting(who):
            self._apply(lambda c: actions.verify(c, who.display_name, self._ctx.clock.now()))

    def correct_last_mark(self) -> None:
        """Take back the course's last given/held mark with a reason (audited, shown in the
        history and kept on the session); the rule says which mark, until when and by whom."""
        if self.course is None:
            return
        now = self._ctx.clock.now()
        make = ask_correction(self.course, self._ctx.signed_in, now, self._asker)
        if make is not None:
            self._apply(make)

    def stop(self) -> None:
        if self.course is None or self._refused(Action.CHANGE_COURSE, self.course):
            return
        why = self._asker.text(_("Stop course"), _("Reason for stopping the course:"))
        if why is not None:
            self._apply(
                lambda c: actions.stop(c, why, self._ctx.clock.now(), self._ctx.user_label),
                Action.CHANGE_COURSE,
            )

    def plan_course(self) -> None:
        mrn = self.patient_picker.current_mrn()
        if not mrn:
            QMessageBox.information(self, _("No patient"), _("Add a patient first."))
            return
        if self._refused(Action.PLAN_COURSE):
            return
        patient = self._stores.patients.by_mrn(mrn)
        course = self._plan_runner(
            self._stores, patient, self._ctx.clock.now(), self._ctx.user_label, self
        )
        if course is not None:
            self._load_courses()
            index = self.course_box.findData(course.id)
            if index >= 0:
                self.course_box.setCurrentIndex(index)

    def new_custom_protocol(self) -> None:
        if self._refused(Action.PLAN_COURSE):
            return
        CustomProtocolDialog(self._stores, self).exec()

    def edit_holidays(self) -> None:
        if self._refused(Action.PLAN_COURSE):
            return
        HolidayDialog(self._stores.courses, self._ctx.clock.today(), self).exec()

    def selftest(self) -> None:
        self.refresh_patients()
        if self.sessions.columnCount() != 7:
            raise RuntimeError("session table has the wrong columns")
