"""What every patient database offers the repositories, whichever engine holds it.

``PatientDB`` (a SQLite file on one workstation) and ``ServerPatientDB`` (the ward's
PostgreSQL database) share this: one connection, one clock, the signed-in user, atomic units
of work (``transaction``) and the audit trail written inside them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lmdesk.models.clock import Clock
from lmdesk.store import audit
from lmdesk.store.audit import AuditEntry, ChainReport
from lmdesk.store.dbapi import Connection, Dialect

if TYPE_CHECKING:
    from pathlib import Path

    from lmdesk.models.audit.event import AuditEvent
    from lmdesk.models.users.user import User
    from lmdesk.store.audit_verify import TrailReport


@dataclass(frozen=True)
class IntegrityReport:
    schema_version: int
    integrity: str
    row_counts: dict[str, int]


class PatientStore(ABC):
    """Patients, courses, AEs, assessments and the audit trail, on one engine."""

    dialect: Dialect

    def __init__(self, conn: Connection, clock: Clock, user: str) -> None:
        self.conn = conn
        self.clock = clock
        self.user = user
        self._audited = False

    # -- the engine's part -------------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[Connection]:
        """One atomic unit of work (nested: a savepoint); writers take turns."""

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def where(self) -> str:
        """Where the data lives, as said to a user (a file path or the server's address)."""

    @property
    @abstractmethod
    def schema_version(self) -> int: ...

    @abstractmethod
    def load_audit_key(self) -> bytes:
        """The key rows are signed with (this installation's, or the ward's)."""

    @abstractmethod
    def verify_trail(self) -> TrailReport:
        """The chain, its anchors and the data rows against it."""

    @abstractmethod
    def check(self) -> IntegrityReport:
        """Schema version, the engine's integrity finding and row counts (never raises)."""

    @abstractmethod
    def backup(self, target: Path, check: Callable[[], None] | None = None) -> Path:
        """A consistent copy of the whole database at ``target``.

        ``check`` is called now and then while the copy runs; whatever it raises (a Cancel)
        stops the copy and leaves no file behind."""

    # -- accounts: on the ward server each user is also a database role ------------------
    #: False where the engine checks passwords itself (the ward server's SCRAM roles).
    keeps_password_hashes: bool = True

    def check_credentials(self, login: str, password: str) -> bool:
        """True when the engine itself accepted this password; False: the users table's
        hash is what checks it (here). Raises when the engine refuses it."""
        return False

    def sync_account(self, user: User, password: str | None, renamed_from: str | None) -> None:
        """Make the engine's own account match ``user`` (roles, active, a new password).

        Nothing to do for SQLite: the users table is the only account there.
        """
        return None

    def set_account_password(self, login: str, password: str) -> None:
        """Give the engine's own account a new password (nothing to do for SQLite)."""
        return None

    @contextmanager
    def acting_as(self, login: str, password: str) -> Iterator[None]:
        """The block's changes made by ``login`` (a two-person action's second person). On
        one SQLite file nothing to switch: the audit user names them (``views``' acting_as);
        the ward server runs them on that person's own connection."""
        yield

    # -- shared ---------------------------------------------------------------------------
    @property
    def damage(self) -> str | None:
        """The last integrity finding of this session (None: ok or not checked)."""
        return None

    @cached_property
    def audit_key(self) -> bytes:
        return self.load_audit_key()

    def now_iso(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: str | int,
        before: Any,
        after: Any,
        *,
        event: AuditEvent | None = None,
        user: str | None = None,
    ) -> None:
        """Write one audit row inside the current transaction.

        ``event`` (code = ``action``) is what the row's text is worded from when read, in
        the reader's language; it is kept in ``after`` under ``"event"``. ``user`` names who
        acts when it is not the signed-in user the database was given (``self.user``).
        """
        if event is not None:
            from lmdesk.models.audit.event import EVENT_KEY

            if event.code != action:
                raise ValueError(f"event {event.code!r} does not match action {action!r}")
            after = {**(after if isinstance(after, dict) else {}), EVENT_KEY: event.as_json()}
        audit.append(
            self.conn,
            at=self.now_iso(),
            user=user or self.user,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
            key=self.audit_key,
        )
        self._audited = True

    def history(self, entity: str, entity_id: str | int) -> list[AuditEntry]:
        return audit.history(self.conn, entity, str(entity_id))

    def verify_audit(self) -> ChainReport:
        return audit.verify_chain(self.conn, self.audit_key)

    def last_change(self, entity: str, entity_id: str | int) -> AuditEntry | None:
        """The newest audit row of a record: who changed it last, and when."""
        entries = self.history(entity, entity_id)
        return entries[-1] if entries else None
