"""Start the GUI: QApplication, fonts, translators, crash reporter, patient DB, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from lmdesk.app_context import AppContext
from lmdesk.i18n import _, set_language
from lmdesk.logging_setup import LOG_NAME, setup_logging
from lmdesk.paths import RESOURCES_DIR
from lmdesk.views.crash_handler import CrashReporter
from lmdesk.views.first_paint import (
    FirstPaint,
    exit_after_paint_requested,
    open_every_view_requested,
    record_stamp,
)
from lmdesk.views.gui_gc import GuiThreadCollector
from lmdesk.views.main_window import MainWindow
from lmdesk.views.registry import VIEW_SPECS
from lmdesk.views.translators import QtTranslations

if TYPE_CHECKING:
    from lmdesk.views.live_changes import LiveChanges
    from lmdesk.views.users.lock_screen import LockScreen
    from lmdesk.views.users.session import UserSession
    from lmdesk.views.ward_server import WardServerLink

log = logging.getLogger("lmdesk.gui")

EXIT_DB_REFUSED = 2


def ensure_application(argv: list[str] | None = None, *, fonts: bool = True) -> QApplication:
    """The QApplication, set up with lmdesk's fonts (created if there is none yet).

    ``fonts=False`` leaves the bundled CJK font for :func:`ensure_fonts` (run_gui registers
    it after the first paint when that frame holds no Chinese text: ~3 ms less before it).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("lmdesk")
        app.setOrganizationName("lmdesk")
        icon = RESOURCES_DIR / "icons" / "lmdesk.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)  # no cycle is ever freed on a worker thread (Qt aborts)
    if fonts:
        ensure_fonts(app)
    return app


def ensure_fonts(app: QApplication) -> None:
    """Register the bundled CJK font and make it every widget's fallback (once)."""
    from lmdesk.printing.fonts import register_bundled_fonts
    from lmdesk.views.fonts import apply_cjk_fallback

    if not app.property("lmdesk_fonts"):
        register_bundled_fonts()
        apply_cjk_fallback(app)
        app.setProperty("lmdesk_fonts", True)


class GuiController:
    """Glue between the shell and the context: language switch, backups, who is signed in."""

    def __init__(self, ctx: AppContext, app: QApplication, open_first_view: bool = True) -> None:
        self.ctx = ctx
        self.app = app
        self.qt_translations = QtTranslations()
        self.qt_translations.install(ctx.language)
        from lmdesk.views.ui_settings import UiSettings

        self.live: LiveChanges | None = None
        self.link: WardServerLink | None = None
        if ctx.on_server:  # other workstations' changes reach every screen
            from lmdesk.views.live_changes import LiveChanges

            self.live = LiveChanges()
        self.window = MainWindow(
            ctx,
            VIEW_SPECS,
            on_backup=self.backup_now,
            open_first_view=open_first_view,
            ui_settings=UiSettings.beside(ctx.paths.settings_file),  # size, splitters
            live=self.live,
        )
        if self.live is not None:
            from lmdesk.views.ward_server import ServerBanner, WardServerLink

            banner = ServerBanner()
            self.window.banner_area.addWidget(banner)
            self.link = WardServerLink(ctx, self.live, banner)
            app.aboutToQuit.connect(self.live.stop)
        self.window.language_requested.connect(self.switch_language)
        from lmdesk.views.progress import JobProgress

        self.backup_progress = JobProgress()  # a backup over a second shows a moving bar
        self.window.statusBar().addPermanentWidget(self.backup_progress)
        self.auto_backup: object | None = None
        self.manual_backup: object | None = None
        self.integrity_watch: object | None = None
        self.lock_screen: LockScreen | None = None
        self.session: UserSession | None = None

    def cover(self) -> None:
        """Lay the lock screen over the content before any view is built (no models loaded)."""
        from lmdesk.views.users.lock_screen import LockScreen

        if self.lock_screen is None:
            central = self.window.centralWidget()
            assert central is not None
            self.lock_screen = LockScreen(central)
        self.lock_screen.cover()

    def start_session(self) -> UserSession:
        """Sign-in (or the first ward administrator) on the lock screen; Ctrl+L; idle lock."""
        from lmdesk.views.users.session import UserSession

        if self.session is None:
            self.session = UserSession(self.ctx, self.window, app=self.app, screen=self.lock_screen)
            if self.link is not None:
                self.session.changed.connect(self.link.signed_in)
            self.session.start()
        return self.session

    def server_fault(self, exc: BaseException) -> None:
        """A read or write met an unreachable ward server (shown as a message): the banner."""
        from lmdesk.store.server.errors import ServerUnreachableError

        if self.link is not None and isinstance(exc, ServerUnreachableError):
            self.link.refused(exc)

    def switch_language(self, language: str) -> None:
        set_language(language)
        self.ctx.language = language
        self.ctx.settings.language = language
        try:
            self.ctx.save_settings()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self.qt_translations.install(language)
        self.window.retranslate()
        if self.session is not None:
            self.session.retranslate()
        if self.link is not None:
            self.link.retranslate()

    def backup_now(self) -> None:
        """Back up on a worker (seconds for a large DB); report when it is done."""
        from lmdesk.views.db_safety import start_manual_backup

        def done(made: Path | None) -> None:
            self.window.statusBar().showMessage(_("Backup written: {path}").format(path=made), 8000)

        def failed(message: str) -> None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.window, _("Backup failed"), message)

        def cancelled() -> None:
            message = _("Backup cancelled: no backup file was written.")
            self.window.statusBar().showMessage(message, 8000)

        self.window.statusBar().showMessage(_("Backing up…"))
        job = start_manual_backup(self.ctx, done, failed, on_cancelled=cancelled)
        self.manual_backup = job
        # Cancel stops the copy at its next step and removes the partial file.
        self.backup_progress.watch(job, _("Backing up"))


def open_patient_db_or_explain(ctx: AppContext) -> bool:
    """Open the patient DB; on refusal show why (the file stays untouched) and return False."""
    from PySide6.QtWidgets import QMessageBox  # ~1 ms to load: not before the first paint

    from lmdesk.models.errors import LmdeskError
    from lmdesk.store.errors import DamagedDatabaseError

    try:
        ctx.patients  # noqa: B018 - opening is the point
    except LmdeskError as exc:
        log.error("patient database refused: %s", exc)
        if isinstance(exc, DamagedDatabaseError) and exc.newest_backup is not None:
            from lmdesk.views.db_safety import offer_restore

            try:
                restored = offer_restore(ctx, exc)
            except (LmdeskError, OSError) as failed:
                QMessageBox.critical(None, _("Restore failed"), str(failed))
                return False
            return restored and open_patient_db_or_explain(ctx)
        QMessageBox.critical(None, _("lmdesk cannot open the patient database"), str(exc))
        return False
    return True


def finish_start(controller: GuiController) -> None:
    """After the shell's first paint: the patient DB (checked before any view), the first view.

    Only what the first view needs runs before it is ready; the rest follows in
    :func:`_started`.
    """
    ctx, window, app = controller.ctx, controller.window, controller.app
    ensure_fonts(app)  # before any view: they all show Chinese names
    # On the ward server a connection is a person: it opens at sign-in, not before.
    if not ctx.on_server and not open_patient_db_or_explain(ctx):
        window.hide()
        app.exit(EXIT_DB_REFUSED)
        return
    record_stamp("patient-db")
    controller.cover()  # nothing of the ward's shows before someone signs in
    window.show_first_view()
    record_stamp("view-built")
    shown = window.current_view() or window.stack.currentWidget()
    assert shown is not None, "the stack always holds a page (a view or the empty label)"
    ready = FirstPaint(shown)
    ready.painted.connect(lambda: _started(controller))
    shown.update()


def _started(controller: GuiController) -> None:
    """The first view is on screen and takes input. Then: the log file (with what was logged
    so far), the network-share warning, the daily backup (worker) and whatever the view
    left for later (the drug cards parse their cards on a worker)."""
    from lmdesk.views.db_safety import (
        add_network_warning,
        start_auto_backup,
        start_integrity_watch,
    )

    record_stamp("ready")
    ctx, window = controller.ctx, controller.window
    controller.start_session()
    setup_logging(ctx.paths.logs_dir)
    status = window.statusBar()
    if not ctx.on_server:  # a SQLite file's chores; the server keeps its own pages and dumps
        add_network_warning(status, ctx.paths.patient_db)
        controller.auto_backup = start_auto_backup(
            ctx, lambda text: status.showMessage(text, 10000)
        )
        controller.integrity_watch = start_integrity_watch(ctx, window)
    shown = window.current_view()
    finish_loading = getattr(shown, "finish_loading", None)
    if shown is None or not callable(finish_loading):
        _loaded(controller)
        return

    def painted_loaded() -> None:
        loaded = FirstPaint(shown)
        loaded.painted.connect(lambda: _loaded(controller))
        shown.update()

    finish_loading(painted_loaded)


def _loaded(controller: GuiController) -> None:
    """Everything the first view started with is on screen (drug cards: the first card)."""
    record_stamp("loaded")
    if open_every_view_requested():  # the benchmark's peak-memory run
        for spec in controller.window.specs:
            controller.window.open_view(spec.key)
            controller.app.processEvents()
        record_stamp("all-views")
    if exit_after_paint_requested():
        controller.app.quit()  # the start-up benchmark: stop once the first view is on screen


def run_gui(ctx: AppContext) -> int:
    record_stamp("imported")
    ctx.integrity_at_open = False  # integrity_check runs on a worker after the first paint
    # The shell's first frame holds Chinese text only in Chinese; in English the CJK font
    # is registered right after it, before the first view (no frame shows a fallback glyph).
    app = ensure_application(fonts=ctx.language.startswith("zh"))
    record_stamp("qt-app")
    log_file = str(ctx.paths.logs_dir / LOG_NAME)
    reporter = CrashReporter(log_file)
    reporter.install()
    from lmdesk.views.diagnostics import enable_faulthandler, install_qt_messages

    enable_faulthandler(ctx.paths.logs_dir)  # a native crash leaves its stacks in the log folder
    install_qt_messages()  # Qt's own warnings into lmdesk.log (held until the file opens)
    controller = GuiController(ctx, app, open_first_view=False)
    reporter.server_fault.connect(controller.server_fault)
    record_stamp("shell-built")
    first_paint = FirstPaint(controller.window)
    first_paint.painted.connect(lambda: record_stamp("paint"))
    first_paint.painted.connect(lambda: finish_start(controller))
    controller.window.show()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(60000)  # let a running backup finish cleanly
    return code
