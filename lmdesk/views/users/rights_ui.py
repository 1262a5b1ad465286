"""Rights on screen: refuse what the signed-in user may not do, grey out such buttons.

The rights table (``models.users.rights``) decides; this module only asks it for the
signed-in user and shows the answer (the missing right, in the reader's language).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.users.rights import Action, CourseParties, refusal

if TYPE_CHECKING:
    from lmdesk.models.users.user import User

Warn = Callable[[str, str], None]

#: For views that import this module late (the rights table's two most asked rights).
RECORD = Action.RECORD
CHANGE_COURSE = Action.CHANGE_COURSE


def refusal_for(
    ctx: AppContext, action: Action, *, context: CourseParties | None = None
) -> str | None:
    """Why the signed-in user may not take ``action`` now; None when they may."""
    user = ctx.signed_in
    if user is None:
        return _("Sign in first.")
    return refusal(action, user, ctx.clock.today(), context=context)


def message_box_warn(parent: QWidget | None) -> Warn:
    def warn(title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    return warn


def refused(
    ctx: AppContext,
    action: Action,
    warn: Warn,
    *,
    context: CourseParties | None = None,
) -> bool:
    """True, after saying which right is missing, when the signed-in user may not act."""
    why = refusal_for(ctx, action, context=context)
    if why is None:
        return False
    warn(_("Not allowed"), why)
    return True


def show_right(widget: QWidget, ctx: AppContext, action: Action, *, usable: bool = True) -> None:
    """Enable ``widget`` when it is ``usable`` and the signed-in user holds the right;
    otherwise grey it out, its tooltip naming the missing right."""
    why = refusal_for(ctx, action)
    widget.setEnabled(usable and why is None)
    widget.setToolTip(why or "")


@contextmanager
def acting_as(ctx: AppContext, user: User, password: str | None = None) -> Iterator[None]:
    """The audit rows written inside name ``user`` (who signed for this action on the same
    screen), not the session's signed-in user; the session's user is back afterwards.

    On the ward server, with the ``password`` they signed with, the writes run on their own
    connection, so the server checks *their* rights (without it: the session's person's).
    """
    pdb = ctx.patients
    before = pdb.user
    pdb.user = user.display_name
    try:
        if ctx.on_server and password is not None:
            with pdb.acting_as(user.login, password):
                yield
        else:
            yield
    finally:
        pdb.user = before
