"""The one background-job mechanism: result, error, cancel and progress, on the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from lmdesk.models.errors import BadInputError
from lmdesk.views.jobs import Job, JobCancelled, JobControl, start_job


def test_the_result_comes_by_signal_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[Any, int]] = []
    pool = QThreadPool()
    job = start_job(
        lambda control: 6 * 7,
        pool,
        on_done=lambda result: seen.append((result, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    pool.waitForDone()
    assert seen == [(42, threading.get_ident())]
    assert job.thread_id is not None and job.thread_id != threading.get_ident()


def test_an_error_comes_by_signal_as_its_message(qtbot: QtBot) -> None:
    def work(control: JobControl) -> None:
        raise BadInputError("the disk is full")

    job = Job(work, name="test")
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        job.start(QThreadPool())
    assert blocker.args == ["the disk is full"]


def test_an_unexpected_error_is_reported_too(qtbot: QtBot) -> None:
    def work(control: JobControl) -> None:
        raise KeyError("boom")

    job = Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        job.start(QThreadPool())
    assert "boom" in blocker.args[0]


def test_progress_arrives_in_order_before_the_result(qtbot: QtBot) -> None:
    events: list[object] = []

    def work(control: JobControl) -> str:
        for done in range(1, 5):
            control.fraction(done, 4)
        control.progress(100)  # a repeat is not sent again
        return "done"

    pool = QThreadPool()
    start_job(work, pool, on_progress=events.append, on_done=events.append)
    qtbot.waitUntil(lambda: "done" in events, timeout=5000)
    assert events == [25, 50, 75, 100, "done"]


def test_cancel_stops_a_polling_job_and_delivers_no_result(qtbot: QtBot) -> None:
    started = threading.Event()
    results: list[object] = []

    def work(control: JobControl) -> str:
        started.set()
        while not control.cancelled():
            threading.Event().wait(0.005)
        control.check()
        return "never"

    pool = QThreadPool()
    job = Job(work)
    job.signals.finished.connect(results.append)
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        job.start(pool)
        assert started.wait(5)
        job.cancel()
    pool.waitForDone()
    assert job.is_cancelled() and results == []


def test_a_job_cancelled_before_it_runs_never_calls_its_work(qtbot: QtBot) -> None:
    called: list[bool] = []
    job = Job(lambda control: called.append(True))
    job.cancel()
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        job.start(QThreadPool())
    assert called == []


def test_finishing_after_a_cancel_still_reports_cancelled(qtbot: QtBot) -> None:
    gate = threading.Event()

    def work(control: JobControl) -> int:
        gate.wait(5)
        return 1  # never polls the flag

    pool = QThreadPool()  # held: a dropped pool waits for its jobs when it is deleted
    job = Job(work)
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        job.start(pool)
        job.cancel()
        gate.set()


def test_progress_raises_once_cancelled() -> None:
    job = Job(lambda control: None)
    job.cancel()
    with pytest.raises(JobCancelled):
        job.control.progress(10)
