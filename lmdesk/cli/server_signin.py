"""On the ward server every command is a person: ``--user`` connects as their own role.

A reading command signs in too (``lmdesk --user LOGIN --db postgresql://… patients``); a
writing command's own ``--user`` does the same. Before a write, a workstation whose reference
data differs from what the ward database was last written with says so on stderr; after a
write it records its own version (the next workstation then compares with it).
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.users.user import login_key

#: Commands that never open the patient database (no sign-in needed for them).
NO_PATIENT_DB = {
    ("db", "init-server"),
    ("db", "copy-to"),
    ("db", "path"),
    ("db", "build-reference"),
    ("drugs", None),
    ("drug", None),
    ("protocols", None),
    ("grade", None),
    ("pk", None),
    ("selftest", None),
}


def _needs_patient_db(args: argparse.Namespace) -> bool:
    command = getattr(args, "command", None)
    sub = getattr(args, "db_command", None) if command == "db" else None
    return (command, sub) not in NO_PATIENT_DB and (command, None) not in NO_PATIENT_DB


def connect_for(args: argparse.Namespace, ctx: AppContext) -> None:
    """Set who the ward-server connection is, before anything opens it."""
    if not ctx.on_server or not _needs_patient_db(args) or ctx.server_login is not None:
        return
    from lmdesk.cli.signin import PASSWORD_ENV, read_secret

    login = getattr(args, "user", None) or getattr(args, "global_user", None)
    if not login:
        if urlsplit(ctx.server_url or "").username:
            return  # the URL names the role (an administrator's script, the owner)
        raise BadInputError(
            _(
                "On the ward server every command signs in: add --user LOGIN (password from "
                "a prompt or LMDESK_PASSWORD)."
            )
        )
    password = read_secret(PASSWORD_ENV, _("Password for {login}: ").format(login=login))
    ctx.server_login = (login_key(login), password)
    warn_reference(args, ctx)


def warn_reference(args: argparse.Namespace, ctx: AppContext) -> None:
    """Say so before writing when this workstation's reference data is not the ward's."""
    if getattr(args, "right", None) is None:
        return
    from lmdesk.store.server.ward_db import ServerPatientDB

    pdb = ctx.patients
    if not isinstance(pdb, ServerPatientDB):
        return
    ward = pdb.reference_written_with()
    mine = ctx.reference.content_version
    if ward is not None and ward != mine:
        sys.stderr.write(
            _(
                "warning: this workstation's reference data is {mine}; the ward database was "
                "last written with {ward}. Update lmdesk on the workstations that differ."
            ).format(mine=mine, ward=ward)
            + "\n"
        )


def after_write(args: argparse.Namespace, ctx: AppContext) -> None:
    """After a writing command on the server: record the reference version it wrote with."""
    if not ctx.on_server or getattr(args, "right", None) is None or not ctx.patients_opened():
        return
    from lmdesk.store.server.ward_db import ServerPatientDB

    pdb = ctx.patients
    mine = ctx.reference.content_version
    if isinstance(pdb, ServerPatientDB) and pdb.reference_written_with() != mine:
        pdb.record_reference(mine)
