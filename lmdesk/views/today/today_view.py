"""Today's IT doses: every session due on a chosen day across patients, with its pre-dose gate
status (ready / needs labs / needs verification / stop), sorted by time, as ``lmdesk today``.

The list is read in a background job (views/jobs.py); the store and the gate compute it the
same way the CLI does. The list sorts by any column and a filter box keeps the lines holding
its text (``common.list_table``). Double-click opens the course on the Courses screen.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import _, current_language
from lmdesk.models.scheduling.protocol import drug_name_in
from lmdesk.models.scheduling.worklist import (
    WorklistItem,
    status_label,
)
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.views.common.list_table import PAYLOAD_ROLE, ListTable
from lmdesk.views.courses.gate_findings import STATUS_COLOURS
from lmdesk.views.date_edit import DateEdit
from lmdesk.views.jobs import Job, JobControl, start_job
from lmdesk.views.live_changes import FollowChanges, LiveChanges


class TodayView(QWidget):
    """``courseChosen(mrn, course_id, session)`` on double-click."""

    courseChosen = Signal(str, int, int)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, live: LiveChanges | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._stores = BedsideStores(ctx.reference, ctx.patients)
        self._job: Job | None = None
        self.items: list[WorklistItem] = []
        self.day_label = QLabel()
        self.day = DateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd ddd")
        today = ctx.clock.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(self.refresh)
        self.today_button = QPushButton()
        self.today_button.clicked.connect(self.go_today)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.list = ListTable("today_table")  # sortable by any column, filter box above
        self.table = self.list.view
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.doubleClicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.day_label)
        top.addWidget(self.day)
        top.addWidget(self.today_button)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        self.follow = FollowChanges(
            self, live, self.refresh,
            entities=("course", "patient", "lab_result", "medication", "adverse_event"),
        )  # fmt: skip
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.day_label.setText(_("Day:"))
        self.today_button.setText(_("Today"))
        self.refresh_button.setText(_("Refresh"))
        self.list.retranslate()
        self._fill()

    def headers(self) -> list[str]:
        return [_("Date"), _("Patient"), _("Course/session"), _("Dose"), _("Route"), _("Status"),
                _("Why")]  # fmt: skip

    # -- loading ------------------------------------------------------------------------

    def chosen_day(self) -> date:
        q = self.day.date()
        return date(q.year(), q.month(), q.day())

    def go_today(self) -> None:
        today = self._ctx.clock.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Read the worklist of the chosen day in the background; the newest request wins."""
        if self._job is not None:
            self._job.cancel()
        day, now, stores = self.chosen_day(), self._ctx.clock.now(), self._stores

        def work(control: JobControl) -> list[WorklistItem]:
            control.check()
            return stores.worklist(day, now)

        self.note.setText(_("Reading the worklist…"))
        self._job = start_job(
            work, name="today worklist", on_done=self._loaded, on_failed=self._failed
        )

    def loading(self) -> bool:
        return self._job is not None

    def _loaded(self, items: object) -> None:
        self._job = None
        self.items = list(items) if isinstance(items, list) else []
        self._fill()

    def _failed(self, message: str) -> None:
        self._job = None
        self.note.setText(_("The worklist could not be read: {why}").format(why=message))

    def _fill(self) -> None:
        if self._job is None:
            self.note.setText(
                _("{n} IT doses due on {day}. Double-click a line to open its course.").format(
                    n=len(self.items), day=self.chosen_day().isoformat()
                )
            )
        rows, colours = [], []
        for i in self.items:
            why = "\n".join(i.why_lines())
            route = _("Lumbar puncture") if i.route == "lp" else _("Ommaya reservoir")
            cells = (
                i.day.isoformat(),
                f"{i.patient_name} ({i.mrn})",
                f"{i.course_id}/{i.session}",
                f"{drug_name_in(i.drug, self._stores.drug_names, current_language())} "
                f"{i.dose_mg:g} mg",
                route,
                status_label(i.status),
                why,
            )
            rows.append(cells)
            colours.append({5: STATUS_COLOURS.get(i.status, "#000000")})
        self.list.set_rows(self.headers(), rows, self.items, colours)
        header = self.table.horizontalHeader()
        for col in range(6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

    # -- opening ------------------------------------------------------------------------

    def _open(self, index: QModelIndex) -> None:
        item = index.data(PAYLOAD_ROLE)  # the line's item whatever the sorting and filter
        if not isinstance(item, WorklistItem):
            return
        self.courseChosen.emit(item.mrn, item.course_id, item.session)
        window = self.window()
        opener = getattr(window, "open_view", None)
        if callable(opener):
            courses = opener("courses")
            show = getattr(courses, "open_course", None)
            if callable(show):
                show(item.mrn, item.course_id, item.session)

    def selftest(self) -> None:
        items = self._stores.worklist(self._ctx.clock.today(), self._ctx.clock.now())
        self.items = items
        self._fill()
        if self.list.model.columnCount() != 7 or self.list.model.rowCount() != len(items):
            raise RuntimeError("worklist table does not show the worklist")
