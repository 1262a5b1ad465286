"""Work over a second shows a progress bar with Cancel; quick work shows nothing."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from lmdesk.views.jobs import Job, JobControl
from lmdesk.views.progress import JobProgress


def _slow_job(release: threading.Event) -> Job:
    def work(control: JobControl) -> str:
        for step in range(1000):
            if release.wait(0.01):
                return "done"
            control.progress(step / 10)  # raises JobCancelled once cancelled
        return "done"

    return Job(work, name="slow")


def test_a_slow_job_shows_its_bar_and_cancel_stops_it(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    progress = JobProgress(host, delay_ms=100)
    host.show()
    release = threading.Event()
    job = _slow_job(release)
    progress.watch(job, "Preparing the sheet")
    job.start()
    assert progress.isHidden()  # not before the delay
    qtbot.waitUntil(progress.isVisible, timeout=5000)
    assert progress.cancel_button.isVisible()
    qtbot.waitUntil(lambda: progress.bar.maximum() == 100 and progress.bar.value() > 0)
    with qtbot.waitSignal(job.signals.cancelled, timeout=5000):
        progress.cancel_button.click()
    assert progress.isHidden() and not progress.running()
    release.set()


def test_a_quick_job_never_shows_a_bar(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    progress = JobProgress(host, delay_ms=300)
    host.show()
    job = Job(lambda control: 42, name="quick")
    progress.watch(job, "Quick")
    with qtbot.waitSignal(job.signals.finished, timeout=5000):
        job.start()
    qtbot.wait(400)
    assert progress.isHidden()


def test_work_that_cannot_stop_has_no_cancel(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    progress = JobProgress(host, delay_ms=10)
    host.show()
    release = threading.Event()
    job = _slow_job(release)
    progress.watch(job, "Backing up", cancellable=False)
    job.start()
    qtbot.waitUntil(progress.isVisible, timeout=5000)
    assert not progress.cancel_button.isVisible()
    with qtbot.waitSignal(job.signals.finished, timeout=5000):
        release.set()
    assert progress.isHidden()


def test_the_shell_shows_a_bar_for_a_manual_backup(qtbot, ctx) -> None:
    from lmdesk.views.app import GuiController, ensure_application

    controller = GuiController(ctx, ensure_application(), open_first_view=False)
    qtbot.addWidget(controller.window)
    controller.backup_now()
    assert controller.backup_progress.running()
    assert controller.backup_progress.cancel_button.isVisibleTo(controller.backup_progress)
    qtbot.waitUntil(lambda: not controller.backup_progress.running(), timeout=20000)
    assert list(ctx.paths.backups_dir.glob("*manual*.sqlite"))


def test_cancel_stops_a_manual_backup_and_leaves_no_file(qtbot, ctx, monkeypatch) -> None:
    """The copy is held at its first step until Cancel is clicked: then no backup and no
    partial file remain, and the status bar says so (a half backup is no backup)."""
    import threading

    from lmdesk.store import backup
    from lmdesk.views.app import GuiController, ensure_application
    from lmdesk.views.jobs import JobControl

    ctx.patients.conn.execute("CREATE TABLE filler (x BLOB)")
    ctx.patients.conn.executemany(
        "INSERT INTO filler VALUES (?)", [(b"x" * 4000,) for _ in range(300)]
    )
    ctx.patients.conn.commit()
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 10)  # many steps
    held, cancel_clicked, steps = threading.Event(), threading.Event(), []
    report = JobControl.fraction

    def held_fraction(control: JobControl, done: int, total: int) -> None:
        steps.append(done)
        held.set()
        cancel_clicked.wait(10)
        report(control, done, total)

    monkeypatch.setattr(JobControl, "fraction", held_fraction)
    controller = GuiController(ctx, ensure_application(), open_first_view=False)
    qtbot.addWidget(controller.window)
    controller.backup_now()
    job = controller.manual_backup
    assert held.wait(10)
    controller.backup_progress.show()
    with qtbot.waitSignal(job.signals.cancelled, timeout=10000):
        controller.backup_progress.cancel_button.click()
        cancel_clicked.set()
    assert steps == [10]  # it stopped at the first step it took after the click
    assert list(ctx.paths.backups_dir.iterdir()) == []
    assert "cancelled" in controller.window.statusBar().currentMessage()
    assert not controller.backup_progress.running()


def test_the_pk_band_can_be_cancelled(qtbot, ctx) -> None:
    from lmdesk.views.pk.pk_view import PkView

    view = PkView(ctx)
    qtbot.addWidget(view)
    view.recompute()
    job = view.start_band()
    assert job is not None and view.band_progress.job is job
    with qtbot.waitSignal(job.signals.cancelled, timeout=20000):
        view.band_progress.cancel_button.click()
    assert "cancelled" in view.band_note.text()
    assert not view.band_progress.running()
