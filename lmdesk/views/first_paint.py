"""Know when the main window has put its first frame on screen.

Start-up work that can wait (opening the patient database, the first view, backups) runs
after the first paint, so the window appears as fast as a bare Qt window. The start-up
benchmark reads the moments recorded here: ``LMDESK_STARTUP_STAMPS=FILE`` appends
``<event> <unix time>`` lines (``paint``, then ``ready``), and ``LMDESK_EXIT_AFTER_PAINT=1``
quits once the window is ready (``=all-views``: after opening every view once).
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

STAMPS_ENV = "LMDESK_STARTUP_STAMPS"
EXIT_ENV = "LMDESK_EXIT_AFTER_PAINT"


class FirstPaint(QObject):
    """Emits ``painted`` once, right after ``widget`` (or any widget inside it) first paints.

    Watches the whole application, because a widget fully covered by its children never
    gets a paint event of its own; the filter is removed after the first hit.
    """

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._app = QCoreApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._app is not None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self._widget or self._widget.isAncestorOf(watched))
        ):
            self._app.removeEventFilter(self)
            self._app = None
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
