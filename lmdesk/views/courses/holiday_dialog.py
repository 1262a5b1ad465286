"""The user-maintained holiday list that planning can avoid (each change audited)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.labels import weekday_date
from lmdesk.store.course_repo import CourseRepository
from lmdesk.views.courses.course_calendar import calendar_locale
from lmdesk.views.date_edit import DateEdit


class HolidayDialog(QDialog):
    def __init__(
        self, courses: CourseRepository, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Holidays"))
        self._courses = courses
        self.list = QListWidget()
        self.day = DateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd ddd")
        self.day.setLocale(calendar_locale())
        self.label = QLineEdit()
        self.label.setPlaceholderText(_("e.g. Spring Festival"))
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("Remove selected"))
        self.remove_button.clicked.connect(self.remove)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        row = QHBoxLayout()
        row.addWidget(self.day)
        row.addWidget(self.label, 1)
        row.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Sessions can be moved off these days when planning.")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for day, label in self._courses.holidays().items():
            item = QListWidgetItem(f"{weekday_date(day)}  {label}")
            item.setData(256, day.isoformat())
            self.list.addItem(item)

    def add(self) -> None:
        q = self.day.date()
        try:
            self._courses.add_holiday(date(q.year(), q.month(), q.day()), self.label.text())
        except LmdeskError as err:
            self.error.setText(str(err))
            return
        self.error.clear()
        self.label.clear()
        self.refresh()

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            self._courses.remove_holiday(date.fromisoformat(str(item.data(256))))
        except LmdeskError as err:
            self.error.setText(str(err))
            return
        self.refresh()
