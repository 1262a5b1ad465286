"""The one date box: a typed date is taken as typed or refused with a message beside it.

Qt's ``QDateEdit`` types section by section and quietly "fixes" what it cannot take: with
today as the maximum, 2026-12-07 typed became 2026-10-07, and Ctrl+A then "2026-11-20" in a
box starting at its minimum became 2000-11-20. ``DateEdit`` reads the whole text instead:
a complete ``YYYY-MM-DD`` is taken as soon as it is typed; when the user leaves the box,
anything else that reads as a date (``2026-1-5``, ``2026/01/05``, ``20260105``,
``2026年1月5日``) is taken, and what is not a date or is out of the allowed range is refused
with a visible message naming the date the box kept. It keeps the parts of the
``QDateEdit`` API the screens use (``date``, ``setDate``, ``dateChanged``, minimum and
maximum, a special "—" text for "not known yet"), with a calendar popup and Up/Down to step
a day.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.views.courses.course_calendar import calendar_locale

#: The box's minimum, shown as "—": an unset box used to read "2000-01-01 周六".
UNKNOWN_DATE = QDate(1900, 1, 1)

_COMPLETE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:\s+\S+)?\s*$")
_LENIENT = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\S+)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_NO_LIMIT_LOW, _NO_LIMIT_HIGH = QDate(1752, 9, 14), QDate(9999, 12, 31)


def parse_typed_date(text: str, *, complete_only: bool = False) -> QDate | None:
    """The date ``text`` names, or None; a weekday after the date is ignored."""
    patterns = (_COMPLETE,) if complete_only else (_COMPLETE, _LENIENT, _COMPACT)
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            day = QDate(int(match[1]), int(match[2]), int(match[3]))
            return day if day.isValid() else None
    return None


class DateEdit(QWidget):
    """A date box that never turns a typed date into another one."""

    dateChanged = Signal(QDate)

    def __init__(self, day: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = QDate(day) if day is not None and day.isValid() else QDate(2000, 1, 1)
        self._minimum, self._maximum = QDate(_NO_LIMIT_LOW), QDate(_NO_LIMIT_HIGH)
        self._special = ""
        self._locale: QLocale | None = None
        self._line = QLineEdit()
        self._line.setPlaceholderText(_("YYYY-MM-DD"))
        self._line.textEdited.connect(self._typed)
        self._line.editingFinished.connect(self.commit)
        self._line.installEventFilter(self)
        self._button = QToolButton()
        self._button.setArrowType(Qt.ArrowType.DownArrow)
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._button.clicked.connect(self._popup)
        self._message = QLabel()
        self._message.setObjectName("date_message")
        self._message.setWordWrap(True)
        self._message.setStyleSheet("color: #b00020;")
        self._message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self._line, 1)
        row.addWidget(self._button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(row)
        box.addWidget(self._message)
        self.setFocusProxy(self._line)
        self._calendar: QCalendarWidget | None = None
        self._show()

    # -- the QDateEdit API the screens use -------------------------------------------------

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, day: QDate) -> None:
        """Set from code: clamped into range as QDateEdit does (the user is never clamped)."""
        day = QDate(day)
        if not day.isValid():
            return
        day = max(self._minimum, min(self._maximum, day))
        self._take(day)
        self._say("")

    def minimumDate(self) -> QDate:
        return QDate(self._minimum)

    def maximumDate(self) -> QDate:
        return QDate(self._maximum)

    def setMinimumDate(self, day: QDate) -> None:
        self._minimum = QDate(day)
        self._maximum = max(self._maximum, self._minimum)
        if self._date < self._minimum:
            self._take(QDate(self._minimum))
        self._show()

    def setMaximumDate(self, day: QDate) -> None:
        self._maximum = QDate(day)
        self._minimum = min(self._minimum, self._maximum)
        if self._date > self._maximum:
            self._take(QDate(self._maximum))
        self._show()

    def setDateRange(self, low: QDate, high: QDate) -> None:
        self.setMinimumDate(low)
        self.setMaximumDate(high)

    def setSpecialValueText(self, text: str) -> None:
        """Shown at the minimum date; typing it (or clearing the box) goes back there."""
        self._special = text
        self._show()

    def specialValueText(self) -> str:
        return self._special

    def setCalendarPopup(self, enable: bool) -> None:
        """The calendar button is always there (kept for QDateEdit's callers)."""

    def setDisplayFormat(self, fmt: str) -> None:
        """Always ``yyyy-MM-dd ddd``: every screen shows dates with their weekday."""

    def setLocale(self, locale: QLocale | QLocale.Language) -> None:
        self._locale = QLocale(locale)
        super().setLocale(self._locale)
        self._show()

    def text(self) -> str:
        return self._line.text()

    def lineEdit(self) -> QLineEdit:
        return self._line

    def message(self) -> str:
        """The refusal shown under the box ("" when the typed date was taken)."""
        return self._message.text() if not self._message.isHidden() else ""

    def retranslate(self) -> None:
        self._line.setPlaceholderText(_("YYYY-MM-DD"))
        self._show()

    # -- typing ----------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        """A complete ``YYYY-MM-DD`` in range is taken at once (previews follow the typing)."""
        day = parse_typed_date(text, complete_only=True)
        if day is not None and self._minimum <= day <= self._maximum:
            self._take(day, render=False)
            self._say("")

    def commit(self) -> bool:
        """Take the text as typed or refuse it with a message; True when the box holds it."""
        text = self._line.text().strip()
        if self._special and text in ("", self._special):
            self._take(QDate(self._minimum))
            self._say("")
            return True
        day = parse_typed_date(text)
        kept = self._shown_text(self._date)
        if day is None:
            self._say(
                _('"{text}" is not a date: type it as YYYY-MM-DD. The date stays {kept}.').format(
                    text=text, kept=kept
                )
            )
        elif day > self._maximum:
            self._say(
                _(
                    "{day} is after {limit}, the latest date allowed here. The date stays {kept}."
                ).format(
                    day=day.toString("yyyy-MM-dd"), limit=self._limit(self._maximum), kept=kept
                )
            )
        elif day < self._minimum or (self._special and day == self._minimum):
            self._say(
                _(
                    "{day} is before {limit}, the earliest date allowed here. "
                    "The date stays {kept}."
                ).format(
                    day=day.toString("yyyy-MM-dd"),
                    limit=self._limit(self._minimum.addDays(1 if self._special else 0)),
                    kept=kept,
                )
            )
        else:
            self._take(day)
            self._say("")
            return True
        self._show()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down step a day (PageUp/PageDown a month), as in QDateEdit."""
        if watched is self._line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            steps = {
                Qt.Key.Key_Up: (1, 0),
                Qt.Key.Key_Down: (-1, 0),
                Qt.Key.Key_PageUp: (0, 1),
                Qt.Key.Key_PageDown: (0, -1),
            }.get(Qt.Key(event.key()))
            if steps is not None:
                self.commit()
                day = self._date.addDays(steps[0]).addMonths(steps[1])
                self.setDate(day)
                return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.EnabledChange:
            self._button.setEnabled(self.isEnabled())
        super().changeEvent(event)

    # -- inside ----------------------------------------------------------------------------

    def _take(self, day: QDate, *, render: bool = True) -> None:
        changed = day != self._date
        self._date = QDate(day)
        if render:
            self._show()
        if changed:
            self.dateChanged.emit(QDate(day))

    def _say(self, text: str) -> None:
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _limit(self, day: QDate) -> str:
        return self._shown_text(day)

    def _current_locale(self) -> QLocale:
        return self._locale if self._locale is not None else calendar_locale()

    def _shown_text(self, day: QDate) -> str:
        if self._special and day == self._minimum:
            return self._special
        return f"{day.toString('yyyy-MM-dd')} {self._current_locale().toString(day, 'ddd')}"

    def _show(self) -> None:
        self._line.setText(self._shown_text(self._date))
        metrics = self._line.fontMetrics()
        sample = self._shown_text(QDate(2026, 12, 30)) + "00"
        self._line.setMinimumWidth(metrics.horizontalAdvance(sample) + 12)

    def _popup(self) -> None:
        """A month calendar under the box; a click takes the day."""
        calendar = QCalendarWidget()
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setLocale(self._current_locale())
        calendar.setGridVisible(True)
        calendar.setDateRange(self._minimum, self._maximum)
        calendar.setSelectedDate(self._date)

        def chosen(day: QDate) -> None:
            self.setDate(day)
            calendar.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self._calendar = calendar
        calendar.show()


def dash_when_unknown(edit: DateEdit) -> DateEdit:
    """Let ``edit`` show "—" at :data:`UNKNOWN_DATE`, and start it there."""
    edit.setMinimumDate(UNKNOWN_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(UNKNOWN_DATE)
    return edit


def is_unknown(edit: DateEdit) -> bool:
    return edit.date() == UNKNOWN_DATE
