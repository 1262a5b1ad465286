"""Other workstations' changes as they happen: ``LISTEN lmdesk_changes`` in a thread of its own.

Every audit row the ward server writes notifies the channel when its transaction commits
(``server_layer``). The listener holds a connection of its own (the same person's), hands each
parsed :class:`Change` to a callback and says when the server goes away or comes back; it
reconnects by itself with a growing pause. No Qt here: the views wrap it in a Qt bridge.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmdesk.models.errors import LmdeskError
from lmdesk.store.server.connection import iter_notifies, translate_error
from lmdesk.store.server.server_layer import CHANNEL

if TYPE_CHECKING:
    import psycopg

    from lmdesk.store.server.ward_db import ServerPatientDB

log = logging.getLogger("lmdesk.store.server.listener")

#: Seconds between reconnect attempts: quick at first, then every few seconds.
BACKOFF_S: tuple[float, ...] = (0.5, 1.0, 2.0, 3.0, 5.0)
#: How long one wait for notifications lasts (the stop flag is looked at in between).
POLL_S = 0.2


@dataclass(frozen=True)
class Change:
    """One audited change on the ward server, as another workstation hears of it."""

    entity: str
    entity_id: str
    action: str
    user: str
    at: str
    audit_id: int


def parse_change(payload: str) -> Change | None:
    """The change a notification's JSON payload names; None for anything else (logged)."""
    try:
        data = json.loads(payload)
        return Change(
            entity=str(data["entity"]),
            entity_id=str(data["entity_id"]),
            action=str(data["action"]),
            user=str(data.get("user") or ""),
            at=str(data.get("at") or ""),
            audit_id=int(data["audit_id"]),
        )
    except (ValueError, KeyError, TypeError):
        log.warning("unreadable change notification: %.200s", payload)
        return None


OnChange = Callable[[Change], None]
#: ``on_state(up, message)``: the server reachable (message empty) or not (why, for people).
OnState = Callable[[bool, str], None]
Connect = Callable[[], "psycopg.Connection[Any]"]


class ChangeListener:
    """A daemon thread listening on the ward server; ``stop()`` ends it within ``POLL_S``."""

    def __init__(
        self,
        connect: Connect,
        where: str,
        on_change: OnChange,
        on_state: OnState | None = None,
        *,
        backoff: Sequence[float] = BACKOFF_S,
        poll_s: float = POLL_S,
    ) -> None:
        self._connect = connect
        self.where = where
        self._on_change = on_change
        self._on_state = on_state
        self._backoff = tuple(backoff) or (1.0,)
        self._poll_s = poll_s
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._raw: psycopg.Connection[Any] | None = None
        self.up: bool | None = None  # None until the first attempt
        self._last: tuple[bool, str] | None = None

    @classmethod
    def for_store(
        cls, pdb: ServerPatientDB, on_change: OnChange, on_state: OnState | None = None
    ) -> ChangeListener:
        """Listen as the store's person, on a connection of their own."""
        return cls(pdb.listen_connection, pdb.where, on_change, on_state)

    # -- control ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="lmdesk-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection (waits for the thread at most ``timeout``)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def retry_now(self) -> None:
        """Cut the pause before the next reconnect attempt short (the Reconnect button)."""
        self._wake.set()

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            self._wake.clear()  # a retry_now() from here on cuts the next pause short
            try:
                self._listen()
                attempt = 0  # a clean return: stopped
            except Exception as exc:  # a lost server, a refused sign-in, a broken socket
                self._close()
                if self._stop.is_set():
                    break
                self._report(False, self._message(exc))
                pause = self._backoff[min(attempt, len(self._backoff) - 1)]
                attempt += 1
                self._wake.wait(pause)
        self._close()

    def _listen(self) -> None:
        raw = self._connect()
        self._raw = raw
        raw.execute(f"LISTEN {CHANNEL}")
        self._report(True, "")
        while not self._stop.is_set():
            for payload in iter_notifies(raw, self._poll_s):
                change = parse_change(payload)
                if change is not None:
                    self._deliver(change)
                if self._stop.is_set():
                    return
            if raw.closed or raw.broken:
                raise ConnectionError("the listening connection was closed")

    def _deliver(self, change: Change) -> None:
        try:
            self._on_change(change)
        except Exception:  # a receiver's fault must not stop the listening
            log.exception("change receiver failed")

    def _report(self, up: bool, message: str) -> None:
        self.up = up
        if self._last == (up, message):
            return
        self._last = (up, message)
        if self._on_state is None:
            return
        try:
            self._on_state(up, message)
        except Exception:
            log.exception("state receiver failed")

    def _message(self, exc: Exception) -> str:
        if isinstance(exc, LmdeskError):
            return str(exc)
        translated = translate_error(exc, self.where)
        if translated is not None:
            return str(translated)
        from lmdesk.store.server.errors import ServerUnreachableError

        return str(ServerUnreachableError(self.where, str(exc) or type(exc).__name__))

    def _close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is not None:
            try:
                raw.close()
            except Exception:
                log.debug("closing the listening connection", exc_info=True)
