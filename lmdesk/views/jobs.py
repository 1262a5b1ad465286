"""The one background-job mechanism of every screen: work in a thread pool, outcome by signal.

``start_job(work, pool)`` runs ``work(control)`` on a pool thread. Exactly one of
``finished(result)``, ``failed(message)`` or ``cancelled()`` arrives afterwards, on the GUI
thread (the signals object lives there, so the emissions are queued to it); ``progressed``
(0-100) may come before. ``job.cancel()`` only raises a flag: the work polls
``control.cancelled()`` or calls ``control.check()`` / ``control.progress(p)``, which raise
:class:`JobCancelled` once it is up. A cancelled job never delivers a result. A started job
keeps itself alive until it has reported, even when the caller drops it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from lmdesk.models.errors import LmdeskError

log = logging.getLogger("lmdesk.gui.jobs")

#: Started jobs that have not reported yet (the pool does not own them: autoDelete off).
_RUNNING: set[Job] = set()


class JobCancelled(Exception):
    """Raised inside the work by :meth:`JobControl.check` once the job is cancelled."""


class JobSignals(QObject):
    finished = Signal(object)  # the work's return value
    failed = Signal(str)  # the error's message
    cancelled = Signal()
    progressed = Signal(int)  # 0-100


class JobControl:
    """What the work sees of its job: the cancel flag and the progress report."""

    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._last = -1

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def request_cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`JobCancelled` if the job was cancelled."""
        if self._cancel.is_set():
            raise JobCancelled

    def progress(self, percent: float) -> None:
        """Report ``percent`` done (clamped to 0-100; repeats are dropped), then check."""
        value = max(0, min(100, int(percent)))
        if value != self._last:
            self._last = value
            self._signals.progressed.emit(value)
        self.check()

    def fraction(self, done: int, total: int) -> None:
        """``progress`` as ``done`` of ``total`` steps (a page painter's callback)."""
        self.progress(100 * done / total if total else 100)


Work = Callable[[JobControl], Any]


class Job(QRunnable):
    """``work(control)`` in the pool; the outcome by ``signals`` on the GUI thread.

    ``token`` is the caller's tag (the PK view drops results of superseded requests);
    ``thread_id`` is the pool thread that ran the work (None until it starts).
    """

    def __init__(self, work: Work, *, token: int = 0, name: str = "job") -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.token = token
        self.name = name
        self.signals = JobSignals()
        self.control = JobControl(self.signals)
        self.thread_id: int | None = None
        release = _releaser(weakref.ref(self))  # no cycle: the signals hold only a weakref
        for signal in (self.signals.finished, self.signals.failed, self.signals.cancelled):
            signal.connect(release)

    def cancel(self) -> None:
        """Ask the work to stop (it polls the flag); its result will not be delivered."""
        self.control.request_cancel()

    def is_cancelled(self) -> bool:
        return self.control.cancelled()

    def start(self, pool: QThreadPool | None = None) -> Job:
        _RUNNING.add(self)
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def run(self) -> None:
        self.thread_id = threading.get_ident()
        try:
            self.control.check()
            result = self.work(self.control)
        except JobCancelled:
            self.signals.cancelled.emit()
            return
        except (LmdeskError, ValueError, OSError) as exc:
            log.warning("%s failed: %s", self.name, exc)
            self.signals.failed.emit(str(exc))
            return
        except Exception as exc:  # a worker must always report back
            log.exception("%s failed", self.name)
            self.signals.failed.emit(str(exc) or type(exc).__name__)
            return
        if self.control.cancelled():
            self.signals.cancelled.emit()
        else:
            self.signals.finished.emit(result)


def _releaser(ref: weakref.ref[Job]) -> Callable[..., None]:
    def release(*_args: object) -> None:
        # Later, after the other slots of this emission: dropping the job now could free
        # its signals object while they still run.
        QTimer.singleShot(0, lambda: _RUNNING.discard(job) if (job := ref()) else None)

    return release


def start_job(
    work: Work,
    pool: QThreadPool | None = None,
    *,
    token: int = 0,
    name: str = "job",
    on_done: Callable[[Any], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """Make a :class:`Job`, connect the given callbacks (GUI thread), start it in ``pool``."""
    job = Job(work, token=token, name=name)
    if on_done is not None:
        job.signals.finished.connect(on_done)
    if on_failed is not None:
        job.signals.failed.connect(on_failed)
    if on_progress is not None:
        job.signals.progressed.connect(on_progress)
    if on_cancelled is not None:
        job.signals.cancelled.connect(on_cancelled)
    return job.start(pool)
