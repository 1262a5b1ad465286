"""Where the Courses screen's widgets stand: the patient and course choice on top; below a
splitter, the calendar beside the Course / Before the dose tabs, then the session actions with
the filter, the sessions and the history with its filter beside its title.

Apart from ``course_view`` so the view makes and wires its widgets and this only places them.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.views.common.list_table import ListTable
from lmdesk.views.common.patient_picker import PatientPicker
from lmdesk.views.courses.bedside_panel import BedsidePanel
from lmdesk.views.courses.course_calendar import CourseCalendar


class ScreenParts(Protocol):
    """The widgets the Courses view makes (its attributes of these names)."""

    patient_label: QLabel
    patient_picker: PatientPicker
    course_label: QLabel
    course_box: QComboBox
    plan_button: QPushButton
    custom_button: QPushButton
    holiday_button: QPushButton
    calendar: CourseCalendar
    side_tabs: QTabWidget
    summary: QLabel
    bedside: BedsidePanel
    buttons: dict[str, QPushButton]
    session_filter: QLineEdit
    table: QTableView
    history_label: QLabel
    history_list: ListTable


def lay_out(screen: QWidget, view: ScreenParts) -> None:
    """Place ``view``'s widgets in ``screen``'s layout (the view is the screen)."""
    row = QHBoxLayout()
    for button in view.buttons.values():
        row.addWidget(button)
    row.addStretch(1)
    row.addWidget(view.session_filter)
    top = QHBoxLayout()
    top.addWidget(view.patient_label)
    top.addWidget(view.patient_picker, 1)
    top.addWidget(view.course_label)
    top.addWidget(view.course_box, 2)
    top.addWidget(view.plan_button)
    top.addWidget(view.custom_button)
    top.addWidget(view.holiday_button)
    upper = QWidget()
    grid = QGridLayout(upper)
    grid.addWidget(view.calendar, 0, 0)
    summary_page = QScrollArea()
    summary_page.setWidgetResizable(True)
    summary_page.setFrameShape(QFrame.Shape.NoFrame)
    summary_page.setWidget(view.summary)
    bedside_page = QScrollArea()
    bedside_page.setWidgetResizable(True)
    bedside_page.setFrameShape(QFrame.Shape.NoFrame)
    bedside_page.setWidget(view.bedside)
    for page in (summary_page, bedside_page):
        page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.side_tabs.addTab(summary_page, "")
    view.side_tabs.addTab(bedside_page, "")
    grid.addWidget(view.side_tabs, 0, 1)
    grid.setColumnStretch(1, 1)
    lower = QWidget()
    lower_layout = QVBoxLayout(lower)
    lower_layout.setContentsMargins(0, 0, 0, 0)
    lower_layout.addLayout(row)
    lower_layout.addWidget(view.table, 3)
    history_row = QHBoxLayout()  # the filter beside the title: the trail keeps its rows
    history_row.addWidget(view.history_label, 1)
    history_row.addWidget(view.history_list.take_filter())
    lower_layout.addLayout(history_row)
    lower_layout.addWidget(view.history_list, 1)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(upper)
    splitter.addWidget(lower)
    layout = QVBoxLayout(screen)
    layout.addLayout(top)
    layout.addWidget(splitter, 1)
