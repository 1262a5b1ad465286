"""Stored moments shown in the workstation's local time, with the zone named once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from lmdesk.i18n import set_language
from lmdesk.models.local_time import (
    local_time_caption,
    local_time_text,
    parse_moment,
    zone_text,
)

SHANGHAI = timezone(timedelta(hours=8), "CST")
NEW_YORK_WINTER = timezone(timedelta(hours=-5), "EST")


def test_utc_moment_shown_in_the_ward_zone() -> None:
    assert local_time_text("2026-11-27T10:56:14+00:00", SHANGHAI) == "2026-11-27 18:56"


def test_moment_crossing_midnight_changes_the_day() -> None:
    assert local_time_text("2026-11-27T20:30:00+00:00", SHANGHAI) == "2026-11-28 04:30"
    assert local_time_text("2026-11-27T02:00:00+00:00", NEW_YORK_WINTER) == "2026-11-26 21:00"


def test_datetime_objects_are_converted_too() -> None:
    moment = datetime(2026, 11, 27, 10, 56, tzinfo=UTC)
    assert local_time_text(moment, SHANGHAI) == "2026-11-27 18:56"


def test_moment_without_offset_is_local_wall_clock_already() -> None:
    assert local_time_text("2026-11-27T10:56:14", SHANGHAI) == "2026-11-27 10:56"


def test_text_that_is_not_a_moment_is_shown_as_it_is() -> None:
    assert parse_moment("yesterday") is None
    assert local_time_text("yesterday", SHANGHAI) == "yesterday"


def test_zone_named_with_offset_and_abbreviation() -> None:
    assert zone_text(SHANGHAI, datetime(2026, 12, 1, tzinfo=UTC)) == "UTC+08:00 (CST)"
    assert zone_text(NEW_YORK_WINTER, datetime(2026, 12, 1, tzinfo=UTC)) == "UTC-05:00 (EST)"


def test_zone_without_an_abbreviation_is_its_offset() -> None:
    assert zone_text(UTC, datetime(2026, 12, 1, tzinfo=UTC)) == "UTC+00:00"
    odd = timezone(timedelta(hours=5, minutes=45))
    assert zone_text(odd, datetime(2026, 12, 1, tzinfo=UTC)) == "UTC+05:45"


def test_caption_in_both_languages() -> None:
    at = datetime(2026, 12, 1, tzinfo=UTC)
    assert local_time_caption(SHANGHAI, at) == "Times are local time, UTC+08:00 (CST)."
    set_language("zh_CN")
    assert local_time_caption(SHANGHAI, at) == "时间均为本地时间（UTC+08:00 (CST)）。"


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    ),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_round_trip_through_iso_keeps_the_instant(moment: datetime, minutes: int) -> None:
    zone = timezone(timedelta(minutes=minutes))
    shown = local_time_text(moment.isoformat(), zone)
    expected = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    assert shown == expected
