"""``lmdesk user add|list|retire|password``: the ward's named users and the IT register.

On a database with no users the first ``user add`` needs no sign-in and creates the ward
administrator; after that only a ward administrator (``--user``) adds or retires users. A
new password comes from a prompt on a terminal or ``LMDESK_NEW_PASSWORD``.
"""

from __future__ import annotations

import argparse
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json, table
from lmdesk.cli.parser import iso_date
from lmdesk.cli.signin import acting, authenticate, read_new_password, user_option, users
from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.users.rights import Action
from lmdesk.models.users.roles import parse_roles
from lmdesk.models.users.user import User, login_from_name, make_user


def register(sub: Any) -> None:
    user = sub.add_parser("user", help=_("named users, their roles and the IT register"))
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help=_("add a user (the first one becomes the ward administrator)"))
    p.add_argument("--name", required=True, help=_("name in Latin script (or Chinese)"))
    p.add_argument("--name-zh", default="", metavar="NAME", help=_("name in Chinese"))
    p.add_argument(
        "--role",
        required=True,
        metavar="ROLE[,ROLE]",
        help=_("prescriber, pharmacist, nurse, admin"),
    )
    p.add_argument(
        "--register-until", type=iso_date, metavar="YYYY-MM-DD", help=_("on the IT register until")
    )
    p.add_argument("--login", help=_("login name (default: made from the name)"))
    p.add_argument("--staff-no", default="", metavar="N", help=_("staff number"))
    user_option(p, None, required=False)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_add)

    p = usub.add_parser("list", help=_("every user with roles and IT register"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_list)

    p = usub.add_parser("retire", help=_("retire a user (no more sign-in; their records stay)"))
    p.add_argument("login")
    user_option(p, Action.MANAGE_USERS)
    p.set_defaults(handler=cmd_user_retire)

    p = usub.add_parser(
        "password", help=_("set a user's password (theirs, or by an administrator)")
    )
    p.add_argument("login")
    p.add_argument(
        "--user",
        metavar="LOGIN",
        help=_("who acts (default: the user themself, with their password)"),
    )
    p.set_defaults(handler=cmd_user_password)


def user_json(u: User, ctx: AppContext) -> dict[str, Any]:
    return {
        "id": u.id,
        "login": u.login,
        "name_en": u.name_en,
        "name_zh": u.name_zh,
        "staff_no": u.staff_no,
        "roles": [r.value for r in u.role_list],
        "register_until": u.register_until.isoformat() if u.register_until else None,
        "on_register": u.on_register(ctx.clock.today()),
        "active": u.active,
    }


def cmd_user_add(args: argparse.Namespace, ctx: AppContext) -> int:
    repo = users(ctx)
    if repo.has_users() and not args.user:
        raise BadInputError(_("Sign in as a ward administrator to add users: --user LOGIN."))
    by = authenticate(ctx, args.user) if args.user else None
    name_en, name_zh = args.name.strip(), args.name_zh.strip()
    if name_en and not name_zh and not name_en.isascii():
        name_en, name_zh = "", name_en  # --name given in Chinese only
    login = args.login or login_from_name(name_en)
    new = make_user(
        login=login,
        name_en=name_en,
        name_zh=name_zh,
        staff_no=args.staff_no,
        roles=parse_roles(args.role),
        register_until=args.register_until,
    )
    saved = repo.add(new, read_new_password(), by)
    if args.json:
        emit_json(user_json(saved, ctx))
    elif by is None:
        emit(
            _("Ward administrator {name} added (login {login}, roles: {roles}).").format(
                name=saved.name(), login=saved.login, roles=saved.roles_text()
            )
        )
    else:
        emit(
            _("User {name} added (login {login}, roles: {roles}).").format(
                name=saved.name(), login=saved.login, roles=saved.roles_text()
            )
        )
    return 0


def cmd_user_list(args: argparse.Namespace, ctx: AppContext) -> int:
    everyone = users(ctx).list()
    if args.json:
        emit_json([user_json(u, ctx) for u in everyone])
        return 0
    today = ctx.clock.today()
    rows = [
        [
            u.login,
            u.name_en or "-",
            u.name_zh or "-",
            u.staff_no or "-",
            u.roles_text(),
            u.register_text(today),
            _("active") if u.active else _("retired"),
        ]
        for u in everyone
    ]
    emit(
        table(
            rows,
            [
                _("login"),
                _("name"),
                _("Chinese name"),
                _("staff no."),
                _("roles"),
                _("IT register"),
                _("status"),
            ],
        )
    )
    return 0


def cmd_user_retire(args: argparse.Namespace, ctx: AppContext) -> int:
    repo = users(ctx)
    by = acting(ctx)  # signed in and checked by run_command (right=MANAGE_USERS)
    target = repo.get_by_login(args.login)
    saved = repo.retire(target, by)
    emit(_("User {name} ({login}) retired.").format(name=saved.name(), login=saved.login))
    return 0


def cmd_user_password(args: argparse.Namespace, ctx: AppContext) -> int:
    repo = users(ctx)
    target = repo.get_by_login(args.login)
    by = authenticate(ctx, args.user or args.login)
    repo.set_password(target, read_new_password(), by)
    emit(_("Password of {login} changed.").format(login=target.login))
    return 0
