"""``lmdesk db ...``: where the patient DB is, check it, back it up, restore it, build reference.

These commands take no ``--user``: they change no patient record (a backup copies the file,
``verify-audit`` and ``check`` read it), and ``restore`` is the recovery path for a database
that may not open at all, so no sign-in against it is possible; it is guarded by access to
the workstation's files, which hold the backups anyway.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json
from lmdesk.i18n import N_, _
from lmdesk.models.errors import BadInputError
from lmdesk.paths import make_private_dir, reference_sources_dir
from lmdesk.store.backup import backup_name
from lmdesk.store.errors import DamagedDatabaseError
from lmdesk.store.fs_check import network_warning
from lmdesk.store.reference_build import build_reference
from lmdesk.store.restore import restore_database

#: The patient database's tables as ``db check`` names them (JSON keeps the table names).
TABLE_LABELS: dict[str, str] = {
    "adverse_events": N_("adverse events"),
    "assessments": N_("assessments"),
    "audit": N_("audit"),
    "course_sessions": N_("course sessions"),
    "courses": N_("courses"),
    "custom_protocols": N_("custom protocols"),
    "db_meta": N_("database metadata"),
    "holidays": N_("holidays"),
    "lab_results": N_("lab results"),
    "medications": N_("antithrombotic medications"),
    "patients": N_("patients"),
    "sheet_archive": N_("archived sheets"),
    "ward_policy": N_("ward policy values"),
    "users": N_("users"),
    "ward_settings": N_("ward settings"),
    "lmdesk_schema": N_("schema version (ward server)"),
    "ward_reference": N_("reference data version (ward server)"),
    "ward_secret": N_("audit signing key (ward server)"),
}


def table_text(table: str) -> str:
    """A table in the reader's words; a table added later shows its name until labelled."""
    label = TABLE_LABELS.get(table)
    return _(label) if label else table


def integrity_text(result: str) -> str:
    """SQLite's ``ok`` in the reader's language; a problem is shown as SQLite words it."""
    return _("ok") if result == "ok" else result


def register(sub: Any) -> None:
    db = sub.add_parser("db", help=_("patient and reference databases"))
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    p = dbsub.add_parser("path", help=_("print where the patient database lives"))
    p.set_defaults(handler=cmd_path)

    p = dbsub.add_parser("check", help=_("schema version, integrity check and row counts"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = dbsub.add_parser("backup", help=_("write a consistent copy of the patient database"))
    p.add_argument("file", nargs="?", help=_("target file (default: the backups folder)"))
    p.set_defaults(handler=cmd_backup)

    p = dbsub.add_parser("restore", help=_("replace the patient database with a backup"))
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help=_("do not ask before replacing"))
    p.set_defaults(handler=cmd_restore)

    p = dbsub.add_parser("build-reference", help=_("rebuild the reference database from sources"))
    p.add_argument("--out", help=_("target file (default: the shipped data/lm.sqlite)"))
    p.set_defaults(handler=cmd_build_reference)

    p = dbsub.add_parser(
        "verify-audit",
        help=_("check the audit trail: its chain, its anchors outside the DB, the data rows"),
    )
    p.set_defaults(handler=cmd_verify_audit)

    p = dbsub.add_parser(
        "accept-loss",
        help=_("keep using a database that lost its last saved changes (audited)"),
    )
    p.add_argument("--yes", action="store_true", help=_("confirm: the loss is accepted"))
    p.set_defaults(handler=cmd_accept_loss)

    from lmdesk.cli.db_server import register as register_server_commands

    register_server_commands(dbsub)


def _where(ctx: AppContext) -> str:
    """The patient database as said to the user: the file, or the ward server's address."""
    if ctx.server_url is not None:
        from lmdesk.store.server.url import shown_url

        return shown_url(ctx.server_url)
    return str(ctx.paths.patient_db)


def _refuse_on_server(ctx: AppContext, what: str) -> None:
    if ctx.on_server:
        raise BadInputError(
            _("{what} is for a workstation's own file; the ward server: see the README.").format(
                what=what
            )
        )


def cmd_path(args: argparse.Namespace, ctx: AppContext) -> int:
    emit(_where(ctx))
    return 0


def cmd_check(args: argparse.Namespace, ctx: AppContext) -> int:
    report = ctx.patients.check()
    warning = None if ctx.on_server else network_warning(ctx.paths.patient_db)
    if args.json:
        emit_json(
            {
                "path": _where(ctx),
                "schema_version": report.schema_version,
                "integrity": report.integrity,
                "row_counts": report.row_counts,
                "network_fs_warning": warning,
            }
        )
    else:
        emit(_("Patient database: {path}").format(path=_where(ctx)))
        emit(_("Schema version: {version}").format(version=report.schema_version))
        emit(_("Integrity check: {result}").format(result=integrity_text(report.integrity)))
        for table, count in report.row_counts.items():
            emit(f"  {table_text(table)}: {count}")
        if warning:
            emit(warning)
    if report.integrity == "ok":
        return 0
    raise DamagedDatabaseError(ctx.paths.patient_db, report.integrity, _newest(ctx))


def _newest(ctx: AppContext) -> Path | None:
    from lmdesk.store.backup import newest_good_backup

    return newest_good_backup(ctx.paths.backups_dir)


def cmd_backup(args: argparse.Namespace, ctx: AppContext) -> int:
    if args.file:
        target = Path(args.file)
        if target.exists():
            raise BadInputError(_("{path} exists; choose a new file name").format(path=target))
    elif ctx.server_url is not None:
        from lmdesk.store.server.url import database_name

        make_private_dir(ctx.paths.backups_dir)
        name = backup_name(database_name(ctx.server_url), ctx.clock.now(), "manual")
        target = ctx.paths.backups_dir / (Path(name).stem + ".dump")
    else:
        make_private_dir(ctx.paths.backups_dir)
        target = ctx.paths.backups_dir / backup_name(
            ctx.paths.patient_db.stem, ctx.clock.now(), "manual"
        )
    made = ctx.patients.backup(target)
    emit(_("Backup written: {path}").format(path=made))
    return 0


def cmd_restore(args: argparse.Namespace, ctx: AppContext) -> int:
    _refuse_on_server(ctx, "db restore")
    source = Path(args.file)
    if not args.yes:
        if not sys.stdin.isatty():
            raise BadInputError(_("restore replaces the patient database; add --yes to confirm"))
        answer = input(
            _("Replace {db} with {file}? The current database is backed up first. [y/N] ").format(
                db=ctx.paths.patient_db, file=source
            )
        )
        if answer.strip().lower() not in ("y", "yes", "是"):
            emit(_("Nothing changed."))
            return 0
    safety_copy = restore_database(
        ctx.paths.patient_db, source, ctx.paths.backups_dir, ctx.clock, user=ctx.user_label
    )
    emit(
        _("Restored {file}. The previous database was saved as {copy}.").format(
            file=source, copy=safety_copy or "-"
        )
    )
    return 0


def cmd_build_reference(args: argparse.Namespace, ctx: AppContext) -> int:
    target = Path(args.out) if args.out else ctx.paths.reference_db
    build_reference(reference_sources_dir(), target)
    emit(_("Reference database written: {path}").format(path=target))
    return 0


def cmd_verify_audit(args: argparse.Namespace, ctx: AppContext) -> int:
    """Exit 0 when intact; 2 with one line per finding (stdout) and a summary (stderr)."""
    report = ctx.patients.verify_trail()
    if report.ok:
        emit(
            _("Audit trail intact: {n} rows checked, head {head}.").format(
                n=report.rows_checked, head=report.head_hash[:12]
            )
        )
        return 0
    for finding in report.findings:
        emit(_("Audit trail NOT intact: {problem}").format(problem=finding.message))
    summary = _("Audit trail NOT intact: {n} problem(s) found in {rows} rows.").format(
        n=len(report.findings), rows=report.rows_checked
    )
    sys.stderr.write(" ".join(summary.split()) + "\n")
    return 2


def cmd_accept_loss(args: argparse.Namespace, ctx: AppContext) -> int:
    from lmdesk.store.audit_key import default_key_file, load_or_create_key
    from lmdesk.store.lineage import accept_loss

    _refuse_on_server(ctx, "db accept-loss")
    if not args.yes:
        raise BadInputError(
            _("accept-loss keeps the database without its lost changes; add --yes to confirm")
        )
    if not ctx.paths.patient_db.is_file():
        raise BadInputError(_("no database at {path}").format(path=ctx.paths.patient_db))
    key = load_or_create_key(default_key_file())
    marker = accept_loss(ctx.paths.patient_db, ctx.clock, ctx.user_label, key)
    emit(
        _("Accepted: the database continues from audit row {row}; the loss is recorded.").format(
            row=marker.head_id
        )
    )
    return 0
