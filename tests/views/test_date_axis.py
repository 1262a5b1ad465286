"""Date-axis ticks in the app's language (the trends plot said "Feb" on a Chinese screen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lmdesk.views.assessment.trend_plot import TrendPlot, x_of
from lmdesk.views.date_axis import DAY_S, LocalDateAxis, tick_format, tick_text

FEB_3 = x_of(dt.date(2027, 2, 3))


def test_the_format_follows_the_tick_spacing() -> None:
    assert tick_format(DAY_S) == "d MMM"
    assert tick_format(7 * DAY_S) == "d MMM"
    assert tick_format(30 * DAY_S) == "MMM yyyy"
    assert tick_format(365 * DAY_S) == "yyyy"


def test_ticks_in_english() -> None:
    assert tick_text(FEB_3, 7 * DAY_S) == "3 Feb"
    assert tick_text(FEB_3, 30 * DAY_S) == "Feb 2027"
    assert tick_text(FEB_3, 365 * DAY_S) == "2027"


def test_ticks_in_chinese(zh: None) -> None:
    assert tick_text(FEB_3, 7 * DAY_S) == "2月3日"
    assert tick_text(FEB_3, 30 * DAY_S) == "2027年2月"
    assert tick_text(FEB_3, 365 * DAY_S) == "2027年"


def test_the_day_is_read_in_utc_as_the_plot_places_it() -> None:
    # midnight UTC of 1 March must not read as 28 February in a zone west of Greenwich
    assert tick_text(x_of(dt.date(2027, 3, 1)), DAY_S) == "1 Mar"


def test_every_trend_plot_axis_writes_chinese_ticks(qtbot: Any, zh: None) -> None:
    plot = TrendPlot()
    qtbot.addWidget(plot)
    for item in (plot.kps, plot.ecog, plot.markers):
        axis = item.getAxis("bottom")
        assert isinstance(axis, LocalDateAxis)
        labels = axis.tickStrings([FEB_3, FEB_3 + 7 * DAY_S], 1.0, 7 * DAY_S)
        assert labels == ["2月3日", "2月10日"]
    plot.kps.setXRange(FEB_3, FEB_3 + 3600)  # zooming in stops at days: no hour ticks
    low, high = plot.kps.getViewBox().viewRange()[0]
    assert high - low >= 3 * DAY_S - 1
