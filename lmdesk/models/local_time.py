"""Times as the ward reads them: the workstation's local time, with the zone named once.

Moments are stored as ISO 8601 with their UTC offset (``2026-11-27T10:56:14+00:00``); a
screen shows ``2026-11-27 18:56`` and says once, e.g. in a caption, which zone that is.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from lmdesk.i18n import N_, _

LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M"

# Dates are shown with their weekday; these are the marked short names (translate with _()).
WEEKDAYS: tuple[str, ...] = (
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
)


def parse_moment(moment: datetime | str) -> datetime | None:
    """A stored moment as a datetime, or None if it is not an ISO 8601 moment."""
    if isinstance(moment, datetime):
        return moment
    try:
        return datetime.fromisoformat(moment.strip())
    except ValueError:
        return None


def to_local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """``moment`` in ``zone`` (the workstation's zone when None).

    A moment without an offset was written as local wall-clock time and is left as it is.
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def local_time_text(moment: datetime | str, zone: tzinfo | None = None) -> str:
    """``YYYY-MM-DD HH:MM`` in local time; text that is not a moment is shown as it is."""
    parsed = parse_moment(moment)
    if parsed is None:
        return str(moment)
    return to_local(parsed, zone).strftime(LOCAL_TIME_FORMAT)


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_text(zone: tzinfo | None = None, at: datetime | None = None) -> str:
    """The zone's offset and abbreviation at ``at`` (now when None): ``UTC+08:00 (CST)``."""
    moment = to_local(at or datetime.now().astimezone(), zone)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    offset = moment.utcoffset() or timedelta(0)
    label = _offset_text(offset)
    name = moment.tzname() or ""
    if name and name != label and not name.startswith(("+", "-", "UTC")):
        return f"{label} ({name})"
    return label


def local_time_caption(zone: tzinfo | None = None, at: datetime | None = None) -> str:
    """The one line that names the zone of every time on a screen."""
    return _("Times are local time, {zone}.").format(zone=zone_text(zone, at))
