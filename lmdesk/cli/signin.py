"""Who acts on the command line: ``--user LOGIN`` signed in with a password, rights checked.

A writing command adds ``--user`` with ``user_option(parser, action)``; ``run_command`` signs
the user in (password from ``LMDESK_PASSWORD`` or a prompt on a terminal) and checks the
action's right before the handler runs. A bad login or password exits 2, a missing right 3.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.scheduling.course import Course
from lmdesk.models.users.rights import Action, check, parties_of
from lmdesk.models.users.user import User, login_key
from lmdesk.store.users_repo import UsersRepository

PASSWORD_ENV = "LMDESK_PASSWORD"
NEW_PASSWORD_ENV = "LMDESK_NEW_PASSWORD"


def user_option(
    p: argparse.ArgumentParser, action: Action | None, *, required: bool = True
) -> None:
    """``--user LOGIN`` on a writing command; ``action`` is checked before the handler runs."""
    p.add_argument(
        "--user",
        required=required,
        metavar="LOGIN",
        help=_("who acts (login name); password from a prompt or LMDESK_PASSWORD"),
    )
    if action is not None:
        p.set_defaults(right=action)


def read_secret(env: str, prompt: str) -> str:
    """A password from ``env``, else from a prompt on a terminal; bad input otherwise."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:
            pass
    raise BadInputError(
        _("No password: run on a terminal to be asked, or set {env}.").format(env=env)
    )


def read_new_password() -> str:
    """A new password from ``LMDESK_NEW_PASSWORD``, else typed twice on a terminal."""
    if os.environ.get(NEW_PASSWORD_ENV) is not None:
        return os.environ[NEW_PASSWORD_ENV]
    first = read_secret(NEW_PASSWORD_ENV, _("New password: "))
    again = read_secret(NEW_PASSWORD_ENV, _("New password again: "))
    if first != again:
        raise BadInputError(_("The two passwords differ; nothing was changed."))
    return first


def users(ctx: AppContext) -> UsersRepository:
    return UsersRepository(ctx.patients)


def authenticate(ctx: AppContext, login: str) -> User:
    """Sign ``login`` in (the audit trail then names them); exit 2 on failure."""
    repo = users(ctx)
    if not repo.has_users():
        raise BadInputError(
            _("No users yet: add the ward administrator first with 'lmdesk user add'.")
        )
    known = ctx.server_login
    if known is not None and known[0] == login_key(login):
        password = known[1]  # the ward server connection is already this person's
    else:
        password = read_secret(PASSWORD_ENV, _("Password for {login}: ").format(login=login))
    user = repo.authenticate(login, password)
    ctx.sign_in(user)
    return user


def sign_in_for(args: argparse.Namespace, ctx: AppContext) -> None:
    """Before a writing command: sign in ``--user`` and check the command's right."""
    action: Action | None = getattr(args, "right", None)
    if action is None:
        return
    user = authenticate(ctx, args.user)
    check(action, user, ctx.clock.today())


def acting(ctx: AppContext) -> User:
    """The signed-in user of this command."""
    if ctx.signed_in is None:
        raise BadInputError(_("Sign in first."))
    return ctx.signed_in


def check_on_course(ctx: AppContext, action: Action, course: Course) -> User:
    """The signed-in user, checked for ``action`` on ``course`` (two-person rules included)."""
    user = acting(ctx)
    check(action, user, ctx.clock.today(), context=parties_of(course))
    return user
