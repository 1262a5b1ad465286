"""Composition root: arguments -> paths -> settings/language -> logging -> GUI or command."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lmdesk.paths import AppPaths
    from lmdesk.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # lmdesk uses no pydantic plugins; skipping their entry-point scan saves ~50 ms of start-up
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    from lmdesk.i18n import LANGUAGES, choose_language, set_language
    from lmdesk.paths import AppPaths
    from lmdesk.settings import load_settings
    from lmdesk.store.server.url import is_server_url

    pre_db, pre_lang = _pre_parse(args_list)
    server_url = pre_db if is_server_url(pre_db) else None
    paths = AppPaths.resolve(None if server_url else pre_db)
    settings = load_settings(paths.settings_file)
    if pre_db is None and is_server_url(settings.ward_server):
        server_url = settings.ward_server.strip()
    language = choose_language(pre_lang, settings.language)
    set_language(language)

    if _only_global_options(args_list) and pre_lang in (None, *LANGUAGES):
        return _start_gui(paths, settings, language, server_url)  # no CLI built: faster start

    from lmdesk.cli import EXIT_BAD_INPUT, one_line, parse, run_command
    from lmdesk.cli.parser import UsageError

    try:
        args = parse(args_list)
    except UsageError as err:
        sys.stderr.write(one_line(str(err)) + "\n")
        return EXIT_BAD_INPUT

    from lmdesk.app_context import AppContext
    from lmdesk.logging_setup import setup_logging

    setup_logging(paths.logs_dir)
    ctx = AppContext(paths=paths, settings=settings, language=language, server_url=server_url)
    try:
        if args.command is None:
            from lmdesk.views.app import run_gui

            return run_gui(ctx)
        return run_command(args, ctx)
    finally:
        ctx.close()


def _start_gui(paths: AppPaths, settings: Settings, language: str, server_url: str | None) -> int:
    from lmdesk.app_context import AppContext
    from lmdesk.logging_setup import hold_records, release_held_records
    from lmdesk.views.app import run_gui

    hold_records()  # the log file opens right after the first paint (run_gui)
    ctx = AppContext(paths=paths, settings=settings, language=language, server_url=server_url)
    try:
        return run_gui(ctx)
    finally:
        ctx.close()
        release_held_records(paths.logs_dir)


def _only_global_options(argv: list[str]) -> bool:
    """True when ``argv`` holds nothing but ``--db``/``--lang`` (with values): start the GUI."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--db", "--lang") and rest:
            rest.pop(0)
        elif not arg.startswith(("--db=", "--lang=")):
            return False
    return True


def _pre_parse(argv: list[str]) -> tuple[str | None, str | None]:
    """Find --db and --lang before the full parser exists (its help text is translated)."""
    db = lang = None
    for i, arg in enumerate(argv):
        for flag in ("--db", "--lang"):
            value = None
            if arg == flag and i + 1 < len(argv):
                value = argv[i + 1]
            elif arg.startswith(flag + "="):
                value = arg.split("=", 1)[1]
            if value is not None:
                if flag == "--db":
                    db = value
                else:
                    lang = value
    return db, lang


if __name__ == "__main__":
    sys.exit(main())
