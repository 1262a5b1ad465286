"""``lmdesk db copy-to``: move a workstation's SQLite patient database onto the ward server.

The SQLite file is only read (opened read-only; nothing in it changes). Every table is
copied row for row with its ids, the audit trail verbatim (its hashes and signatures), the
installation's signing key becomes the ward's so the copied chain still verifies, and each
user gets their own role (without a password: an administrator sets them). Then the copy
is checked: the same row count in every table, the chain intact, the data rows as audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.clock import Clock
from lmdesk.models.errors import BadInputError
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.server.ward_db import ServerPatientDB
from lmdesk.store.sqlite_conn import connect_readonly, read_user_version

#: Tables in an order that satisfies their foreign keys.
TABLES: tuple[str, ...] = (
    "db_meta",
    "patients",
    "courses",
    "course_sessions",
    "custom_protocols",
    "holidays",
    "sheet_archive",
    "adverse_events",
    "assessments",
    "lab_results",
    "medications",
    "ward_policy",
    "users",
    "ward_settings",
    "audit",
)
BATCH = 2000


@dataclass
class CopyReport:
    counts: dict[str, int] = field(default_factory=dict)
    audit_rows_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def copy_sqlite_to_server(
    source: Path,
    target: ServerPatientDB,
    key: bytes,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy ``source`` into an empty, set-up ward database (connected as its owner)."""
    if not source.is_file():
        raise BadInputError(_("No patient database at {path}.").format(path=source))
    version = read_user_version(source)
    if version != LATEST_VERSION:
        raise BadInputError(
            _(
                "{path} has schema version {found}; open it once with this lmdesk (it is "
                "upgraded, with a backup) and copy it then."
            ).format(path=source, found=version)
        )
    _refuse_if_not_empty(target)
    src = connect_readonly(source)
    try:
        columns = {t: _columns(src, t) for t in TABLES}
        with target.transaction() as conn:
            conn.execute("DELETE FROM db_meta")
            conn.execute("UPDATE ward_secret SET audit_key = ?", (key.hex(),))
            raw = target.server_conn.raw
            for table in TABLES:
                names = columns[table]
                quoted = ", ".join(f'"{c}"' for c in names)
                select = f'SELECT {quoted} FROM "{table}"'
                count = 0
                with raw.cursor().copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in src.execute(select):
                        copy.write_row(_row_for_server(table, names, row))
                        count += 1
                        if progress is not None and count % BATCH == 0:
                            progress(table, count)
                sequence = (
                    conn.execute("SELECT pg_get_serial_sequence(?, 'id')", (table,)).fetchone()
                    if "id" in names
                    else None
                )
                if sequence is not None and sequence[0] is not None:  # identity ids go on
                    conn.execute(
                        f'SELECT setval(?, GREATEST((SELECT max(id) FROM "{table}"), 1))',
                        (sequence[0],),
                    )
        from lmdesk.store.users_repo import UsersRepository

        with target.transaction():
            for user in UsersRepository(target).list():
                target.sync_account(user, None, None)
        report = CopyReport()
        for table in TABLES:
            here = int(src.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            there = int(target.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            report.counts[table] = there
            if here != there:
                report.problems.append(
                    _("{table}: {here} rows in the file, {there} on the server").format(
                        table=table, here=here, there=there
                    )
                )
        target.__dict__.pop("audit_key", None)
        trail = target.verify_trail()
        report.audit_rows_checked = trail.rows_checked
        report.problems.extend(f.message for f in trail.findings)
        return report
    finally:
        src.close()


def _row_for_server(table: str, names: list[str], row: tuple[object, ...]) -> tuple[object, ...]:
    """A file's row as the server stores it: no password hash (roles hold SCRAM verifiers)."""
    if table != "users":
        return tuple(row)
    return tuple("" if n == "password_hash" else v for n, v in zip(names, row, strict=True))


def _columns(src: object, table: str) -> list[str]:
    import sqlite3

    assert isinstance(src, sqlite3.Connection)
    return [str(r[1]) for r in src.execute(f'PRAGMA table_info("{table}")')]


def _refuse_if_not_empty(target: ServerPatientDB) -> None:
    """A ward database with patient data or an audit trail is never merged into."""
    for table in TABLES:
        if table == "db_meta":
            continue
        if target.conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None:
            raise BadInputError(
                _(
                    "The ward database already holds data ({table}); lmdesk copies a file only "
                    "into a new, empty ward database (db init-server without --admin)."
                ).format(table=table)
            )
    extra = target.conn.execute(
        "SELECT key FROM db_meta WHERE key NOT IN ('db_id') LIMIT 1"
    ).fetchone()
    if extra is not None:
        raise BadInputError(
            _("The ward database is not new (db_meta holds {key}).").format(key=extra[0])
        )


def open_as_owner(url: str, clock: Clock, user: str) -> ServerPatientDB:
    return ServerPatientDB.open(url, login=None, password=None, clock=clock, user=user)
