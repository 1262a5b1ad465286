"""Record a graded AE on a patient's course, show the protocol's next step with its source,
and apply the chosen step through the scheduler (``course_actions`` + the AE repository)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae import LabGrade
from lmdesk.models.ctcae.adverse_event import ACTION_NONE, AdverseEvent
from lmdesk.models.errors import ConflictError, LmdeskError
from lmdesk.models.scheduling.ae_steps import step_action, target_session
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.labels import weekday_date
from lmdesk.models.scheduling.toxicity_rules import (
    ATTRIBUTION_LABELS,
    STEP_LABELS,
    Attribution,
    Proposal,
    Step,
    propose_next_step,
)
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.common.list_table import filter_box, filter_placeholder
from lmdesk.views.common.patient_context import shared_patient
from lmdesk.views.common.status_line import status_line
from lmdesk.views.courses.course_calendar import calendar_locale
from lmdesk.views.courses.drug_names import drug_names
from lmdesk.views.date_edit import UNKNOWN_DATE, DateEdit, dash_when_unknown, is_unknown
from lmdesk.views.grading.ae_timeline import AeCalendar, TimelineTable
from lmdesk.views.grading.course_picker import CoursePicker


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def proposal_html(proposal: Proposal) -> str:
    e = html.escape
    head = e(proposal.text)
    if proposal.sources:
        head += " " + e("[" + "][".join(proposal.sources) + "]")
    if proposal.step is not None:
        head = (
            "<b>"
            + e(_("Protocol: {step}").format(step=_(STEP_LABELS[proposal.step])))
            + ("</b><br>" + head)
        )
    items = "".join(
        f"<li>{e(text)}" + (e(" [" + "][".join(keys) + "]") if keys else "") + "</li>"
        for text, keys in proposal.context
    )
    return f"<p>{head}</p>" + (f"<ul>{items}</ul>" if items else "")


Confirm = Callable[[str], bool]


class RecordPanel(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        repo: CtcaeRepo,
        parent: QWidget | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._confirm = confirm or self._ask
        self._repo = repo
        self._stores = SchedulerStores(ctx.reference, ctx.patients)
        self._drug_names = drug_names(ctx.reference)
        self._aes = AdverseEventRepository(ctx.patients)
        self.result: LabGrade | None = None
        self.lab_value, self.lab_unit = "", ""
        self.course: Course | None = None
        self.ae: AdverseEvent | None = None
        self.proposal: Proposal | None = None
        self.picker = CoursePicker(self._stores, shared=shared_patient(ctx))
        self.picker.changed.connect(self._course_picked)
        self.course_box = self.picker.course_box
        self.graded_label = QLabel()
        self.graded_label.setWordWrap(True)
        self.onset_edit = DateEdit()
        self.onset_edit.setCalendarPopup(True)
        self.onset_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.attribution_box = QComboBox()
        self.note_edit = QLineEdit()
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self.record)
        self.proposal_label = QLabel()
        self.proposal_label.setWordWrap(True)
        self.proposal_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.proposal_label.setTextFormat(Qt.TextFormat.RichText)
        self.step_box = QComboBox()
        self.step_box.currentIndexChanged.connect(self._step_changed)
        self.reason_edit = QLineEdit()
        self.new_date_edit = dash_when_unknown(DateEdit())  # "—" until a dose is found
        self.new_date_edit.setCalendarPopup(True)
        self.new_date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.new_date_edit.dateChanged.connect(self._update_enabled)
        self.dose_edit = QLineEdit()
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply_step)
        self.status = status_line(QLabel())
        self.status.setWordWrap(True)
        self.calendar = AeCalendar()
        self.timeline = TimelineTable()
        self.timeline_filter = filter_box(self.timeline.proxy, "ae_timeline")
        keys = ("onset", "attr", "note", "step", "reason", "date", "dose")
        self._labels = {key: QLabel() for key in keys}
        form = QFormLayout()
        form.addRow(self.picker)
        form.addRow(self._labels["onset"], self.onset_edit)
        form.addRow(self._labels["attr"], self.attribution_box)
        form.addRow(self._labels["note"], self.note_edit)
        step_form = QFormLayout()
        step_form.addRow(self._labels["step"], self.step_box)
        step_form.addRow(self._labels["reason"], self.reason_edit)
        step_form.addRow(self._labels["date"], self.new_date_edit)
        step_form.addRow(self._labels["dose"], self.dose_edit)
        # the event, its proposal and the step scroll on a small screen; Apply and the
        # result of Record or Apply stay pinned below them (issue 26: 1280x800)
        entry = QWidget()
        entry.setObjectName("record_entry")
        left = QVBoxLayout(entry)
        left.setContentsMargins(0, 0, 4, 0)
        left.addWidget(self.graded_label)
        left.addLayout(form)
        left.addWidget(self.record_button)
        left.addWidget(self.proposal_label, 1)
        left.addLayout(step_form)
        left.addWidget(self.target_label)
        entry_scroll = QScrollArea()
        entry_scroll.setObjectName("record_scroll")
        entry_scroll.setWidgetResizable(True)
        entry_scroll.setFrameShape(QFrame.Shape.NoFrame)
        entry_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        entry_scroll.setWidget(entry)
        pinned = QVBoxLayout()
        pinned.addWidget(entry_scroll, 1)
        pinned.addWidget(self.apply_button)
        pinned.addWidget(self.status)
        right = QVBoxLayout()
        right.addWidget(self.calendar)
        right.addWidget(self.timeline_filter)
        right.addWidget(self.timeline, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(pinned, 1)
        layout.addLayout(right, 1)
        self.retranslate()
        self.refresh_patients()
        self._update_enabled()

    # -- patient and course -------------------------------------------------------------

    def refresh_patients(self) -> None:
        self.picker.refresh()

    def reload_course(self) -> None:
        """Re-read the shown course and its AEs (changed on another workstation); the entry
        form keeps what is typed in it."""
        if self.course is not None and self.course.id is not None:
            self._course_picked(self.course.id, True)

    def select_course(self, mrn: str, course_id: int) -> None:
        self.picker.select(mrn, course_id)

    def _course_picked(self, course_id: int | None, same: bool) -> None:
        self.course = self._stores.courses.get(course_id) if course_id else None
        if not same:
            self.ae, self.proposal = None, None
            self.clear_event_form()
            self._show_proposal()
        self._show_timeline()

    def _show_timeline(self) -> None:
        events = self._aes.for_course(self.course.id) if self.course and self.course.id else []
        self.calendar.set_course(self.course, events, self._name_of)
        shown = self.course.next_due() if self.course else None
        if shown is None and self.course and self.course.sessions:
            shown = self.course.sessions[0]
        day = _qdate(shown.date if shown else self._ctx.clock.now().date())
        self.calendar.setSelectedDate(day)
        self.calendar.setCurrentPage(day.year(), day.month())
        self.timeline.show_course(self.course, events, self._name_of, self._drug_names)

    def _name_of(self, ae: AdverseEvent) -> str:
        term = self._repo.term(ae.version, ae.term)
        return term.name(current_language()) if term else ae.term

    # -- grade -> AE -> step ------------------------------------------------------------

    def set_result(self, result: LabGrade | None, lab_value: str = "", lab_unit: str = "") -> None:
        self.result, self.lab_value, self.lab_unit = result, lab_value, lab_unit
        self.ae, self.proposal = None, None
        self._show_result()
        self._show_proposal()

    def clear_event_form(self) -> None:
        """Onset today, attribution and note empty: the form of a new event."""
        self.onset_edit.setDate(_qdate(self._ctx.clock.now().date()))
        self.attribution_box.setCurrentIndex(0)
        self.note_edit.clear()

    def _term_group(self) -> str | None:
        if self.result is None:
            return None
        term = self._repo.term(self.result.version, self.result.term)
        return term.group if term else None

    def record(self) -> AdverseEvent | None:
        result, course = self.result, self.course
        if result is None or not result.grade or course is None or course.id is None:
            self.status.setText(_("Grade an event and choose a course first."))
            return None
        from lmdesk.views.users.rights_ui import RECORD, refusal_for

        why = refusal_for(self._ctx, RECORD)
        if why is not None:
            self.status.setText(why)
            return None
        onset = _pydate(self.onset_edit.date())
        try:
            ae = self._aes.record(
                AdverseEvent(
                    course_id=course.id,
                    version=result.version,
                    term=result.term,
                    grade=result.grade,
                    onset=onset,
                    lab_value=self.lab_value or None,
                    lab_unit=(self.lab_unit or None) if self.lab_value else None,
                    attribution=self.attribution_box.currentData(),
                    criterion=result.criterion,
                    assumptions=result.assumptions,
                    note=self.note_edit.text().strip(),
                    recorded_by=self._ctx.user_label,
                )
            )
        except LmdeskError as err:
            self.status.setText(str(err))
            return None
        self.ae = ae
        next_due = target_session(course, ae.onset)
        self.proposal = propose_next_step(
            term=ae.term,
            group=self._term_group(),
            grade=ae.grade,
            attribution=ae.attribution,
            drug=course.protocol.drug,
            current_dose_mg=next_due.dose_mg if next_due else None,
        )
        self.status.setText(_("Recorded on course #{id}.").format(id=course.id))
        self.clear_event_form()  # the next event starts empty, not with this one's note
        self._show_proposal()
        self._show_timeline()
        return ae

    def _show_proposal(self) -> None:
        proposal = self.proposal
        self.proposal_label.setText(proposal_html(proposal) if proposal else "")
        self.step_box.blockSignals(True)
        self.step_box.clear()
        self.step_box.addItem(_("— choose a step —"), None)
        if proposal is not None:
            for step in proposal.options:
                self.step_box.addItem(_(STEP_LABELS[step]), step.value)
            self.step_box.addItem(_("No change to the plan"), ACTION_NONE)
            if proposal.step is not None:
                self.step_box.setCurrentIndex(self.step_box.findData(proposal.step.value))
        self.step_box.blockSignals(False)
        if self.ae is None:  # no event: nothing of the previous one's step is kept
            self.reason_edit.clear()
            self.dose_edit.clear()
        else:
            self.reason_edit.setText(
                _("AE: {term} grade {grade} (CTCAE v{version})").format(
                    term=self._name_of(self.ae), grade=self.ae.grade, version=self.ae.version
                )
            )
        if proposal is not None and proposal.reduce_to_mg is not None:
            self.dose_edit.setText(f"{proposal.reduce_to_mg:g}")
        target = target_session(self.course, self.ae.onset) if self.course and self.ae else None
        if target is not None:
            self.new_date_edit.setDate(_qdate(target.date + dt.timedelta(days=7)))
            self.target_label.setText(
                _("The step acts on IT dose #{n}, {day}, {dose:g} mg.").format(
                    n=target.n, day=weekday_date(target.date), dose=target.dose_mg
                )
            )
        else:
            self.new_date_edit.setDate(UNKNOWN_DATE)
            self.target_label.setText("")
        self._step_changed()

    def _step_changed(self, *_args: object) -> None:
        step = self.step_box.currentData()
        self.new_date_edit.setEnabled(step == Step.DELAY.value)
        self.dose_edit.setEnabled(step == Step.REDUCE.value)
        self._update_enabled()

    def choose_step(self, step: Step) -> None:
        self.step_box.setCurrentIndex(self.step_box.findData(step.value))

    def apply_step(self) -> Course | None:
        ae, course, value = self.ae, self.course, self.step_box.currentData()
        if ae is None or course is None or value is None:
            self.status.setText(_("Record the AE and choose a step first."))
            return None
        from lmdesk.views.users.rights_ui import CHANGE_COURSE, refusal_for

        why = refusal_for(self._ctx, CHANGE_COURSE) if value != ACTION_NONE else None
        if why is not None:
            self.status.setText(why)
            return None
        if value == ACTION_NONE:
            try:
                self.ae = self._aes.set_action(ae, ACTION_NONE)
            except LmdeskError as err:
                self.status.setText(str(err))
                return None
            self.status.setText(_("Recorded: no change to the plan."))
            self.proposal = None
            self._show_proposal()
            self._show_timeline()
            return course
        step = Step(value)
        try:
            dose = float(self.dose_edit.text()) if step is Step.REDUCE else None
        except ValueError:
            self.status.setText(_("Enter the reduced dose in mg."))
            return None
        target = target_session(course, ae.onset)
        what = _(STEP_LABELS[step])
        if step is not Step.STOP and target is not None:
            what += " — " + _("IT dose #{n}, {day}").format(
                n=target.n, day=weekday_date(target.date)
            )
        if not self._confirm(
            _("{what}\nThis changes the course and is written to the audit log.").format(what=what)
        ):
            return None
        try:
            result = step_action(
                course,
                step,
                onset=ae.onset,
                reason=self.reason_edit.text(),
                at=self._ctx.clock.now(),
                by=self._ctx.user_label,
                new_date=_pydate(self.new_date_edit.date()) if step is Step.DELAY else None,
                dose_mg=dose,
            )
            self.ae, self.course = self._aes.apply_step(ae, self._stores.courses, course, result)
        except ConflictError as err:
            # changed elsewhere meanwhile: show the fresh state, let the user decide again
            self.status.setText(str(err))
            if course.id is not None and ae.id is not None:
                self.course, self.ae = self._stores.courses.get(course.id), self._aes.get(ae.id)
            self._show_timeline()
            return None
        except LmdeskError as err:
            self.status.setText(str(err))
            return None
        self.status.setText(result.description)
        self.proposal = None
        self._show_proposal()
        self._show_timeline()
        return self.course

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Change the course?"), question)
        return answer == QMessageBox.StandardButton.Yes

    # -- texts and state ----------------------------------------------------------------

    def _show_result(self) -> None:
        r = self.result
        if r is None or not r.grade:
            self.graded_label.setText(_("Grade an event above to record it on a course."))
        else:
            term = self._repo.term(r.version, r.term)
            name = term.name(current_language()) if term else r.term
            self.graded_label.setText(
                _("To record: {term} grade {grade} (CTCAE v{version})").format(
                    term=name, grade=r.grade, version=r.version
                )
            )
        self._update_enabled()

    def _update_enabled(self) -> None:
        can_record = bool(self.result and self.result.grade and self.course)
        self.record_button.setEnabled(can_record)
        step = self.step_box.currentData()
        no_date = step == Step.DELAY.value and is_unknown(self.new_date_edit)
        self.apply_button.setEnabled(self.ae is not None and step is not None and not no_date)

    def retranslate(self) -> None:
        texts = {
            "onset": _("Onset date"),
            "attr": _("Attributed to"),
            "note": _("Note"),
            "step": _("Next step"),
            "reason": _("Reason"),
            "date": _("New date (delay)"),
            "dose": _("New dose, mg (reduce)"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.picker.retranslate()
        current = self.attribution_box.currentData()
        self.attribution_box.clear()
        for attribution in Attribution:
            self.attribution_box.addItem(_(ATTRIBUTION_LABELS[attribution]), attribution)
        self.attribution_box.setCurrentIndex(max(self.attribution_box.findData(current), 0))
        self.record_button.setText(_("&Record AE on this course"))
        self.apply_button.setText(_("&Apply step to the course"))
        if not self.onset_edit.date().isValid() or self.onset_edit.date() == QDate(2000, 1, 1):
            self.onset_edit.setDate(_qdate(self._ctx.clock.now().date()))
        for widget in (self.calendar, self.onset_edit, self.new_date_edit):
            widget.setLocale(calendar_locale())
        self.timeline.retranslate()
        filter_placeholder(self.timeline_filter)
        self._show_result()
        self._show_proposal()
        self._show_timeline()
