"""Month calendar with each session day coloured by status and MRI days underlined."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from lmdesk.i18n import current_language
from lmdesk.models.scheduling.course import Session
from lmdesk.views.courses.status_style import status_colour


def calendar_locale() -> QLocale:
    """Month and weekday names follow lmdesk's language, not the workstation's."""
    if current_language() == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class CourseCalendar(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self._marked: list[QDate] = []
        self.setLocale(calendar_locale())

    def set_sessions(
        self, sessions: tuple[Session, ...] | list[Session], mri_dates: tuple[date, ...] = ()
    ) -> None:
        for day in self._marked:
            self.setDateTextFormat(day, QTextCharFormat())
        self._marked = []
        for s in sessions:
            fmt = QTextCharFormat()
            fmt.setBackground(status_colour(s.status))
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setToolTip(f"#{s.n} {s.drug} {s.dose_mg:g} mg — {s.status}")
            self.setDateTextFormat(qdate(s.date), fmt)
            self._marked.append(qdate(s.date))
        for d in mri_dates:
            fmt = self.dateTextFormat(qdate(d))
            fmt.setFontUnderline(True)
            fmt.setToolTip((fmt.toolTip() + "\n" if fmt.toolTip() else "") + "MRI")
            self.setDateTextFormat(qdate(d), fmt)
            self._marked.append(qdate(d))

    def status_on(self, d: date) -> str | None:
        """The colour name painted on a day (tests look at what the user sees)."""
        fmt = self.dateTextFormat(qdate(d))
        return fmt.background().color().name() if qdate(d) in self._marked else None
