"""Plan a course: choose protocol, start, route, dose and options; preview; save.

The dialog only gathers input and shows what ``planning.plan_course`` says; every rule
(ranges, ceilings, intervals, never-IT) is decided in the domain.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _, current_language
from lmdesk.models.errors import BadInputError, LmdeskError
from lmdesk.models.finding import level_label
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar
from lmdesk.models.scheduling.course import Course, Session, course_from_plan
from lmdesk.models.scheduling.dose_safety import require_reason
from lmdesk.models.scheduling.open_schedule import require_confirmed_schedule
from lmdesk.models.scheduling.planning import Plan, PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import ROUTE_LABELS
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.courses.course_calendar import calendar_locale
from lmdesk.views.courses.drug_names import drug_names
from lmdesk.views.courses.session_table import SessionTableModel
from lmdesk.views.date_edit import DateEdit

#: The dose box's own upper bound: far above every ceiling, so a typed dose is never
#: clipped by the widget (the dose rules in ``planning`` decide and say why).
DOSE_BOX_MAX_MG = 100_000.0


class PlanCourseDialog(QDialog):
    def __init__(
        self,
        stores: SchedulerStores,
        patient: Patient,
        now: datetime,
        user: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            _("Plan a course for {name} ({mrn})").format(name=patient.name, mrn=patient.mrn)
        )
        self._stores, self._patient, self._now, self._user = stores, patient, now, user
        self.plan: Plan | None = None
        self.course: Course | None = None
        self.protocol = QComboBox()
        protocols = stores.protocols.list()
        names = [p.display_name(current_language()) for p in protocols]
        for p, name in zip(protocols, names, strict=True):
            # named as read; the id (a code) only tells apart two protocols of one name
            label = name if names.count(name) == 1 else f"{name}  [{p.id}]"
            self.protocol.addItem(label, p.id)
            self.protocol.setItemData(self.protocol.count() - 1, p.id, Qt.ItemDataRole.ToolTipRole)
        # Nothing is chosen for the user: the dialog opened savable on the first protocol.
        self.protocol.setPlaceholderText(_("Choose a protocol…"))
        self.protocol.setCurrentIndex(-1)
        self.start = DateEdit(QDate(now.year, now.month, now.day))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd ddd")
        self.start.setLocale(calendar_locale())
        self.route = QComboBox()
        self.dose = QDoubleSpinBox()
        self.dose.setDecimals(2)
        self.dose.setSuffix(" mg")
        # The box takes what is typed (it reverted 100 to the protocol's 50 without a word);
        # planning refuses a dose outside the rules and the refusal is shown below.
        self.dose.setRange(0.0, DOSE_BOX_MAX_MG)
        self.range_label = QLabel()
        self.range_label.setWordWrap(True)  # the cited range made the dialog 1303 px wide
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("required when the dose is above the usual range"))
        self.no_weekends = QCheckBox(_("Avoid weekends"))
        self.no_holidays = QCheckBox(_("Avoid holidays on the list"))
        self.maintenance = QSpinBox()
        self.maintenance.setRange(0, 60)
        self.maintenance.setValue(6)
        self.every = QSpinBox()
        self.every.setRange(0, 365)
        self.every.setSpecialValueText(_("not set"))
        self.count = QSpinBox()
        self.count.setRange(0, 60)
        self.count.setSpecialValueText(_("not set"))
        self.confirm_default = QCheckBox(
            _("I confirm the default schedule shown (the sources leave it open)")
        )
        self.confirm_default.setVisible(False)
        self.chemo = QLineEdit()
        self.chemo.setPlaceholderText(_("YYYY-MM-DD, YYYY-MM-DD …"))
        self.mri = QSpinBox()
        self.mri.setRange(0, 52)
        self.mri.setSpecialValueText(_("not set"))
        form = QFormLayout()
        form.addRow(_("Protocol"), self.protocol)
        form.addRow(_("Start"), self.start)
        form.addRow(_("Route"), self.route)
        dose_row = QHBoxLayout()
        dose_row.addWidget(self.dose)
        dose_row.addWidget(self.range_label, 1)
        form.addRow(_("Dose per injection"), dose_row)
        form.addRow(_("Reason for a higher dose"), self.reason)
        form.addRow(self.no_weekends)
        form.addRow(self.no_holidays)
        form.addRow(_("Maintenance sessions shown"), self.maintenance)
        form.addRow(_("Interval (days) where not confirmed"), self.every)
        form.addRow(_("Number of doses or cycles where not confirmed"), self.count)
        form.addRow(self.confirm_default)
        form.addRow(_("Reassessment MRI every (weeks)"), self.mri)
        form.addRow(_("Systemic chemotherapy days"), self.chemo)
        self.sessions = SessionTableModel(self, drug_names(stores.reference))
        self.preview = QTableView()
        self.preview.setModel(self.sessions)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 2)
        # many findings scroll beside the sessions instead of squeezing them (issue 26)
        findings = QScrollArea()
        findings.setWidgetResizable(True)
        findings.setFrameShape(QFrame.Shape.NoFrame)
        findings.setWidget(self.findings)
        layout.addWidget(findings, 1)
        layout.addWidget(self.buttons)
        self.protocol.currentIndexChanged.connect(self._protocol_changed)
        for signal in (
            self.start.dateChanged,
            self.route.currentIndexChanged,
            self.dose.valueChanged,
            self.reason.textChanged,
            self.no_weekends.toggled,
            self.no_holidays.toggled,
            self.maintenance.valueChanged,
            self.every.valueChanged,
            self.count.valueChanged,
            self.confirm_default.toggled,
            self.mri.valueChanged,
            self.chemo.textChanged,
        ):
            signal.connect(self.update_preview)
        self.resize(900, 700)
        self._protocol_changed()

    def _protocol_changed(self) -> None:
        if self.protocol.currentData() is None:
            self.update_preview()
            return
        protocol = self._stores.protocols.get(self.protocol.currentData())
        self.route.blockSignals(True)
        self.route.clear()
        for r in protocol.routes:
            self.route.addItem(_(ROUTE_LABELS[r]), r)
        if self._patient.it_access in protocol.routes:
            self.route.setCurrentIndex(self.route.findData(self._patient.it_access))
        self.route.blockSignals(False)
        # A confirmation is for the default shown: another protocol needs its own.
        self.confirm_default.blockSignals(True)
        self.confirm_default.setChecked(False)
        self.confirm_default.blockSignals(False)
        self.dose.blockSignals(True)
        self.dose.setValue(protocol.dose.default_mg)
        self.dose.blockSignals(False)
        self.range_label.setText(
            _("protocol range {lo:g}–{hi:g} mg [{src}]").format(
                lo=protocol.dose.min_mg,
                hi=protocol.dose.max_mg,
                src=protocol.dose.source_in(current_language()),
            )
        )
        self.update_preview()

    def options(self) -> PlanOptions:
        q = self.start.date()
        holidays = (
            frozenset(self._stores.courses.holidays())
            if self.no_holidays.isChecked()
            else frozenset()
        )
        return PlanOptions(
            start=date(q.year(), q.month(), q.day()),
            route=self.route.currentData(),
            dose_mg=self.dose.value(),
            dose_reason=self.reason.text(),
            calendar=ScheduleCalendar(
                avoid_weekends=self.no_weekends.isChecked(), holidays=holidays
            ),
            maintenance_count=self.maintenance.value(),
            every_days=self.every.value() or None,
            count=self.count.value() or None,
            mri_every_weeks=self.mri.value() or None,
            systemic_chemo_dates=self._chemo_dates(),
            csf_flow=self._patient.csf_flow,
            has_ommaya=self._patient.has_ommaya,
            other_it_dates=self._stores.courses.other_it_dates(self._patient.mrn),
            confirm_default_schedule=self.confirm_default.isChecked(),
        )

    def _chemo_dates(self) -> frozenset[date]:
        try:
            return frozenset(
                date.fromisoformat(t.strip())
                for t in self.chemo.text().replace("，", ",").split(",")
                if t.strip()
            )
        except ValueError:
            raise BadInputError(
                _("Systemic chemotherapy days: write dates as YYYY-MM-DD, separated by commas.")
            ) from None

    def update_preview(self) -> None:
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if self.protocol.currentData() is None:
            self.plan = None
            self.sessions.set_sessions([])
            self.findings.setText(_("Choose a protocol to see the sessions it plans."))
            save.setEnabled(False)
            return
        try:
            protocol = self._stores.protocols.get(self.protocol.currentData())
            self.plan = plan_course(
                protocol, self.options(), self._stores.protocols.limits(), self._stores.catalog
            )
        except LmdeskError as err:
            self.plan = None
            self.sessions.set_sessions([])
            self.findings.setText(f"<b style='color:#b00020'>{escape(str(err))}</b>")
            save.setEnabled(False)
            return
        preview = course_from_plan(self.plan, self._patient.mrn, self._user, self._now)
        self.sessions.set_sessions(list[Session](preview.sessions))
        self.preview.resizeColumnsToContents()
        lines = [f"<b>{level_label(f.level)}:</b> {escape(f.message)}" for f in self.plan.findings]
        if self.plan.mri_dates:
            lines.append(
                _("MRI: {dates}").format(
                    dates=", ".join(d.isoformat() for d in self.plan.mri_dates)
                )
            )
        self.findings.setText("<br>".join(lines))
        uses_default = any(c.uses_default for c in self.plan.schedule_choices)
        self.confirm_default.setVisible(uses_default)
        blocked = any(f.code == "dose_reason_required" for f in self.plan.findings)
        save.setEnabled(bool(self.plan.sessions) and not blocked and self.plan.schedule_confirmed)

    def save(self) -> None:
        if self.plan is None:
            return
        try:
            require_reason(self.plan.findings)
            require_confirmed_schedule(
                self.plan.schedule_choices,
                self.plan.protocol.phases,
                hint=_("Tick the confirmation box, or enter the interval and number."),
            )
            course = course_from_plan(self.plan, self._patient.mrn, self._user, self._now)
            self.course = self._stores.courses.add(course)
        except LmdeskError as err:
            self.findings.setText(f"<b style='color:#b00020'>{escape(str(err))}</b>")
            return
        self.accept()
