"""``lmdesk db init-server URL`` and ``lmdesk db copy-to URL``: setting a ward up, moving it in.

Both run as the PostgreSQL role the URL names (one that may create databases and roles; its
password from the URL, ``PGPASSWORD`` or ``~/.pgpass``, as libpq reads them), never as a
clinician. ``init-server`` creates or upgrades; ``copy-to`` needs a new, empty ward database.
"""

from __future__ import annotations

import argparse
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json
from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError


def register(dbsub: Any) -> None:
    p = dbsub.add_parser(
        "init-server",
        help=_("create or upgrade the ward database on PostgreSQL, its roles and first admin"),
    )
    p.add_argument("url", metavar="URL", help=_("postgresql://host:5432/lmdesk (libpq form)"))
    p.add_argument("--admin", metavar="LOGIN", help=_("the first ward administrator's login"))
    p.add_argument("--name-en", default="", help=_("the administrator's name in English"))
    p.add_argument("--name-zh", default="", help=_("the administrator's name in Chinese"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init_server)

    p = dbsub.add_parser(
        "copy-to",
        help=_("copy this workstation's patient database into a new ward database, then check"),
    )
    p.add_argument("url", metavar="URL", help=_("the ward database (set up by init-server)"))
    p.add_argument(
        "--admin",
        metavar="LOGIN",
        required=True,
        help=_("a ward administrator of the file who signs in first (new password)"),
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_copy_to)


def _server_url(text: str) -> str:
    from lmdesk.store.server.url import is_server_url

    if not is_server_url(text):
        raise BadInputError(
            _("{url} is not a PostgreSQL address (postgresql://host:port/database).").format(
                url=text
            )
        )
    return text.strip()


def cmd_init_server(args: argparse.Namespace, ctx: AppContext) -> int:
    from lmdesk.cli.signin import read_new_password
    from lmdesk.models.users.roles import Role
    from lmdesk.models.users.user import User
    from lmdesk.paths import make_private_dir
    from lmdesk.store.server.copy_in import open_as_owner
    from lmdesk.store.server.setup import upgrade_schema
    from lmdesk.store.server.url import shown_url
    from lmdesk.store.users_repo import UsersRepository

    url = _server_url(args.url)
    make_private_dir(ctx.paths.backups_dir)
    report = upgrade_schema(url, ctx.paths.backups_dir, ctx.clock)
    owner = open_as_owner(url, ctx.clock, ctx.user_label)
    admin_login = ""
    try:
        users = UsersRepository(owner)
        if args.admin and not users.has_users():
            password = read_new_password()
            admin = users.add(
                User(
                    login=args.admin,
                    name_en=args.name_en,
                    name_zh=args.name_zh,
                    roles=frozenset({Role.ADMIN}),
                ),
                password,
                None,
            )
            admin_login = admin.login
        elif args.admin:
            raise BadInputError(
                _("The ward database has users already; its administrators add more.")
            )
    finally:
        owner.close()
    where = shown_url(url)
    if args.json:
        emit_json(
            {
                "server": where,
                "created_database": report.created_database,
                "from_version": report.from_version,
                "schema_version": report.to_version,
                "backup": str(report.backup) if report.backup else None,
                "admin": admin_login or None,
            }
        )
        return 0
    if report.created_database:
        emit(_("Created the ward database {where}.").format(where=where))
    emit(
        _("Schema version {to} (was {found}).").format(
            to=report.to_version, found=report.from_version
        )
    )
    if report.backup:
        emit(_("Backup before upgrading: {path}").format(path=report.backup))
    if admin_login:
        emit(_("First ward administrator: {login}").format(login=admin_login))
    return 0


def cmd_copy_to(args: argparse.Namespace, ctx: AppContext) -> int:
    import sys

    from lmdesk.cli.signin import read_new_password
    from lmdesk.store.audit_key import default_key_file, load_or_create_key
    from lmdesk.store.server.copy_in import copy_sqlite_to_server, open_as_owner
    from lmdesk.store.server.url import shown_url
    from lmdesk.store.users_repo import UsersRepository

    url = _server_url(args.url)
    source = ctx.paths.patient_db
    key = load_or_create_key(default_key_file())
    owner = open_as_owner(url, ctx.clock, ctx.user_label)
    try:
        tty = sys.stderr.isatty()

        def progress(table: str, rows: int) -> None:
            if tty:
                sys.stderr.write(f"\r{table}: {rows}")
                sys.stderr.flush()

        report = copy_sqlite_to_server(source, owner, key, progress)
        if tty:
            sys.stderr.write("\r\033[K")
        users = UsersRepository(owner)
        admin = users.find(args.admin)
        from lmdesk.models.users.roles import Role

        if admin is None or Role.ADMIN not in admin.roles or not admin.active:
            raise BadInputError(
                _("{login} is not an active ward administrator in {path}.").format(
                    login=args.admin, path=source
                )
            )
        with owner.transaction():
            owner.sync_account(admin, read_new_password(), None)
    finally:
        owner.close()
    if args.json:
        emit_json(
            {
                "source": str(source),
                "server": shown_url(url),
                "row_counts": report.counts,
                "audit_rows_checked": report.audit_rows_checked,
                "problems": report.problems,
                "ok": report.ok,
            }
        )
    else:
        emit(_("Copied {path} to {where}.").format(path=source, where=shown_url(url)))
        for table, count in report.counts.items():
            emit(f"  {table}: {count}")
        for problem in report.problems:
            emit(_("NOT as in the file: {problem}").format(problem=problem))
        if report.ok:
            emit(
                _("Checked: every table's rows and the audit trail ({n} rows) are intact.").format(
                    n=report.audit_rows_checked
                )
            )
    return 0 if report.ok else 2
