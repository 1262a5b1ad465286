"""Signing in on the ward server: the sign-in *is* the connection, as that person's own role.

The server checks the password (SCRAM); lmdesk then reads who the person is from the users
table. The first sign-in opens the ward database; a later one (after a lock, another user)
moves the same store onto the new person's connection and closes the previous one, so every
screen's repositories follow without being rebuilt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmdesk.i18n import _
from lmdesk.models.users.user import login_key
from lmdesk.store.server.errors import ServerSignInError
from lmdesk.store.users_repo import SignInError, UsersRepository

if TYPE_CHECKING:
    from lmdesk.app_context import AppContext
    from lmdesk.models.users.user import User


def _generic() -> SignInError:
    return SignInError(_("Sign-in failed: unknown login name or wrong password."))


def sign_in_on_server(ctx: AppContext, login: str, password: str) -> User:
    """Connect as ``login``; the stored, active user, or ``SignInError`` (the same words for
    a wrong name and a wrong password). An unreachable server raises
    ``ServerUnreachableError`` (its message says so); nothing changes then."""
    from lmdesk.store.server.ward_db import ServerPatientDB

    key = login_key(login)
    try:
        if ctx.patients_opened():
            store = ctx.patients
            assert isinstance(store, ServerPatientDB)
            store.switch_person(key, password)
        else:
            ctx.server_login = (key, password)
            try:
                store = ctx.patients
            except BaseException:
                ctx.server_login = None
                raise
    except ServerSignInError:
        raise _generic() from None
    ctx.server_login = (key, password)
    found = UsersRepository(store).find(key)
    if found is None or not found.active:
        raise _generic()
    return found
