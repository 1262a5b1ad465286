"""Small dialogs that ask for what a course action needs (reason, date, dose, who).

``Asker`` is a constructor dependency of the course view, so tests can answer for the
user without opening modal windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.scheduling.course import Session
from lmdesk.models.scheduling.protocol import Route


@dataclass(frozen=True)
class GiveInput:
    at: datetime
    dose_mg: float
    route: Route
    given_by: str
    batch: str = ""
    dose_reason: str = ""


class Asker:
    """Modal questions for the course actions; every answer may be None (cancelled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def text(self, title: str, label: str) -> str | None:
        value, ok = QInputDialog.getText(self.parent, title, label)
        return value if ok else None

    def _dialog(self, title: str) -> tuple[QDialog, QFormLayout]:
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        form = QFormLayout(dialog)
        return dialog, form

    def _buttons(self, dialog: QDialog, form: QFormLayout) -> None:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)

    def delay(self, session: Session) -> tuple[date, str] | None:
        dialog, form = self._dialog(_("Delay session {n}").format(n=session.n))
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd ddd")
        nxt = session.date + timedelta(days=1)
        edit.setMinimumDate(QDate(nxt.year, nxt.month, nxt.day))
        edit.setDate(QDate(nxt.year, nxt.month, nxt.day))
        reason = QLineEdit()
        form.addRow(_("New date"), edit)
        form.addRow(_("Reason"), reason)
        self._buttons(dialog, form)
        if not dialog.exec():
            return None
        q = edit.date()
        return date(q.year(), q.month(), q.day()), reason.text()

    def dose(self, session: Session) -> tuple[float, str] | None:
        dialog, form = self._dialog(_("Reduce dose from session {n}").format(n=session.n))
        spin = QDoubleSpinBox()
        spin.setRange(0.01, session.dose_mg)
        spin.setDecimals(2)
        spin.setSuffix(" mg")
        spin.setValue(session.dose_mg)
        reason = QLineEdit()
        form.addRow(_("New dose"), spin)
        form.addRow(_("Reason"), reason)
        self._buttons(dialog, form)
        return (spin.value(), reason.text()) if dialog.exec() else None

    def give(self, session: Session, now: datetime, user: str) -> GiveInput | None:
        dialog, form = self._dialog(_("Session {n} given").format(n=session.n))
        when = QDateTimeEdit(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )
        when.setDisplayFormat("yyyy-MM-dd ddd HH:mm")
        spin = QDoubleSpinBox()
        spin.setRange(0.01, 1000)
        spin.setDecimals(2)
        spin.setSuffix(" mg")
        spin.setValue(session.dose_mg)
        route = QComboBox()
        route.addItem(_("Lumbar puncture"), "lp")
        route.addItem(_("Ommaya reservoir"), "ommaya")
        route.setCurrentIndex(max(0, route.findData(session.route)))
        who = QLineEdit(user)
        batch = QLineEdit()
        reason = QLineEdit()
        form.addRow(_("Date and time"), when)
        form.addRow(_("Dose"), spin)
        form.addRow(_("Route (INTRATHECAL)"), route)
        form.addRow(_("Given by"), who)
        form.addRow(_("Batch (optional)"), batch)
        form.addRow(_("Reason if above the usual dose"), reason)
        self._buttons(dialog, form)
        if not dialog.exec():
            return None
        q = when.dateTime()
        at = datetime(
            q.date().year(),
            q.date().month(),
            q.date().day(),
            q.time().hour(),
            q.time().minute(),
            tzinfo=now.tzinfo,
        )
        return GiveInput(
            at=at,
            dose_mg=spin.value(),
            route=route.currentData(),
            given_by=who.text(),
            batch=batch.text(),
            dose_reason=reason.text(),
        )
