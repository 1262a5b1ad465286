"""Cycles are freed on the GUI thread, never on a worker (a worker that happened to run the
collector while a widget was in a cycle aborted the whole process: views/gui_gc.py)."""

from __future__ import annotations

import gc
import threading
from typing import Any, ClassVar

from PySide6.QtWidgets import QApplication

from lmdesk.views.gui_gc import GuiThreadCollector, collect_due
from lmdesk.views.jobs import JobControl, start_job


class _Cycle:
    """Half of a reference cycle that notes the thread it was freed on."""

    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.other: _Cycle | None = None

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def test_the_application_turns_automatic_collection_off(lmdesk_app: QApplication) -> None:
    assert lmdesk_app.findChild(GuiThreadCollector) is not None
    assert not gc.isenabled()


def test_a_cycle_dropped_while_a_worker_allocates_is_freed_on_the_gui_thread(
    qtbot: Any,
) -> None:
    _Cycle.freed_on.clear()
    gc.collect(0)  # the cycle below is made in an empty youngest generation
    first, second = _Cycle(), _Cycle()
    first.other, second.other = second, first
    del first, second

    def allocate(control: JobControl) -> list[list[int]]:
        # far past the youngest generation's threshold: an automatic collector would run here;
        # kept alive (returned) so the count stays up until the GUI thread collects
        return [[index] for index in range(200_000)]

    done: list[list[list[int]]] = []
    start_job(allocate, name="allocate", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    qtbot.waitUntil(lambda: len(_Cycle.freed_on) == 2, timeout=5_000)  # the timer collects
    assert set(_Cycle.freed_on) == {threading.main_thread().ident}


def test_only_a_generation_past_its_threshold_is_collected() -> None:
    assert collect_due((10**9, 10**9, 10**9)) is None
    assert collect_due((-1, 10**9, 10**9)) == 0
    assert collect_due((-1, -1, -1)) == 2
