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


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD that names the bad value."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {value!r}").format(value=text)
        ) from None


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {value!r}").format(value=text)) from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(
            _("must be a positive number: {value!r}").format(value=text)
        )
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {value!r}").format(value=text)
        ) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(
            _("must be a positive whole number: {value!r}").format(value=text)
        )
    return value
