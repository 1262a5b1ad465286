"""The dialogs of the ward's user list: a user's details and roles, and a new password."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.users.password import password_problem
from lmdesk.models.users.roles import ROLE_ORDER, Role, role_label
from lmdesk.models.users.user import User, make_user
from lmdesk.views.date_edit import DateEdit
from lmdesk.views.users.sign_in import error_label, password_edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PasswordFields:
    """A new password typed twice; ``take()`` checks it by the ward's rules and clears both."""

    def __init__(self, prefix: str) -> None:
        self.first = password_edit(f"{prefix}_password")
        self.again = password_edit(f"{prefix}_password_again")

    def take(self, login: str) -> tuple[str | None, str]:
        """(the password, "") when usable, else (None, why); the fields are cleared."""
        first, again = self.first.text(), self.again.text()
        self.first.clear()
        self.again.clear()
        if first != again:
            return None, _("The two passwords differ.")
        problem = password_problem(first, login)
        if problem:
            return None, problem
        return first, ""


class UserDialog(QDialog):
    """A new user (with their first password) or a stored user's details, roles and IT
    register date. ``result_user`` and ``password`` hold the accepted answers."""

    def __init__(self, user: User | None, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user_dialog")
        self.user = user
        self.result_user: User | None = None
        self.password: str | None = None
        self.setWindowTitle(_("New user") if user is None else _("Edit user"))
        self.name_en = QLineEdit(user.name_en if user else "")
        self.name_en.setObjectName("user_name_en")
        self.name_zh = QLineEdit(user.name_zh if user else "")
        self.name_zh.setObjectName("user_name_zh")
        self.login = QLineEdit(user.login if user else "")
        self.login.setObjectName("user_login")
        self.staff_no = QLineEdit(user.staff_no if user else "")
        self.staff_no.setObjectName("user_staff_no")
        self.roles: dict[Role, QCheckBox] = {}
        roles_row = QHBoxLayout()
        for role in ROLE_ORDER:
            box = QCheckBox(role_label(role))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(user is not None and user.has_role(role))
            self.roles[role] = box
            roles_row.addWidget(box)
        self.on_register = QCheckBox(_("On the IT register until"))
        self.on_register.setObjectName("on_register")
        self.register_until = DateEdit()
        self.register_until.setObjectName("register_until")
        self.register_until.setCalendarPopup(True)
        self.register_until.setDisplayFormat("yyyy-MM-dd ddd")
        until = user.register_until if user and user.register_until else None
        self.on_register.setChecked(until is not None)
        self.register_until.setDate(_qdate(until or date(today.year + 1, today.month, 1)))
        self.register_until.setEnabled(until is not None)
        self.on_register.toggled.connect(self.register_until.setEnabled)
        register_row = QHBoxLayout()
        register_row.addWidget(self.on_register)
        register_row.addWidget(self.register_until, 1)
        self.passwords = PasswordFields("new_user")
        self.error = error_label("user_error")
        form = QFormLayout()
        form.addRow(_("Name (Latin script)"), self.name_en)
        form.addRow(_("Name (Chinese)"), self.name_zh)
        form.addRow(_("Login name"), self.login)
        form.addRow(_("Staff number"), self.staff_no)
        form.addRow(_("Roles"), roles_row)
        form.addRow(_("IT register"), register_row)
        if user is None:
            form.addRow(_("Password"), self.passwords.first)
            form.addRow(_("Password again"), self.passwords.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def try_accept(self) -> bool:
        q = self.register_until.date()
        until = date(q.year(), q.month(), q.day()) if self.on_register.isChecked() else None
        fields: dict[str, object] = {
            "login": self.login.text(),
            "name_en": self.name_en.text(),
            "name_zh": self.name_zh.text(),
            "staff_no": self.staff_no.text(),
            "roles": frozenset(r for r, box in self.roles.items() if box.isChecked()),
            "register_until": until,
        }
        if self.user is not None:
            fields.update(id=self.user.id, row_version=self.user.row_version)
        try:
            user = make_user(**fields)
        except LmdeskError as err:
            self.error.setText(str(err))
            self.passwords.first.clear()
            self.passwords.again.clear()
            return False
        if self.user is None:
            password, why = self.passwords.take(user.login)
            if password is None:
                self.error.setText(why)
                return False
            self.password = password
        self.result_user = user
        self.accept()
        return True


class PasswordDialog(QDialog):
    """A new password for ``user`` (typed twice, by the ward's rules); ``password`` after OK."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.user = user
        self.password: str | None = None
        self.setWindowTitle(_("New password for {name}").format(name=user.name()))
        self.passwords = PasswordFields("reset")
        self.error = error_label("password_error")
        form = QFormLayout()
        form.addRow(_("New password"), self.passwords.first)
        form.addRow(_("Password again"), self.passwords.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_accept(self) -> bool:
        password, why = self.passwords.take(self.user.login)
        if password is None:
            self.error.setText(why)
            return False
        self.password = password
        self.accept()
        return True
