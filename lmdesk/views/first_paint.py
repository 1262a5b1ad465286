"""Know when the main window has put its first frame on screen.

Start-up work that can wait (opening the patient database, the first view, backups) runs
after the first paint, so the window appears as fast as a bare Qt window. The start-up
benchmark reads the moments recorded here: ``LMDESK_STARTUP_STAMPS=FILE`` appends
``<event> <unix time>`` lines (``paint``, ``ready``, then ``loaded``), and
``LMDESK_EXIT_AFTER_PAINT=1`` quits once the first view is loaded (``=all-views``: after
opening every view once).
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

STAMPS_ENV = "LMDESK_STARTUP_STAMPS"
EXIT_ENV = "LMDESK_EXIT_AFTER_PAINT"


class FirstPaint(QObject):
    """Emits ``painted`` once, right after ``widget`` (or a widget inside it) next paints.

    Qt paints every dirty widget of a window in one pass before it returns to the event
    loop, so one painted widget stands for the frame. What is watched:

    - a window: itself (it always paints its own background);
    - a widget with a visible focus proxy (a view's input field, e.g. the drug search box):
      that proxy too, so "painted" means the widget the user types into is on screen;
    - any other widget: its descendants too (those it has now), because a widget fully
      covered by its children never gets a paint event of its own.

    Never the whole application: a Python filter there sees every event of every object
    during start-up, and making Python wrappers for them all cost about 25 ms before the
    first frame; watching every descendant of the drug screen cost about 5 ms.
    """

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        proxy = widget.focusProxy()
        if widget.isWindow():
            inside: list[QWidget] = []
        elif proxy is not None and proxy.isVisibleTo(widget):
            inside = [proxy]
        else:
            inside = widget.findChildren(QWidget)
        self._watched: list[QWidget] = [widget, *inside]
        for watched in self._watched:
            watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._watched and event.type() == QEvent.Type.Paint:
            for each in self._watched:
                each.removeEventFilter(self)
            self._watched = []
            # Queued: runs once this frame (children included) is painted and flushed.
            QTimer.singleShot(0, self.painted.emit)
        return False


def record_stamp(event: str, environ: dict[str, str] | None = None) -> None:
    """Append ``event`` and the wall-clock time to the stamps file, if one is asked for."""
    target = (os.environ if environ is None else environ).get(STAMPS_ENV)
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"{event} {time.time():.6f}\n")
    except OSError:
        pass  # a benchmark aid must never disturb the app


def exit_after_paint_requested(environ: dict[str, str] | None = None) -> bool:
    return bool((os.environ if environ is None else environ).get(EXIT_ENV))


def open_every_view_requested(environ: dict[str, str] | None = None) -> bool:
    """``LMDESK_EXIT_AFTER_PAINT=all-views``: open each view once before quitting (peak RSS)."""
    return (os.environ if environ is None else environ).get(EXIT_ENV) == "all-views"
