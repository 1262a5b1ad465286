"""A date axis whose tick labels follow lmdesk's language, not the C library's locale.

pyqtgraph's ``DateAxisItem`` formats ticks with ``strftime``, which prints English month
names ("Feb") on a Chinese screen whatever language the user chose. The ticks here are
written by Qt in the app's language, at a precision that fits the tick spacing.
"""

from __future__ import annotations

import datetime as dt

import pyqtgraph as pg
from PySide6.QtCore import QDate

from lmdesk.i18n import N_, _
from lmdesk.views.courses.course_calendar import calendar_locale

DAY_S = 86400.0
#: Qt date formats, translated like any other text so each language writes dates its way.
YEAR_FORMAT = N_("yyyy")
MONTH_FORMAT = N_("MMM yyyy")
DAY_FORMAT = N_("d MMM")


def tick_format(spacing_s: float) -> str:
    """The Qt format for ticks ``spacing_s`` seconds apart (days, months or years)."""
    if spacing_s >= 300 * DAY_S:
        return YEAR_FORMAT
    if spacing_s >= 25 * DAY_S:
        return MONTH_FORMAT
    return DAY_FORMAT


def tick_text(seconds: float, spacing_s: float) -> str:
    """The label of the tick at ``seconds`` since the epoch (UTC midnight of its day)."""
    day = dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    return calendar_locale().toString(
        QDate(day.year, day.month, day.day), _(tick_format(spacing_s))
    )


class LocalDateAxis(pg.DateAxisItem):
    """Ticks on day boundaries in UTC (the plots put each day at its UTC midnight)."""

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation, utcOffset=0)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [tick_text(v, spacing) for v in values]
