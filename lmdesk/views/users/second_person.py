"""The second person signs for one action on the same screen (login and password), e.g. the
verification of a course, without ending the signed-in user's session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.views.users.sign_in import error_label, password_edit

if TYPE_CHECKING:
    from lmdesk.models.users.user import User

#: ``authorize(login, password)``: the authenticated user holding the action's right, or an
#: ``LmdeskError`` (sign-in failed, or the missing right) in the reader's language.
Authorize = Callable[[str, str], "User"]


class SignForActionDialog(QDialog):
    """Asks who signs for ``what`` (login and password); ``signer`` holds the user once the
    credentials and the rights table both say yes. The password field is always cleared."""

    def __init__(
        self,
        title: str,
        what: str,
        authorize: Authorize,
        login: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_for_action")
        self.setWindowTitle(title)
        self._authorize = authorize
        self.signer: User | None = None
        self.what = QLabel(what)
        self.what.setObjectName("sign_what")
        self.what.setWordWrap(True)
        self.login = QLineEdit(login)
        self.login.setObjectName("signer_login")
        self.password = password_edit("signer_password")
        self.error = error_label("sign_error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Sign"))
        self.buttons.accepted.connect(self.try_sign)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Login name"), self.login)
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        (self.password if login else self.login).setFocus()

    def try_sign(self) -> bool:
        login, password = self.login.text().strip(), self.password.text()
        self.password.clear()
        if not login or not password:
            self.error.setText(_("Type the login name and the password of who signs."))
            return False
        try:
            self.signer = self._authorize(login, password)
        except LmdeskError as err:
            self.error.setText(str(err))
            self.password.setFocus()
            return False
        self.accept()
        return True
