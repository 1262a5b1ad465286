"""GUI side of data safety: daily backup off the GUI thread, damaged-DB message, share warning."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QStatusBar

from lmdesk.app_context import AppContext
from lmdesk.store.backup import list_backups
from lmdesk.views import app as app_module
from lmdesk.views import db_safety


@pytest.fixture(autouse=True)
def lmdesk_app(qapp: QApplication) -> QApplication:
    return app_module.ensure_application()


def test_auto_backup_runs_on_a_worker_and_reports_in_the_gui_thread(ctx: AppContext, qtbot):
    ctx.patients  # noqa: B018 - the DB exists, as at GUI start-up
    messages: list[tuple[str, int]] = []

    def show(text: str) -> None:
        messages.append((text, threading.get_ident()))

    pool = QThreadPool()
    task = db_safety.start_auto_backup(ctx, show, pool)
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    pool.waitForDone()
    assert task.thread_id is not None and task.thread_id != threading.get_ident()
    text, shown_in = messages[0]
    assert shown_in == threading.get_ident()
    made = [p for p in list_backups(ctx.paths.backups_dir) if p.stem.endswith("-auto")]
    assert len(made) == 1 and str(made[0]) in text


def test_auto_backup_failure_is_shown_not_raised(ctx: AppContext, qtbot, monkeypatch):
    ctx.patients  # noqa: B018
    from lmdesk.store.auto_backup import BackupFailedError

    def broken(*args: object) -> Path:
        raise BackupFailedError("disk full")

    monkeypatch.setattr(db_safety, "run_auto_backup", broken)
    messages: list[str] = []
    pool = QThreadPool()
    db_safety.start_auto_backup(ctx, messages.append, pool)
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    pool.waitForDone()
    assert "FAILED" in messages[0] and "disk full" in messages[0]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_damaged_db_dialog_names_the_newest_good_backup(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, lang: str
):
    from lmdesk.i18n import set_language

    good = ctx.patients.rotating_backup(3, "manual")
    ctx.close()
    del ctx.__dict__["patients"]
    ctx.paths.patient_db.write_bytes(b"\x00" * 8192)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app_module.QMessageBox,
        "critical",
        lambda parent, title, text: shown.append((title, text)),
    )
    set_language(lang)
    assert app_module.open_patient_db_or_explain(ctx) is False
    assert len(shown) == 1
    _title, text = shown[0]
    assert str(good) in text and str(ctx.paths.patient_db) in text
    assert ctx.paths.patient_db.read_bytes() == b"\x00" * 8192


def test_network_share_warning_in_the_status_bar(qtbot, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(db_safety, "network_warning", lambda path: f"share warning {path}")
    bar = QStatusBar()
    qtbot.addWidget(bar)
    label = db_safety.add_network_warning(bar, tmp_path / "p.sqlite")
    assert label is not None and label.text().startswith("share warning")
    assert label.parent() is bar


def test_no_status_bar_warning_on_a_local_disk(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(db_safety, "network_warning", lambda path: None)
    bar = QStatusBar()
    qtbot.addWidget(bar)
    assert db_safety.add_network_warning(bar, tmp_path / "p.sqlite") is None


def test_back_up_now_runs_on_a_worker_and_reports(ctx: AppContext, qtbot) -> None:
    from lmdesk.views.app import GuiController

    ctx.patients  # noqa: B018
    controller = GuiController(ctx, QApplication.instance(), open_first_view=False)
    qtbot.addWidget(controller.window)
    controller.backup_now()
    task = controller.manual_backup
    status = controller.window.statusBar()
    qtbot.waitUntil(lambda: "Backup written" in status.currentMessage(), timeout=10000)
    QThreadPool.globalInstance().waitForDone()
    assert task.thread_id is not None and task.thread_id != threading.get_ident()
    made = [p for p in list_backups(ctx.paths.backups_dir) if p.stem.endswith("-manual")]
    assert len(made) == 1 and str(made[0]) in status.currentMessage()


def test_back_up_now_failure_is_a_warning_dialog(ctx: AppContext, qtbot, monkeypatch) -> None:
    from lmdesk.views.app import GuiController

    ctx.patients  # noqa: B018
    shown: list[str] = []
    monkeypatch.setattr(
        app_module.QMessageBox, "warning", lambda parent, title, text: shown.append(text)
    )

    def broken(*args: object) -> Path:
        raise OSError("no space left on device")

    monkeypatch.setattr(db_safety, "checked_backup", broken)
    controller = GuiController(ctx, QApplication.instance(), open_first_view=False)
    qtbot.addWidget(controller.window)
    controller.backup_now()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "no space left" in shown[0]
