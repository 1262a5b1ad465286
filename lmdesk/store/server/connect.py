"""Opening a connection to the ward server as one person (their own role, SCRAM)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lmdesk.store.server.errors import ServerSignInError, ServerUnreachableError
from lmdesk.store.server.url import shown_url

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 3
LOCK_WAIT_MS = 10_000
IDLE_IN_TRANSACTION_MS = 60_000
#: What libpq says when the name or password is refused (never which of the two).
_REFUSED_SIGNS = (
    "password authentication failed",
    "no password supplied",
    "is not permitted to log in",  # a retired user's role (NOLOGIN)
)
APPLICATION_NAME = "lmdesk"


def connect_raw(url: str, login: str | None, password: str | None) -> psycopg.Connection[Any]:
    """An autocommit connection (transactions are explicit, as on SQLite); the store's errors
    for a refused password or an unreachable server."""
    import psycopg
    from psycopg.types.string import StrDumper

    options: dict[str, Any] = {
        "autocommit": True,
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": APPLICATION_NAME,
        # A lost server or network is noticed in about half a minute, not hours.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        # A writer waits for another at most LOCK_WAIT; a workstation that hangs inside a
        # transaction loses it (and the write lock) after IDLE_IN_TRANSACTION.
        "options": f"-c lock_timeout={LOCK_WAIT_MS} "
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}",
    }
    if login is not None:
        options["user"] = login
    if password is not None:
        options["password"] = password
    try:
        raw = psycopg.connect(url, **options)
    except psycopg.OperationalError as exc:
        text = str(exc)
        unknown_role = 'role "' in text and "does not exist" in text  # not a missing database
        if unknown_role or any(sign in text for sign in _REFUSED_SIGNS):
            raise ServerSignInError(login or "?") from None
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        raise ServerUnreachableError(shown_url(url), lines[-1] if lines else text) from None
    # Text parameters as ``text``, not ``unknown``: ``length(?)`` must resolve as on SQLite.
    raw.adapters.register_dumper(str, StrDumper)
    return raw
