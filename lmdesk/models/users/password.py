"""The ward's password rules as a pure check (length, not the login name); no hashing here."""

from __future__ import annotations

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.users.user import login_key

MIN_LENGTH = 10
MAX_LENGTH = 256


def password_problem(password: str, login: str) -> str | None:
    """What is wrong with a new password, in the reader's language; None when it is usable.

    The message never repeats the password.
    """
    if len(password) < MIN_LENGTH:
        return _("A password has at least {n} characters.").format(n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("A password has at most {n} characters.").format(n=MAX_LENGTH)
    if not password.strip():
        return _("A password cannot be only spaces.")
    key = login_key(login)
    if key and login_key(password) == key:
        return _("A password cannot be the login name.")
    return None


def check_password(password: str, login: str) -> None:
    """Raise ``BadInputError`` when the new password breaks a rule."""
    problem = password_problem(password, login)
    if problem:
        raise BadInputError(problem)
