"""History tab: the course's assessments beside the selected one's change from the baseline,
with the buttons that act on the selected assessment."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.checks import assessment_notes
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.views.assessment.comparison_html import comparison_html
from lmdesk.views.assessment.history_table import HistoryTable
from lmdesk.views.common.list_table import filter_box, filter_placeholder


class HistoryPanel(QSplitter):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = HistoryTable()
        self.table.selectionModel().selectionChanged.connect(self.render_selected)
        self.filter: QLineEdit = filter_box(self.table.proxy, "assessment_history")
        self.comparison = QTextBrowser()
        self.comparison.setObjectName("comparison")
        self.edit_button, self.baseline_button, self.retract_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.baseline_button, self.retract_button):
            buttons.addWidget(button)
        buttons.addWidget(self.filter, 1)  # beside the buttons: the list keeps its rows
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.addWidget(side)
        self.addWidget(self.comparison)
        self.setStretchFactor(0, 3)  # the list's nine columns first; the comparison beside
        self.setStretchFactor(1, 2)
        self.setSizes([650, 350])
        self._response = CourseResponse(())
        self._start: dt.date | None = None
        self.retranslate()

    def show_response(self, response: CourseResponse, start: dt.date | None) -> None:
        """Fill the table and show the latest assessment's change."""
        self._response, self._start = response, start
        self.table.show_response(response)
        if response.assessments:
            self.table.select(response.assessments[-1].id)  # the latest, whatever the order
        self.render_selected()

    def select(self, assessment_id: int | None) -> None:
        self.table.select(assessment_id)

    def selected(self) -> Assessment | None:
        return self.table.selected()

    def render_selected(self) -> None:
        a = self.table.selected()
        if a is None:
            self.comparison.setHtml("")
            return
        role = self._response.role(a)
        comparison = self._response.comparison(a)
        notes = assessment_notes(a, role, self._start)
        notes += comparison.notes if comparison else ()
        self.comparison.setHtml(comparison_html(a, role, comparison, notes))

    def retranslate(self) -> None:
        self.edit_button.setText(_("Edit selected"))
        self.baseline_button.setText(_("Make baseline"))
        self.retract_button.setText(_("Retract…"))
        filter_placeholder(self.filter)
        self.table.retranslate()
        self.render_selected()
