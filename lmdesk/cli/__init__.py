"""The command-line face: the same core as the GUI, headless.

Exit codes: 0 done; 1 internal error (logged); 2 bad input; 3 refused by a safety rule.
Each feature registers its commands from its own module (``COMMAND_MODULES``); this
package only parses, dispatches and maps errors to exit codes.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from lmdesk import __version__
from lmdesk.app_context import AppContext
from lmdesk.cli import assess as assess_commands
from lmdesk.cli import bedside as bedside_commands
from lmdesk.cli import db as db_commands
from lmdesk.cli import drugs as drugs_commands
from lmdesk.cli import grading as grading_commands
from lmdesk.cli import pk as pk_commands
from lmdesk.cli import scheduler as scheduler_commands
from lmdesk.cli import selftest as selftest_commands
from lmdesk.cli import sheet as sheet_commands
from lmdesk.cli import users as users_commands
from lmdesk.cli.parser import Parser, UsageError
from lmdesk.cli.server_signin import after_write, connect_for
from lmdesk.cli.signin import sign_in_for
from lmdesk.i18n import LANGUAGES, _
from lmdesk.models.errors import BadInputError, LmdeskError, SafetyRefusal

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace, AppContext], int]

# Each module has ``register(subparsers)``; its parsers set ``handler=`` via set_defaults.
COMMAND_MODULES: list[ModuleType] = [
    db_commands,
    drugs_commands,
    selftest_commands,
    scheduler_commands,
    pk_commands,
    grading_commands,
    sheet_commands,  # after scheduler_commands: adds 'course ics'
    assess_commands,
    bedside_commands,  # after scheduler_commands: adds course verify|give|hold|stop|check
    users_commands,
]

log = logging.getLogger("lmdesk.cli")


def build_parser() -> Parser:
    parser = Parser(
        prog="lmdesk",
        description=_(
            "lmdesk: intrathecal therapy decision support. Without a command, starts the GUI."
        ),
    )
    parser.add_argument("--version", action="version", version=f"lmdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=_("patient database file to use, or the ward server (postgresql://…)"),
    )
    parser.add_argument(
        "--user",
        dest="global_user",
        metavar="LOGIN",
        help=_("on the ward server: who signs in (password from a prompt or LMDESK_PASSWORD)"),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language (default: saved setting)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def one_line(message: str) -> str:
    return " ".join(str(message).split())


def run_command(args: argparse.Namespace, ctx: AppContext) -> int:
    """Run the parsed command and map lmdesk's errors to exit codes and one stderr line."""
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            raise UsageError(_("lmdesk: missing sub-command; see 'lmdesk --help'"))
        connect_for(args, ctx)  # on the ward server: the connection is the person
        sign_in_for(args, ctx)  # a writing command: --user signed in, its right checked
        code = handler(args, ctx)
        after_write(args, ctx)
        return code
    except SafetyRefusal as refusal:
        sys.stderr.write(one_line(_("REFUSED: {message}").format(message=refusal)) + "\n")
        return EXIT_REFUSED
    except BadInputError as bad:
        sys.stderr.write(one_line(str(bad)) + "\n")
        return EXIT_BAD_INPUT
    except LmdeskError as err:
        sys.stderr.write(one_line(str(err)) + "\n")
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as err:
        sys.stderr.write(one_line(_("error: {detail}").format(detail=err)) + "\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as err:
        log.exception("internal error in command %s", getattr(args, "command", "?"))
        sys.stderr.write(
            one_line(_("internal error: {detail} (details in the log)").format(detail=err)) + "\n"
        )
        return EXIT_INTERNAL


def parse(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))
