"""Python's cyclic garbage collector, run on the GUI thread only.

Left automatic, the collector runs on whichever thread happens to allocate when a generation
fills up: a background job (the Today worklist, a PK band, a backup) can then be the thread
that frees a cycle holding a widget or another Qt object, and Qt aborts the whole process
(seen in the test suite: "Fatal Python error: Aborted" while a worker was collecting). So the
automatic collector is switched off once the QApplication exists, and a timer on the GUI
thread collects instead, the same generations CPython would have collected by its own
thresholds. Reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks whether a generation is due (ms): often enough that cycles
#: do not pile up, rare enough to cost nothing when there is nothing to do.
CHECK_EVERY_MS = 500


def collect_due(thresholds: tuple[int, int, int]) -> int | None:
    """Collect the oldest generation whose count has passed its threshold (None: none due).

    CPython's own rule: generation 0 when its allocations pass the first threshold; an older
    one when the younger generation has been collected more often than its threshold.
    """
    counts = gc.get_count()
    due = None
    for generation in range(3):
        if counts[generation] > thresholds[generation]:
            due = generation
        else:
            break
    if due is not None:
        gc.collect(due)
    return due


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects from a timer on the thread it lives on."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        threshold = gc.get_threshold()
        self.thresholds = (threshold[0], threshold[1], threshold[2])
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        gc.disable()
        self._timer.start()

    def check(self) -> int | None:
        """Collect what is due now (also called by whoever knows the GUI thread is idle)."""
        return collect_due(self.thresholds)
