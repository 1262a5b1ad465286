"""What can go wrong with the ward server, said so a clinician knows what to do."""

from __future__ import annotations

from lmdesk.i18n import _
from lmdesk.store.errors import StoreError, WriteRefusedError


class ServerUnreachableError(WriteRefusedError):
    """The ward server cannot be reached (at start or mid-session): nothing was saved."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(
            _(
                "The ward server {where} cannot be reached ({detail}). Nothing was saved; what "
                "is on screen may be out of date. lmdesk reconnects by itself; try again then."
            ).format(where=where, detail=detail)
        )
        self.where, self.detail = where, detail


class ServerSignInError(StoreError):
    """The server refused the user's name or password (or the account is not an lmdesk user)."""

    def __init__(self, login: str) -> None:
        super().__init__(
            _("The ward server did not accept the user name or password of {login}.").format(
                login=login
            )
        )
        self.login = login


#: The server's checks (store/server/server_layer.py) name their refusal in the error's HINT as
#: ``lmdesk:<kind>:<argument>``; the words are said here, in the user's language.
HINT_PREFIX = "lmdesk:"


def refusal_text(hint: str | None) -> str | None:
    """The server's refusal in the user's language (None: not one of lmdesk's own checks)."""
    if not hint or not hint.startswith(HINT_PREFIX):
        return None
    kind, _sep, argument = hint[len(HINT_PREFIX) :].partition(":")
    if kind == "may_not":
        from lmdesk.models.users.rights import RIGHTS, Action

        wanted, _sep, login = argument.partition(":")
        try:
            right = RIGHTS[Action(wanted)]
        except ValueError:
            return None
        return _("{login} may not do this: {what} needs {needs}").format(
            login=login, what=_(right.what), needs=_(right.needs)
        )
    if kind == "session_alone":
        return _("a session changes only together with its course (course {course})").format(
            course=argument
        )
    if kind == "session_differs":
        return _("a session differs from its course (course {course})").format(course=argument)
    if kind == "kept":
        return _("the {table} table is kept as written").format(table=argument)
    return None


class ServerRefusedError(StoreError):
    """The server's own rights refused a change (its grants and checks mirror lmdesk's)."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            _("The ward server refused the change: {detail}. Nothing was saved.").format(
                detail=detail
            )
        )
        self.detail = detail


class ServerSchemaTooNewError(StoreError):
    """The ward database was set up by a newer lmdesk: it is left untouched."""

    def __init__(self, where: str, found: int, known: int) -> None:
        super().__init__(
            _(
                "The ward database {where} has schema version {found}, newer than this lmdesk "
                "knows ({known}). Nothing was changed. Install the newer lmdesk on this "
                "workstation."
            ).format(where=where, found=found, known=known)
        )
        self.where, self.found, self.known = where, found, known


class ServerNotSetUpError(StoreError):
    """The database named is not an lmdesk ward database (``db init-server`` not run)."""

    def __init__(self, where: str) -> None:
        super().__init__(
            _(
                "{where} is not an lmdesk ward database. A ward administrator sets it up once "
                "with 'lmdesk db init-server URL'."
            ).format(where=where)
        )
        self.where = where


class ServerNeedsUpgradeError(StoreError):
    """The ward database has an older schema; its owner upgrades it (``db init-server``)."""

    def __init__(self, where: str, found: int, known: int) -> None:
        super().__init__(
            _(
                "The ward database {where} has schema version {found}; this lmdesk needs "
                "{known}. Nothing was changed. The ward administrator upgrades it with "
                "'lmdesk db init-server URL' (a backup is made first)."
            ).format(where=where, found=found, known=known)
        )
        self.where, self.found, self.known = where, found, known


class ServerBusyError(WriteRefusedError):
    """Another workstation held the ward's write turn longer than lmdesk waits."""

    def __init__(self, where: str, seconds: float) -> None:
        super().__init__(
            _(
                "NOT SAVED: the ward server {where} is busy: another workstation has held the "
                "write turn for more than {seconds:.0f} s. Nothing was written; try again."
            ).format(where=where, seconds=seconds)
        )
        self.where = where
