"""GUI side of data safety: daily backup off the GUI thread, damaged-DB message, share warning."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox, QStatusBar

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


def _damage(ctx: AppContext) -> tuple[Path, bytes]:
    """A DB with one row, a good backup of it, then the DB zeroed; returns (backup, bytes)."""
    pdb = ctx.patients
    with pdb.transaction():
        pdb.conn.execute("INSERT INTO db_meta VALUES ('kept', 'yes')")
    good = pdb.rotating_backup(3, "manual")
    ctx.close()
    del ctx.__dict__["patients"]
    db = ctx.paths.patient_db
    for side in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        side.unlink(missing_ok=True)
    damaged = b"\x00" * 8192
    db.write_bytes(damaged)
    return good, damaged


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_damaged_db_dialog_names_the_newest_good_backup_and_quit_changes_nothing(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, lang: str
):
    from lmdesk.i18n import set_language

    good, damaged = _damage(ctx)
    asked: list[tuple[str, str, str]] = []

    def quit_(title: str, explanation: str, question: str) -> bool:
        asked.append((title, explanation, question))
        return False

    monkeypatch.setattr(db_safety, "ask_restore", quit_)
    set_language(lang)
    assert app_module.open_patient_db_or_explain(ctx) is False
    assert len(asked) == 1
    _title, explanation, _question = asked[0]
    assert str(good) in explanation and str(ctx.paths.patient_db) in explanation
    assert ctx.paths.patient_db.read_bytes() == damaged
    assert sorted(p.name for p in ctx.paths.patient_db.parent.glob("*.damaged-*")) == []


def test_restoring_from_the_dialog_keeps_the_damaged_file_and_opens_the_backup(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
):
    _good, damaged = _damage(ctx)
    monkeypatch.setattr(db_safety, "ask_restore", lambda *texts: True)
    assert app_module.open_patient_db_or_explain(ctx) is True
    row = ctx.patients.conn.execute("SELECT value FROM db_meta WHERE key = 'kept'").fetchone()
    assert row == ("yes",)
    kept = list(ctx.paths.patient_db.parent.glob("*.damaged-*"))
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [damaged]


def test_damaged_db_without_a_backup_is_explained(ctx: AppContext, monkeypatch):
    _damage(ctx)
    for old in ctx.paths.backups_dir.iterdir():
        old.unlink()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.open_patient_db_or_explain(ctx) is False
    assert len(shown) == 1 and "No good backup" in shown[0]


@pytest.mark.parametrize(("button", "expected"), [("restore", True), ("quit", False)])
def test_the_restore_question_dialog(qtbot, button: str, expected: bool) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox, QPushButton

    clicked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert box.defaultButton().text() == "Quit"  # the safe choice is the default
        wanted = "Restore this backup" if button == "restore" else "Quit"
        for b in box.findChildren(QPushButton):
            if b.text() == wanted:
                clicked.append(wanted)
                b.click()

    QTimer.singleShot(50, answer)
    assert db_safety.ask_restore("title", "explanation", "question?") is expected
    assert clicked


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
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))

    def broken(*args: object) -> Path:
        raise OSError("no space left on device")

    monkeypatch.setattr(db_safety, "checked_backup", broken)
    controller = GuiController(ctx, QApplication.instance(), open_first_view=False)
    qtbot.addWidget(controller.window)
    controller.backup_now()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "no space left" in shown[0]


def test_network_warning_follows_a_language_switch(qtbot, monkeypatch, tmp_path: Path):
    from PySide6.QtCore import QEvent

    from lmdesk.i18n import set_language
    from lmdesk.store import fs_check

    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nsrv:/x {tmp_path} nfs4 rw 0 0\n")
    monkeypatch.setattr(fs_check, "PROC_MOUNTS", mounts)
    bar = QStatusBar()
    qtbot.addWidget(bar)
    label = db_safety.add_network_warning(bar, tmp_path / "p.sqlite")
    assert label is not None and "network filesystem (nfs4)" in label.text()
    set_language("zh_CN")
    QApplication.sendEvent(label, QEvent(QEvent.Type.LanguageChange))
    assert "网络文件系统" in label.text() and "nfs4" in label.text()
    assert label.text() == fs_check.network_warning(tmp_path / "p.sqlite")
    set_language("en")
