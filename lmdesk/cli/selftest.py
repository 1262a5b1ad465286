"""``lmdesk selftest``."""

from __future__ import annotations

import argparse
from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.cli.output import emit
from lmdesk.i18n import _
from lmdesk.selftest import run_selftest


def register(sub: Any) -> None:
    p = sub.add_parser("selftest", help=_("check that every part of lmdesk works on this machine"))
    p.add_argument("--no-views", action="store_true", help=_("skip building the views"))
    p.set_defaults(handler=cmd_selftest)


def cmd_selftest(args: argparse.Namespace, ctx: AppContext) -> int:
    ok = run_selftest(ctx, emit, with_views=not args.no_views)
    emit(_("selftest passed") if ok else _("selftest FAILED"))
    return 0 if ok else 1
