"""The ward's patient database on PostgreSQL: one connection per signed-in person.

Writers take turns as on SQLite (a transaction-scoped advisory lock stands for ``BEGIN
IMMEDIATE``), so row versions and the audit chain stay exactly as sound with twenty
workstations as with one. A lost server turns into ``ServerUnreachableError`` (nothing
half-saved: the transaction is the server's); the next use reconnects by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmdesk.models.clock import Clock
from lmdesk.models.users.roles import Role
from lmdesk.store.dbapi import POSTGRESQL, Connection
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.patient_store import IntegrityReport, PatientStore
from lmdesk.store.server.connect import connect_raw
from lmdesk.store.server.connection import ServerConnection
from lmdesk.store.server.errors import (
    ServerNotSetUpError,
    ServerSchemaTooNewError,
    ServerUnreachableError,
)
from lmdesk.store.server.server_layer import GROUP_OF, STAFF
from lmdesk.store.server.url import shown_url

if TYPE_CHECKING:
    import psycopg

    from lmdesk.models.users.user import User
    from lmdesk.store.audit_verify import TrailReport

log = logging.getLogger("lmdesk.store.server")

#: The advisory lock every writing transaction takes first (writers take turns).
WRITE_LOCK = 0x6C6D_6465  # "lmde"


def read_schema_version(conn: ServerConnection) -> int | None:
    """The ward database's schema version; None when it is not an lmdesk database."""
    row = conn.execute("SELECT to_regclass('public.lmdesk_schema') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    found = conn.execute("SELECT version FROM lmdesk_schema").fetchone()
    return int(found[0]) if found else None


class ServerPatientDB(PatientStore):
    """Patients, courses, AEs and the audit trail on the ward's PostgreSQL server."""

    dialect = POSTGRESQL

    def __init__(
        self,
        url: str,
        login: str | None,
        password: str | None,
        raw: psycopg.Connection[Any],
        clock: Clock,
        user: str,
    ) -> None:
        self.url = url
        self.login = login
        self._password = password
        self.server_conn = ServerConnection(raw, shown_url(url), self._connect_again)
        super().__init__(self.server_conn, clock, user)
        self._depth: dict[int, int] = {}
        self.db_id = ""

    @classmethod
    def open(
        cls, url: str, *, login: str | None, password: str | None, clock: Clock, user: str
    ) -> ServerPatientDB:
        """Connect as ``login`` (their own role; None: the URL's role, the database owner when
        setting up); refuse a database not set up, too new or too old.

        The schema is upgraded by ``lmdesk db init-server`` (the owner's work), never by a
        clinician's connection: an older schema is refused with that hint.
        """
        raw = connect_raw(url, login, password)
        try:
            pdb = cls(url, login, password, raw, clock, user)
            version = read_schema_version(pdb.server_conn)
            where = shown_url(url)
            if version is None:
                raise ServerNotSetUpError(where)
            if version > LATEST_VERSION:
                raise ServerSchemaTooNewError(where, version, LATEST_VERSION)
            if version < LATEST_VERSION:
                from lmdesk.store.server.errors import ServerNeedsUpgradeError

                raise ServerNeedsUpgradeError(where, version, LATEST_VERSION)
            from lmdesk.store import audit

            pdb.db_id = audit.meta_value(pdb.conn, "db_id") or ""
        except BaseException:
            raw.close()
            raise
        return pdb

    # -- connections ----------------------------------------------------------------------
    def _connect_again(self) -> psycopg.Connection[Any]:
        return connect_raw(self.url, self.login, self._password)

    def ensure_connected(self) -> None:
        """Reconnect a lost connection (same person); ``ServerUnreachableError`` if still down."""
        self.server_conn.reconnect_if_lost(force=True)

    @property
    def connected(self) -> bool:
        raw = self.server_conn.raw
        return not raw.closed and not raw.broken

    def switch_person(self, login: str, password: str) -> None:
        """Go on as another person (a sign-in after a lock, a switch of user): their own
        connection first (the server checks the password), then the previous one is closed.
        Every repository holding this store follows; on refusal nothing changes."""
        raw = connect_raw(self.url, login, password)
        previous = self.server_conn.raw
        self.server_conn.raw = raw
        self.login, self._password = login, password
        try:
            previous.close()
        except Exception:  # the old connection may be long dead
            log.debug("closing the previous person's connection", exc_info=True)

    def listen_connection(self) -> psycopg.Connection[Any]:
        """A separate connection of the same person for ``LISTEN`` (see ``ChangeListener``)."""
        return connect_raw(self.url, self.login, self._password)

    @contextmanager
    def acting_as(self, login: str, password: str) -> Iterator[None]:
        """Run the block's changes on ``login``'s own connection (the second person of a
        two-person action): the server checks *their* rights, the audit row names them."""
        if self.login is None or login == self.login:
            yield
            return
        person = ServerConnection(connect_raw(self.url, login, password), self.server_conn.where)
        previous = self.conn
        self.conn = person
        try:
            yield
        finally:
            self.conn = previous
            person.close()

    keeps_password_hashes = False

    def check_credentials(self, login: str, password: str) -> bool:
        """``ServerSignInError`` unless the server accepts this login and password now."""
        connect_raw(self.url, login, password).close()
        return True

    def set_account_password(self, login: str, password: str) -> None:
        """A new password for ``login``'s role (their own, or an administrator's change)."""
        from psycopg import sql

        conn = self.conn
        assert isinstance(conn, ServerConnection)
        verifier = conn.raw.pgconn.encrypt_password(
            password.encode("utf-8"), login.encode("utf-8"), b"scram-sha-256"
        )
        conn.execute_composed(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(verifier.decode("ascii"))
            )
        )

    def sync_account(self, user: User, password: str | None, renamed_from: str | None) -> None:
        """The user's own login role: created, renamed, its password (sent as a SCRAM
        verifier, never in clear), its group roles as the user's roles, LOGIN while active."""
        from psycopg import sql

        conn = self.conn
        assert isinstance(conn, ServerConnection)
        role = sql.Identifier(user.login)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (user.login,))
        if renamed_from is not None:
            conn.execute_composed(
                sql.SQL("ALTER ROLE {} RENAME TO {}").format(sql.Identifier(renamed_from), role)
            )
        elif exists.fetchone() is None:
            conn.execute_composed(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        if password is not None:
            self.set_account_password(user.login, password)
        admin = Role.ADMIN in user.roles and user.active
        conn.execute_composed(
            sql.SQL("ALTER ROLE {} {} {}").format(
                role,
                sql.SQL("LOGIN" if user.active else "NOLOGIN"),
                sql.SQL("CREATEROLE" if admin else "NOCREATEROLE"),
            )
        )
        held = {
            str(r[0])
            for r in conn.execute(
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ?",
                (user.login,),
            )
        }
        for each, group in GROUP_OF.items():
            grant = each in user.roles and user.active
            if not grant and group not in held:
                continue
            option = sql.SQL(" WITH ADMIN OPTION" if admin else "")
            statement = "GRANT {} TO {}{}" if grant else "REVOKE {} FROM {}"
            conn.execute_composed(
                sql.SQL(statement).format(sql.Identifier(group), role, option)
                if grant
                else sql.SQL(statement).format(sql.Identifier(group), role)
            )
        if not user.active and STAFF not in held:
            return
        staff = "GRANT {} TO {}{}" if user.active else "REVOKE {} FROM {}"
        conn.execute_composed(
            sql.SQL(staff).format(
                sql.Identifier(STAFF), role, sql.SQL(" WITH ADMIN OPTION" if admin else "")
            )
            if user.active
            else sql.SQL(staff).format(sql.Identifier(STAFF), role)
        )

    # -- units of work -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One unit of work; nested: a savepoint. The connection is this thread's for the whole
        unit (a worker's read waits for it), and the nesting is counted here, not read from
        the connection (whose state is unknown once it is lost)."""
        conn = self.conn
        lock = conn.lock if isinstance(conn, ServerConnection) else None
        if lock is not None:
            lock.acquire()
        try:
            depth = self._depth.get(id(conn), 0)
            self._depth[id(conn)] = depth + 1
            if depth:
                name = f"sp{depth}"
                conn.execute(f"SAVEPOINT {name}")
                try:
                    yield conn
                except BaseException:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    raise
                conn.execute(f"RELEASE SAVEPOINT {name}")
                return
            if conn is self.server_conn:
                self.ensure_connected()
            self._audited = False
            conn.execute("BEGIN")
            try:
                conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                self._rollback(conn)
                raise
        finally:
            self._depth[id(conn)] -= 1
            if lock is not None:
                lock.release()

    @staticmethod
    def _rollback(conn: Connection) -> None:
        if isinstance(conn, ServerConnection) and (conn.raw.closed or conn.raw.broken):
            return  # the server rolls back a lost session itself
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except ServerUnreachableError:
            log.warning("rollback on a lost connection", exc_info=True)

    def close(self) -> None:
        self.server_conn.close()

    # -- facts ----------------------------------------------------------------------------
    @property
    def where(self) -> str:
        return shown_url(self.url)

    @property
    def schema_version(self) -> int:
        return read_schema_version(self.server_conn) or 0

    def load_audit_key(self) -> bytes:
        """The ward's key, kept in the database (every workstation signs with it)."""
        row = self.conn.execute("SELECT audit_key FROM ward_secret").fetchone()
        if row is None:
            raise ServerNotSetUpError(self.where)
        return bytes.fromhex(str(row[0]))

    def reference_written_with(self) -> str | None:
        row = self.conn.execute("SELECT version FROM ward_reference").fetchone()
        return None if row is None else str(row[0])

    def record_reference(self, version: str) -> None:
        """Note the reference-data version this workstation writes with (shown to others)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO ward_reference (only_row, version, written_at, written_by)"
                " VALUES (TRUE, ?, ?, ?) ON CONFLICT (only_row) DO UPDATE SET"
                " version = excluded.version, written_at = excluded.written_at,"
                " written_by = excluded.written_by",
                (version, self.now_iso(), self.user),
            )

    def check(self) -> IntegrityReport:
        """Schema version and row counts (the server keeps its own pages sound)."""
        counts: dict[str, int] = {}
        for name in table_names(self.server_conn):
            counts[name] = int(self.conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        return IntegrityReport(self.schema_version, "ok", counts)

    def verify_trail(self) -> TrailReport:
        """The chain and the data rows against it (anchors live with the server's backups)."""
        from lmdesk.store.audit_verify import TrailReport, chain_finding, data_findings

        chain = self.verify_audit()
        report = TrailReport(chain.rows_checked, chain.head_id, chain.head_hash)
        found = chain_finding(chain)
        if found is not None:
            report.findings.append(found)
        report.findings.extend(data_findings(self.conn))
        return report

    def backup(self, target: Path, check: Callable[[], None] | None = None) -> Path:
        from lmdesk.store.server.dump import dump_to

        return dump_to(self.url, self.login, self._password, target, check)


def table_names(conn: ServerConnection) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [str(r[0]) for r in rows]
