"""Start-up data-safety chores for the main window: daily backup, integrity watch, network warning.

The backup runs on a worker thread with its own read-only connection
(``store.auto_backup``), so the GUI thread never waits for it, however large the DB is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QStatusBar, QWidget

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.paths import make_private_dir
from lmdesk.store.auto_backup import checked_backup, run_auto_backup
from lmdesk.store.errors import DamagedDatabaseError
from lmdesk.store.fs_check import network_warning
from lmdesk.store.restore import restore_database
from lmdesk.views.jobs import Job, JobControl, start_job

log = logging.getLogger("lmdesk.gui.backup")


def run_backup_task(
    job: Callable[[JobControl], Path | None],
    on_done: Callable[[Path | None], None],
    on_failed: Callable[[str], None],
    pool: QThreadPool | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """Run ``job`` on a worker; its outcome comes back on the GUI thread."""

    def done(made: object) -> None:
        on_done(made if isinstance(made, Path) else None)

    # a failure is logged by the job and reported to ``on_failed``
    return start_job(
        job, pool, name="backup", on_done=done, on_failed=on_failed, on_cancelled=on_cancelled
    )


def start_auto_backup(
    ctx: AppContext,
    show_message: Callable[[str], None],
    pool: QThreadPool | None = None,
) -> Job:
    """Queue today's automatic backup (if not made yet); messages go to ``show_message``."""
    paths, clock, keep = ctx.paths, ctx.clock, ctx.ward_settings().backups_to_keep

    def job(_control: JobControl) -> Path | None:
        return run_auto_backup(paths.patient_db, paths.backups_dir, clock, keep)

    def done(made: Path | None) -> None:
        if made is not None:
            show_message(_("Automatic backup written: {path}").format(path=made))

    def failed(message: str) -> None:
        show_message(_("Automatic backup FAILED: {detail}").format(detail=message))

    return run_backup_task(job, done, failed, pool)


def start_manual_backup(
    ctx: AppContext,
    on_done: Callable[[Path | None], None],
    on_failed: Callable[[str], None],
    pool: QThreadPool | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """File > Back up now, off the GUI thread (a large DB takes seconds to copy).

    The job can be cancelled: the copy stops at its next step and leaves no file (a half
    backup is no backup, so none is kept); ``on_cancelled`` then runs instead of ``on_done``.
    """
    paths, clock, keep = ctx.paths, ctx.clock, ctx.ward_settings().backups_to_keep
    make_private_dir(paths.backups_dir)
    if ctx.server_url is not None:  # the ward server: a pg_dump (the administrator's work)
        from lmdesk.store.backup import backup_name
        from lmdesk.store.server.url import database_name

        store = ctx.patients
        stem = Path(backup_name(database_name(ctx.server_url), clock.now(), "manual")).stem
        target = paths.backups_dir / f"{stem}.dump"

        def dump(control: JobControl) -> Path | None:
            return store.backup(target, control.check)

        return run_backup_task(dump, on_done, on_failed, pool, on_cancelled)

    def job(control: JobControl) -> Path | None:
        return checked_backup(
            paths.patient_db, paths.backups_dir, clock, keep, "manual", control.fraction
        )

    return run_backup_task(job, on_done, on_failed, pool, on_cancelled)


class NetworkWarning(QLabel):
    """The status-bar warning; re-reads its text when the language changes."""

    def __init__(self, db_path: Path, text: str) -> None:
        super().__init__(text)
        self.db_path = db_path
        self.setObjectName("network_fs_warning")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020; font-weight: bold;")

    def retranslate(self) -> None:
        self.setText(network_warning(self.db_path) or "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def add_network_warning(status_bar: QStatusBar, db_path: Path) -> QLabel | None:
    """A permanent status-bar warning when the patient DB sits on a network share."""
    text = network_warning(db_path)
    if text is None:
        return None
    label = NetworkWarning(db_path, text)
    status_bar.addWidget(label, 2)
    log.warning("%s", text)
    return label


def ask_restore(title: str, explanation: str, question: str) -> bool:
    """The refusal dialog with a way out: restore the backup, or quit (the default)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, explanation)
    box.setInformativeText(question)
    restore = box.addButton(_("Restore this backup"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.exec()
    return box.clickedButton() is restore


def offer_restore(
    ctx: AppContext,
    error: DamagedDatabaseError,
    ask: Callable[[str, str, str], bool] | None = None,
) -> bool:
    """Explain the damage, offer the newest good backup, restore it if the user says so.

    Returns True once the backup is in place (the damaged file is moved aside, whole,
    never overwritten); False when the user quits or there is no good backup.
    """
    backup = error.newest_backup
    if backup is None:
        return False
    question = _(
        "Replace the damaged database with this backup? The damaged file is kept beside "
        "it, unchanged. Changes made after the backup was written are not in it."
    )
    if not (ask or ask_restore)(_("lmdesk cannot open the patient database"), str(error), question):
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        restore_database(
            ctx.paths.patient_db, backup, ctx.paths.backups_dir, ctx.clock, user=ctx.user_label
        )
    finally:
        QApplication.restoreOverrideCursor()
    log.warning("restored %s from %s after damage: %s", ctx.paths.patient_db, backup, error)
    return True


#: How often the GUI re-checks the patient DB's integrity on a worker (milliseconds).
INTEGRITY_EVERY_MS = 10 * 60 * 1000


def check_integrity_now(
    ctx: AppContext, on_damage: Callable[[str], None], pool: QThreadPool | None = None
) -> Job:
    """``PRAGMA integrity_check`` on a worker with its own read-only connection.

    The result goes to the open ``PatientDB`` (which then refuses writes if it failed);
    a failure is shown through ``on_damage`` with the newest good backup.
    """
    path, backups = ctx.paths.patient_db, ctx.paths.backups_dir

    def work(control: JobControl) -> tuple[str, Path | None]:
        from lmdesk.store.backup import newest_good_backup
        from lmdesk.store.patient_db import integrity_result
        from lmdesk.store.sqlite_conn import connect_readonly

        conn = connect_readonly(path)
        try:
            result = integrity_result(conn)
        finally:
            conn.close()
        return result, (None if result == "ok" else newest_good_backup(backups))

    def done(outcome: object) -> None:
        if not isinstance(outcome, tuple) or not ctx.patients_opened():
            return
        result, backup = outcome
        from lmdesk.store.patient_db import PatientDB

        if isinstance(ctx.patients, PatientDB):
            ctx.patients.record_integrity(str(result))
        if result != "ok":
            on_damage(str(DamagedDatabaseError(path, str(result), backup)))

    def failed(message: str) -> None:
        log.warning("integrity check could not run: %s", message)

    return start_job(work, pool, name="integrity", on_done=done, on_failed=failed)


def start_integrity_watch(ctx: AppContext, parent: QWidget) -> QTimer:
    """Check now (after the first paint) and every ``INTEGRITY_EVERY_MS``; warn once on damage."""
    warned: list[bool] = []

    def on_damage(text: str) -> None:
        log.error("patient database failed its integrity check: %s", text)
        if not warned:
            warned.append(True)
            QMessageBox.critical(
                parent,
                _("The patient database is damaged"),
                text + "\n\n" + _("Nothing more can be saved. Quit lmdesk and restore the backup."),
            )

    jobs: list[Job] = []

    def run() -> None:
        jobs[:] = [check_integrity_now(ctx, on_damage)]

    timer = QTimer(parent)
    timer.setInterval(INTEGRITY_EVERY_MS)
    timer.timeout.connect(run)
    timer.start()
    run()
    return timer
