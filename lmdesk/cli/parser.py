"""argparse that reports bad usage as one line and exit code 2, never a traceback."""

from __future__ import annotations

import argparse
from datetime import date
from typing import NoReturn

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError


class UsageError(BadInputError):
    """Bad command-line usage."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


#: Dates a command takes: a birth date from 1900, plans and records up to 2200 (a date near
#: the calendar's end would overflow as soon as a day is added to it).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
#: The largest whole number a command takes (ids, counts): far above any real id or count,
#: far below SQLite's 64-bit integers.
MAX_INT = 1_000_000_000


def _shown(text: str) -> str:
    """A bad value as quoted back: its first 40 characters (a pasted page stays one line)."""
    return text if len(text) <= 40 else text[:40] + "…"


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD (1900-2200) that names the bad value."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {value!r}").format(value=_shown(text))
        ) from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise argparse.ArgumentTypeError(
            _("a date from {lo} to {hi}: {value!r}").format(
                lo=EARLIEST_DATE.year, hi=LATEST_DATE.year, value=_shown(text)
            )
        )
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a number: {value!r}").format(value=_shown(text))
        ) from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(
            _("must be a positive number: {value!r}").format(value=_shown(text))
        )
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:  # also more digits than int() reads (ValueError past 4300)
        raise argparse.ArgumentTypeError(
            _("not a whole number: {value!r}").format(value=_shown(text))
        ) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(
            _("must be a positive whole number: {value!r}").format(value=_shown(text))
        )
    if value > MAX_INT:
        raise argparse.ArgumentTypeError(
            _("must be at most {max}: {value!r}").format(max=MAX_INT, value=_shown(text))
        )
    return value
