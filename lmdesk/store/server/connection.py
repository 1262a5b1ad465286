"""A psycopg 3 connection that speaks the repositories' SQL (``?`` placeholders, sqlite3's API).

The translation is deliberately small: placeholders, and errors turned into the store's own
(constraint -> ``IntegrityViolation``, lost server -> ``ServerUnreachableError``, a grant or
rights check -> ``ServerRefusedError``). SQL that differs in meaning goes through ``Dialect``.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lmdesk.i18n import _
from lmdesk.store.dbapi import IntegrityViolation
from lmdesk.store.server.errors import ServerRefusedError, ServerUnreachableError

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("lmdesk.store.server")

#: After a failed reconnect, reads fail at once for this long (the banner keeps retrying).
RETRY_AFTER_S = 5.0
#: SQLSTATE of ``RAISE ... USING ERRCODE`` in the server's rights checks (insufficient_privilege).
PRIVILEGE_STATE = "42501"


#: SQLite spellings the repositories use, and what PostgreSQL calls them.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s+INDEXED BY \w+", re.IGNORECASE), ""),  # an index hint; the planner chooses
    # SQLite's CROSS JOIN ... ON fixes the join order (a hint); PostgreSQL says INNER JOIN.
    (re.compile(r"\bCROSS JOIN (\w+(?: \w+)?) ON\b"), r"JOIN \1 ON"),
    (re.compile(r"\bchar\(31\)"), "chr(31)"),
    (re.compile(r"\binstr\("), "strpos("),
    (re.compile(r"\b([\w.]+) COLLATE NOCASE", re.IGNORECASE), r"lower(\1)"),
)


_JSON_EXTRACT = re.compile(r"json_extract\(([\w.]+), '\$\.([\w.]+)'\)")


def _json_path(found: re.Match[str]) -> str:
    """``json_extract(body, '$.a.b')`` -> ``(body::jsonb #>> '{a,b}')`` (text, as SQLite's
    for strings; lists and pydantic read numbers back from either)."""
    return f"({found[1]}::jsonb #>> '{{{','.join(found[2].split('.'))}}}')"


def server_sql(sql: str, parameters: object) -> str:
    """The repositories' SQL as PostgreSQL (and psycopg's placeholders) read it."""
    style = "named" if isinstance(parameters, Mapping) else ("positional" if parameters else "")
    return _server_sql(sql, style)


@lru_cache(maxsize=1024)
def _server_sql(sql: str, style: str) -> str:
    for pattern, replacement in _REWRITES:
        sql = pattern.sub(replacement, sql)
    sql = _JSON_EXTRACT.sub(_json_path, sql)
    if "json_extract" in sql:
        raise ValueError(f"json_extract the ward server cannot read: {sql}")
    return to_pyformat(sql, style)


def to_pyformat(sql: str, style: str) -> str:
    """``?`` -> ``%s`` and ``:name`` -> ``%(name)s`` outside quotes and comments; a literal
    ``%`` doubled when parameters are passed (psycopg then reads ``%`` as a placeholder)."""
    escape = "%%" if style else "%"
    out: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(sql):
        ch = sql[i]
        if quote is not None:
            out.append(escape if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?" and style == "positional":
            out.append("%s")
        elif ch == ":" and style == "named" and _named_at(sql, i):
            end = i + 1
            while end < len(sql) and (sql[end].isalnum() or sql[end] == "_"):
                end += 1
            out.append(f"%({sql[i + 1 : end]})s")
            i = end
            continue
        elif ch == "%":
            out.append(escape)
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = len(sql) if end < 0 else end
            out.append(sql[i:end])
            i = end
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _named_at(sql: str, i: int) -> bool:
    """A ``:name`` parameter starts at ``i`` (not a ``::type`` cast)."""
    before = sql[i - 1] if i else ""
    after = sql[i + 1] if i + 1 < len(sql) else ""
    return before != ":" and (after.isalpha() or after == "_")


class ServerConnection:
    """The ward server seen through sqlite3's connection API (autocommit; BEGIN is explicit)."""

    def __init__(
        self,
        raw: psycopg.Connection[Any],
        where: str,
        reconnect: Callable[[], psycopg.Connection[Any]] | None = None,
    ) -> None:
        self.raw = raw
        self.where = where
        self._reconnect = reconnect
        #: One thread at a time: a unit of work holds it throughout (``ServerPatientDB``).
        self.lock = threading.RLock()
        self._next_try = 0.0

    def reconnect_if_lost(self, *, force: bool = False) -> None:
        """Make a lost connection again (same person). After a failed attempt the next ones
        fail at once for ``RETRY_AFTER_S`` (unless ``force``: the banner's Reconnect), so a
        screen reading during an outage is not held by one connect timeout after another."""
        if self._reconnect is None or not (self.raw.closed or self.raw.broken):
            return
        now = time.monotonic()
        if not force and now < self._next_try:
            raise ServerUnreachableError(self.where, _("reconnecting"))
        try:
            self.raw = self._reconnect()
        except ServerUnreachableError:
            self._next_try = time.monotonic() + RETRY_AFTER_S
            raise
        self._next_try = 0.0

    @property
    def in_transaction(self) -> bool:
        from psycopg import pq

        return bool(self.raw.info.transaction_status != pq.TransactionStatus.IDLE)

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        params: Any = None
        if isinstance(parameters, Mapping):
            params = dict(parameters)
        elif parameters:
            params = tuple(parameters)
        with self.lock:
            self.reconnect_if_lost()
            with self.errors():
                return self.raw.execute(server_sql(sql, params), params)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        rows = [dict(p) if isinstance(p, Mapping) else tuple(p) for p in parameters]
        with self.lock, self.errors():
            cur = self.raw.cursor()
            if rows:
                cur.executemany(server_sql(sql, rows[0]), rows)
            return cur

    def execute_composed(self, statement: Any) -> Any:
        """A statement built with ``psycopg.sql`` (identifiers quoted by the driver)."""
        with self.errors():
            return self.raw.execute(statement)

    def close(self) -> None:
        try:
            self.raw.close()
        except Exception:  # closing a dead connection must never raise
            log.debug("closing %s", self.where, exc_info=True)

    def errors(self) -> _ErrorTranslation:
        return _ErrorTranslation(self.where)


class _ErrorTranslation:
    """Turns psycopg's exceptions into the store's (a context manager, reusable)."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None:
            return
        translated = translate_error(exc, self.where)
        if translated is not None:
            raise translated from exc


def translate_error(exc: BaseException, where: str) -> Exception | None:
    """The store's error for a psycopg error (None: not one of psycopg's)."""
    import psycopg
    from psycopg import errors as pg_errors

    if isinstance(exc, pg_errors.IntegrityError):
        return IntegrityViolation(str(exc).strip())
    if isinstance(exc, pg_errors.LockNotAvailable):
        from lmdesk.store.server.connect import LOCK_WAIT_MS
        from lmdesk.store.server.errors import ServerBusyError

        return ServerBusyError(where, LOCK_WAIT_MS / 1000)
    if isinstance(exc, pg_errors.InsufficientPrivilege) or (
        isinstance(exc, psycopg.Error) and exc.sqlstate == PRIVILEGE_STATE
    ):
        from lmdesk.store.server.errors import refusal_text

        if isinstance(exc, psycopg.Error):
            detail = refusal_text(exc.diag.message_hint) or exc.diag.message_primary
        else:
            detail = str(exc)
        return ServerRefusedError(detail or str(exc))
    if isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
        return ServerUnreachableError(where, _first_line(str(exc)))
    return None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else text


def iter_notifies(raw: psycopg.Connection[Any], timeout: float) -> Iterator[str]:
    """Payloads of the notifications that arrive within ``timeout`` seconds."""
    for notify in raw.notifies(timeout=timeout, stop_after=None):
        yield notify.payload
