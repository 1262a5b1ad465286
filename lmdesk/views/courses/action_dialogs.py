"""Small dialogs that ask for what a course action needs (reason, date, dose, who).

``Asker`` is a constructor dependency of the course view, so tests can answer for the
user without opening modal windows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.drugs.overdose import OverdoseCard
from lmdesk.models.scheduling.course import Session
from lmdesk.views.courses.give_dialog import GateCheck, GiveAuthorize, GiveDialog, GiveInput
from lmdesk.views.date_edit import DateEdit
from lmdesk.views.users.second_person import Authorize, SignForActionDialog

if TYPE_CHECKING:
    from lmdesk.models.users.user import User

__all__ = ["Asker", "GiveInput"]


class ReasonDialog(QDialog):
    """Asks for the reason an action needs: OK with nothing typed says so and stays open
    (the hold dialog used to close on an empty reason and the action then failed)."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = QLineEdit()
        self.message = QLabel()
        self.message.setObjectName("reason_message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        form = QFormLayout(self)
        form.addRow(QLabel(label))
        form.addRow(self.edit)
        form.addRow(self.message)
        form.addRow(buttons)
        self.edit.textEdited.connect(lambda _t: self.message.hide())
        self.setMinimumWidth(420)

    def reason(self) -> str:
        return self.edit.text().strip()

    def try_accept(self) -> None:
        if not self.reason():
            self.message.setText(_("Type the reason: the action is recorded with it."))
            self.message.show()
            self.edit.setFocus()
            return
        self.accept()


class Asker:
    """Modal questions for the course actions; every answer may be None (cancelled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def text(self, title: str, label: str) -> str | None:
        """A typed reason; an empty one is refused in the dialog, which stays open."""
        dialog = ReasonDialog(title, label, self.parent)
        return dialog.reason() if dialog.exec() else None

    def _dialog(self, title: str) -> tuple[QDialog, QFormLayout]:
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(title)
        form = QFormLayout(dialog)
        return dialog, form

    def _buttons(self, dialog: QDialog, form: QFormLayout, reason: QLineEdit) -> None:
        """OK with an empty reason is refused in the dialog, which stays open."""
        message = QLabel()
        message.setObjectName("reason_message")
        message.setStyleSheet("color: #b00020;")
        message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )

        def try_accept() -> None:
            if reason.text().strip():
                dialog.accept()
                return
            message.setText(_("Type the reason: the action is recorded with it."))
            message.show()
            reason.setFocus()

        buttons.accepted.connect(try_accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(message)
        form.addRow(buttons)

    def delay(self, session: Session) -> tuple[date, str] | None:
        dialog, form = self._dialog(_("Delay session {n}").format(n=session.n))
        edit = DateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd ddd")
        nxt = session.date + timedelta(days=1)
        edit.setMinimumDate(QDate(nxt.year, nxt.month, nxt.day))
        edit.setDate(QDate(nxt.year, nxt.month, nxt.day))
        reason = QLineEdit()
        form.addRow(_("New date"), edit)
        form.addRow(_("Reason"), reason)
        self._buttons(dialog, form, reason)
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
        self._buttons(dialog, form, reason)
        return (spin.value(), reason.text()) if dialog.exec() else None

    def give(
        self,
        session: Session,
        now: datetime,
        user: str,
        check: GateCheck,
        overdose_card: OverdoseCard | None = None,
        drug_name: str = "",
        authorize: GiveAuthorize | None = None,
    ) -> GiveInput | None:
        """The give dialog with the pre-dose gate's findings (and the drug's overdose card,
        where it has one); None when cancelled."""
        dialog = GiveDialog(
            session,
            now,
            user,
            check,
            self.parent,
            overdose_card=overdose_card,
            drug_name=drug_name,
            authorize=authorize,
        )
        return dialog.answer if dialog.exec() else None

    def verify(self, what: str, authorize: Authorize, login: str = "") -> User | None:
        """The verifier signs on this screen (login and password); None when cancelled."""
        dialog = SignForActionDialog(_("Verify course"), what, authorize, login, self.parent)
        return dialog.signer if dialog.exec() else None

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)
