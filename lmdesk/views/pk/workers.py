"""Run slow PK work (Monte-Carlo band, fitting, CSV export) off the GUI thread.

Each job carries a token; the view drops results whose token is no longer the latest,
so a fast series of what-if edits never paints a stale band.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from lmdesk.models.errors import LmdeskError

log = logging.getLogger(__name__)


class JobSignals(QObject):
    finished = Signal(int, object)  # token, result
    failed = Signal(int, str)  # token, message


class Job(QRunnable):
    """Call ``work()`` in the pool and report the result (or the error) by signal."""

    def __init__(self, token: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self.token = token
        self.work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.work()
        except (LmdeskError, ValueError, OSError) as exc:
            self.signals.failed.emit(self.token, str(exc))
            return
        except Exception as exc:  # a worker must always report back
            log.exception("PK job failed")
            self.signals.failed.emit(self.token, str(exc))
            return
        self.signals.finished.emit(self.token, result)
