"""Courses screen: pick a patient and course; calendar, sessions, summary, actions, history.

Every change goes through ``models.course_actions`` (the rules) and
``CourseRepository.apply`` (one transaction with its audit row); the view only asks
and shows. The view makes and wires its widgets, loads and shows the chosen course, and
plans; its parts live beside it: ``session_actions`` (the give/hold/… buttons and what they
do), ``course_layout`` (where the widgets stand), ``course_history`` (the audit trail) and
``bedside_reading`` (what "Before the dose" shows).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import Course, Session
from lmdesk.models.users.rights import Action, parties_of
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.users_repo import UsersRepository
from lmdesk.views.commands import command
from lmdesk.views.common.course_box import add_course_items, relabel_course_items
from lmdesk.views.common.list_table import (
    filter_box,
    filter_placeholder,
    sort_filter_proxy,
)
from lmdesk.views.common.patient_context import shared_patient
from lmdesk.views.common.patient_picker import PatientPicker
from lmdesk.views.courses.action_dialogs import Asker
from lmdesk.views.courses.bedside_dialogs import LabDialog, MedicationDialog
from lmdesk.views.courses.bedside_panel import BedsideFacts, BedsidePanel
from lmdesk.views.courses.bedside_reading import read_bedside_facts
from lmdesk.views.courses.course_calendar import CourseCalendar, calendar_locale, qdate
from lmdesk.views.courses.course_history import CourseHistory
from lmdesk.views.courses.course_layout import lay_out
from lmdesk.views.courses.course_summary import summary_html
from lmdesk.views.courses.custom_protocol_dialog import CustomProtocolDialog
from lmdesk.views.courses.drug_names import drug_names
from lmdesk.views.courses.holiday_dialog import HolidayDialog
from lmdesk.views.courses.plan_dialog import PlanCourseDialog
from lmdesk.views.courses.session_actions import SessionActions
from lmdesk.views.courses.session_table import SessionTableModel
from lmdesk.views.courses.signing import CourseSigning
from lmdesk.views.live_changes import FollowChanges, LiveChanges
from lmdesk.views.users.rights_ui import refused, show_right

PlanRunner = Callable[[SchedulerStores, Patient, datetime, str, QWidget], Course | None]
DialogRunner = Callable[[QDialog], bool]

#: What this screen shows: a change of any of these on another workstation re-reads it.
SHOWN_ENTITIES = ("course", "patient", "lab_result", "medication", "adverse_event")


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
        self.session_actions = SessionActions(
            self,
            self,
            ctx,
            self._stores,
            self._bedside,
            self._signing,
            self._asker,
            self._drug_names,
            show=self._show,
            reload=self._load_course,
            refuses=self._refused,
        )
        # the handlers and their controls stay reachable on the view (menus, tests, scenes)
        self.buttons = self.session_actions.buttons
        self.correct_action = self.session_actions.correct_action
        self.give = self.session_actions.give
        self.hold = self.session_actions.hold
        self.cancel = self.session_actions.cancel
        self.delay = self.session_actions.delay
        self.reduce = self.session_actions.reduce
        self.verify = self.session_actions.verify
        self.stop = self.session_actions.stop
        self.correct_last_mark = self.session_actions.correct_last_mark
        self.gate_check = self.session_actions.gate_check
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.correct_action)
        self._history = CourseHistory()
        self.history_list = self._history.list
        self.history = self._history.view
        self.history_label = self._history.label
        self.patient_label, self.course_label = QLabel(), QLabel()
        self.bedside = BedsidePanel()
        self.bedside.add_lab.clicked.connect(self.add_lab)
        self.bedside.add_med.clicked.connect(self.add_medication)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("course_side_tabs")
        lay_out(self, self)
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
        self.session_actions.retranslate()
        self._history.retranslate(self._ctx.clock.now())
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
        self.session_actions.show_rights(active)
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
        self._history.show(entries)

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
        self.bedside.show_facts(read_bedside_facts(self._bedside, c, s, self._ctx.clock))

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

    # -- sessions and planning ---------------------------------------------------------

    def selected_session(self) -> Session | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.sessions.session(self.session_proxy.mapToSource(rows[0]).row())

    def select_session(self, n: int) -> None:
        shown = self.session_proxy.mapFromSource(self.sessions.index(n - 1, 0))
        if shown.isValid():
            self.table.selectRow(shown.row())

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
