"""Session status colours (red is kept for danger, so no status is red)."""

from __future__ import annotations

from PySide6.QtGui import QColor

STATUS_COLOURS: dict[str, str] = {
    "planned": "#dbe9ff",
    "given": "#d5f5dc",
    "held": "#ffe8c2",
    "cancelled": "#e4e4e4",
    "delayed": "#eadcff",
}
#: A session of a default schedule nobody has confirmed yet (caution, not danger).
UNCONFIRMED_COLOUR = "#fff3a8"


def status_colour(status: str) -> QColor:
    return QColor(STATUS_COLOURS.get(status, "#ffffff"))
