"""The course's doses and adverse events on one calendar and one dated list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.scheduling.course import STATUS_LABELS, Course
from lmdesk.models.scheduling.labels import weekday_date
from lmdesk.models.scheduling.protocol import DrugNames, drug_name_in
from lmdesk.models.scheduling.toxicity_rules import STEP_LABELS, Step
from lmdesk.views.common.list_table import RowsModel, sort_filter_proxy, sortable
from lmdesk.views.courses.course_calendar import CourseCalendar, qdate

DANGER = QColor("#a00000")

_FIT, _REST = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
#: Date, event, details, status / step.
COLUMN_MODES = (_FIT, _FIT, _REST, _FIT)

NameOf = Callable[[AdverseEvent], str]


def _english(ae: AdverseEvent) -> str:
    return ae.term


class AeCalendar(CourseCalendar):
    """The scheduler's course calendar, with AE onset days in bold italics (grade >= 3 red)."""

    def set_course(
        self, course: Course | None, events: list[AdverseEvent], name_of: NameOf = _english
    ) -> None:
        self.set_sessions(course.sessions if course else (), course.mri_dates if course else ())
        for ae in events:
            day = qdate(ae.onset)
            fmt = self.dateTextFormat(day)
            fmt.setFontItalic(True)
            fmt.setFontWeight(QFont.Weight.Bold)
            if ae.grade >= 3:
                fmt.setForeground(DANGER)
            tip = _("AE: {term} grade {grade}").format(term=name_of(ae), grade=ae.grade)
            fmt.setToolTip((fmt.toolTip() + "\n" if fmt.toolTip() else "") + tip)
            self.setDateTextFormat(day, fmt)
            self._marked.append(day)


def action_text(action: str) -> str:
    if not action:
        return _("no step recorded")
    if action == "none":
        return _("no change")
    return _(STEP_LABELS[Step(action)])


class TimelineTable(QTableView):
    """Date (with weekday), what happened, details, status; doses and AEs interleaved, in date
    order until a header is clicked (a model/view list with the shared sort-and-filter proxy)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model = RowsModel(self)
        self.proxy = sort_filter_proxy(self.rows_model, self)
        self.setModel(self.proxy)
        sortable(self, "ae_timeline")
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(False)
        self.retranslate()

    def headers(self) -> list[str]:
        return [_("Date"), _("Event"), _("Details"), _("Status / step")]

    def retranslate(self) -> None:
        self.rows_model.set_headers(self.headers())
        self._size_columns()

    def _size_columns(self) -> None:
        """Date, event and status at their width, the details take what is left (elided,
        whole in the tooltip): sized to its contents it pushed the status (given, held) off
        the panel behind a horizontal scroll bar. (Set once the columns exist.)"""
        header = self.horizontalHeader()
        for column, mode in enumerate(COLUMN_MODES[: header.count()]):
            header.setSectionResizeMode(column, mode)

    def rowCount(self) -> int:
        return self.proxy.rowCount()

    def text(self, row: int, column: int) -> str:
        """A cell as shown (after sorting and the filter)."""
        return str(self.proxy.index(row, column).data())

    def show_course(
        self,
        course: Course | None,
        events: list[AdverseEvent],
        name_of: NameOf = _english,
        drug_names: DrugNames | None = None,
    ) -> None:
        rows: list[tuple[str, int, list[str], bool]] = []
        if course is not None:
            for s in course.sessions:
                rows.append(
                    (
                        s.date.isoformat(),
                        0,
                        [
                            weekday_date(s.date),
                            _("IT dose #{n}").format(n=s.n),
                            f"{drug_name_in(s.drug, drug_names or {}, current_language())}"
                            f" {s.dose_mg:g} mg",
                            _(STATUS_LABELS[s.status]),
                        ],
                        False,
                    )
                )
        for ae in events:
            detail = _("{term} grade {grade}").format(term=name_of(ae), grade=ae.grade)
            if ae.lab_value:
                detail += f" ({ae.lab_value} {ae.lab_unit or ''})".rstrip()
            rows.append(
                (
                    ae.onset.isoformat(),
                    1,
                    [
                        weekday_date(ae.onset),
                        _("Adverse event"),
                        detail,
                        action_text(ae.action_taken),
                    ],
                    ae.grade >= 3,
                )
            )
        rows.sort(key=lambda r: (r[0], r[1]))
        danger = {c: DANGER.name() for c in range(4)}
        self.rows_model.set_headers(self.headers())
        self.rows_model.set_rows(
            [cells for _day, _kind, cells, _danger in rows],
            [day for day, _kind, _cells, _danger in rows],
            [danger if is_danger else {} for _day, _kind, _cells, is_danger in rows],
        )
