"""The sign-in form (login and password) and the first ward administrator's form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError

if TYPE_CHECKING:
    from lmdesk.models.users.user import User

#: ``authenticate(login, password)``: the user, or an ``LmdeskError`` saying why not.
Authenticate = Callable[[str, str], "User"]
#: ``create(user, password)``: the stored first administrator.
CreateAdmin = Callable[["User", str], "User"]

ERROR_STYLE = "color: #b00020; font-weight: bold;"


def password_edit(name: str) -> QLineEdit:
    """A password field: never echoed, never copied out."""
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    return edit


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


class SignInForm(QWidget):
    """Login name and password; ``signed_in`` carries the authenticated user.

    A failure says so without telling whether the login or the password was wrong (the
    repository's message); the password field is cleared after every attempt.
    """

    signed_in = Signal(object)

    def __init__(self, authenticate: Authenticate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_form")
        self._authenticate = authenticate
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setMaxLength(64)
        self.password = password_edit("password")
        self.button = QPushButton()
        self.button.setObjectName("sign_in_button")
        self.button.setDefault(True)
        self.error = error_label("sign_in_error")
        self._labels = (QLabel(), QLabel())
        form = QFormLayout()
        form.addRow(self._labels[0], self.login)
        form.addRow(self._labels[1], self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.error)
        self.login.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_sign_in)
        self.button.clicked.connect(self.try_sign_in)
        self.retranslate()

    def retranslate(self) -> None:
        self._labels[0].setText(_("Login name"))
        self._labels[1].setText(_("Password"))
        self.button.setText(_("Sign in"))

    def reset(self, login: str = "") -> None:
        self.login.setText(login)
        self.password.clear()
        self.error.clear()
        (self.password if login else self.login).setFocus()

    def try_sign_in(self) -> User | None:
        login = self.login.text().strip()
        password = self.password.text()
        self.password.clear()
        if not login or not password:
            self.error.setText(_("Type your login name and your password."))
            return None
        try:
            user = self._authenticate(login, password)
        except LmdeskError as err:
            self.error.setText(str(err))
            self.password.setFocus()
            return None
        self.error.clear()
        self.signed_in.emit(user)
        return user


class FirstAdminForm(QWidget):
    """On a database without users: the ward administrator (name in both scripts, login,
    staff number, password twice, checked by the ward's password rules)."""

    created = Signal(object)

    def __init__(self, create: CreateAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_admin_form")
        self._create = create
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name_en = QLineEdit()
        self.name_en.setObjectName("admin_name_en")
        self.name_zh = QLineEdit()
        self.name_zh.setObjectName("admin_name_zh")
        self.login = QLineEdit()
        self.login.setObjectName("admin_login")
        self.staff_no = QLineEdit()
        self.staff_no.setObjectName("admin_staff_no")
        self.password = password_edit("admin_password")
        self.again = password_edit("admin_password_again")
        self.button = QPushButton()
        self.button.setObjectName("create_admin_button")
        self.error = error_label("admin_error")
        self._labels = tuple(QLabel() for _i in range(6))
        form = QFormLayout()
        for label, field in zip(
            self._labels,
            (self.name_en, self.name_zh, self.login, self.staff_no, self.password, self.again),
            strict=True,
        ):
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.error)
        self.button.clicked.connect(self.try_create)
        self.again.returnPressed.connect(self.try_create)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(
            _(
                "No users yet. Create the ward administrator first: they add the ward's "
                "prescribers, pharmacists and nurses and keep the IT register."
            )
        )
        for label, text in zip(
            self._labels,
            (
                _("Name (Latin script)"),
                _("Name (Chinese)"),
                _("Login name"),
                _("Staff number"),
                _("Password"),
                _("Password again"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.button.setText(_("Create the ward administrator"))

    def _clear_passwords(self) -> None:
        self.password.clear()
        self.again.clear()

    def try_create(self) -> User | None:
        from lmdesk.models.users.password import password_problem
        from lmdesk.models.users.roles import Role
        from lmdesk.models.users.user import make_user

        password, again = self.password.text(), self.again.text()
        self._clear_passwords()
        try:
            user = make_user(
                login=self.login.text(),
                name_en=self.name_en.text(),
                name_zh=self.name_zh.text(),
                staff_no=self.staff_no.text(),
                roles=frozenset({Role.ADMIN}),
            )
        except LmdeskError as err:
            self.error.setText(str(err))
            return None
        if password != again:
            self.error.setText(_("The two passwords differ."))
            self.password.setFocus()
            return None
        problem = password_problem(password, user.login)
        if problem:
            self.error.setText(problem)
            self.password.setFocus()
            return None
        try:
            saved = self._create(user, password)
        except LmdeskError as err:
            self.error.setText(str(err))
            return None
        self.error.clear()
        self.created.emit(saved)
        return saved
