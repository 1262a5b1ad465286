"""``lmdesk sheet`` (print a regimen sheet to PDF) and ``lmdesk course ics`` (calendar).

Rendering needs Qt, so it is imported only when a sheet is made; ``course ics`` hangs
under the scheduler's ``course`` command (registered before this module).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit, emit_json
from lmdesk.cli.parser import positive_int
from lmdesk.cli.signin import user_option
from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.sheet.text import SHEET_LANGUAGES
from lmdesk.models.users.rights import Action


def _course_actions(sub: Any) -> Any:
    """The sub-command list of the scheduler's ``course`` parser (created if missing)."""
    course = sub.choices.get("course")
    if course is None:
        course = sub.add_parser("course", help=_("IT courses"))
        return course.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    # argparse keeps a parser's sub-command action in _actions; there is no public getter.
    return next(a for a in course._actions if isinstance(a, argparse._SubParsersAction))


def register(sub: Any) -> None:
    p = sub.add_parser("sheet", help=_("print a regimen sheet to PDF (archived)"))
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--course", type=positive_int, metavar="ID", help=_("a saved course"))
    source.add_argument(
        "--plan", metavar="PLAN.json", help=_("a plan from 'lmdesk plan --json' (not saved)")
    )
    p.add_argument("--pdf", required=True, metavar="OUT.pdf", help=_("PDF file to write"))
    p.add_argument("--lang", dest="sheet_lang", choices=SHEET_LANGUAGES, help=_("sheet language"))
    p.add_argument("--patient-name", default="", help=_("patient name for a plan sheet"))
    p.add_argument("--mrn", default="", help=_("MRN for a plan sheet"))
    p.add_argument("--json", action="store_true")
    user_option(p, Action.RECORD)
    p.set_defaults(handler=cmd_sheet)

    actions = _course_actions(sub)
    p = actions.add_parser("ics", help=_("export a course's sessions as an .ics calendar"))
    p.add_argument("id", type=positive_int)
    p.add_argument("--out", required=True, metavar="FILE.ics")
    user_option(p, Action.RECORD)
    p.set_defaults(handler=cmd_course_ics)


def _read_plan(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInputError(_("No such plan file: {path}").format(path=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadInputError(
            _("Cannot read the plan file {path}: {detail}").format(path=path, detail=exc)
        ) from None


def cmd_sheet(args: argparse.Namespace, ctx: AppContext) -> int:
    from lmdesk.printing.sheet_service import SheetService

    service = SheetService(ctx)
    if args.course is not None:
        if args.patient_name or args.mrn:
            raise BadInputError(_("--patient-name and --mrn go with --plan only."))
        job = service.for_course(args.course, args.sheet_lang)
    else:
        job = service.for_plan(_read_plan(args.plan), args.sheet_lang, args.patient_name, args.mrn)
    out = Path(args.pdf)
    archived = service.export_pdf(job, out)
    if args.json:
        emit_json(
            {
                "pdf": str(out),
                "pages": archived.pages,
                "sha256": archived.sha256,
                "archive_id": archived.id,
                "course_id": archived.course_id,
                "course_revision": archived.course_revision,
                "language": archived.language,
                "saved": job.sheet.saved,
            }
        )
    else:
        emit(
            _("Wrote {path} ({pages} pages, SHA-256 {sha}); archived as sheet {id}.").format(
                path=out, pages=archived.pages, sha=archived.sha256, id=archived.id
            )
        )
    return 0


def cmd_course_ics(args: argparse.Namespace, ctx: AppContext) -> int:
    from lmdesk.printing.sheet_service import SheetService, write_file
    from lmdesk.store.course_repo import CourseRepository

    service = SheetService(ctx)
    data = service.calendar(args.id)
    write_file(Path(args.out), data)
    CourseRepository(ctx.patients).record_calendar_export(args.id, Path(args.out).name)
    emit(_("Wrote {path}.").format(path=args.out))
    return 0
