"""An uncaught exception is logged and shown; the app never vanishes silently.

A ward server that cannot be reached, or that refused a change, is no crash: its message is
shown as it is (no traceback) and ``server_fault`` lets the window's banner say so.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from lmdesk.i18n import _

log = logging.getLogger("lmdesk.crash")


class CrashReporter(QObject):
    """Installs sys/threading excepthooks; shows the dialog on the GUI thread."""

    crashed = Signal(str)
    #: A ward-server fault met outside the screens' own handling (an unreachable server).
    server_fault = Signal(object)
    _said = Signal(str)  # a server fault's message, shown on the GUI thread

    def __init__(self, log_file: str | None) -> None:
        super().__init__()
        self.log_file = log_file
        self._showing = False
        self._connected = False
        self._connect_lock = threading.Lock()

    def _connect_once(self) -> None:
        """Connect the dialog on the first crash: the ``Qt`` namespace it needs costs
        about 15 ms to load, too much to spend before the window's first paint."""
        with self._connect_lock:
            if not self._connected:
                from PySide6.QtCore import Qt

                self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
                self._said.connect(self._say, Qt.ConnectionType.QueuedConnection)
                self._connected = True

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook

    def _excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if _server_fault(exc):
            log.warning("ward server: %s", exc)
            self._connect_once()
            self.server_fault.emit(exc)
            self._said.emit(str(exc))
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("uncaught exception\n%s", text)
        self._connect_once()
        self.crashed.emit(text)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _say(self, message: str) -> None:
        if self._showing:
            return
        self._showing = True
        from PySide6.QtWidgets import QMessageBox

        try:
            QMessageBox.warning(None, _("Ward server"), message)
        finally:
            self._showing = False

    def _show(self, text: str) -> None:
        if self._showing:
            return
        self._showing = True
        from PySide6.QtWidgets import QMessageBox  # loaded on the first crash, not at start-up

        try:
            box = QMessageBox(QMessageBox.Icon.Critical, _("lmdesk: unexpected error"), "")
            box.setText(
                _(
                    "Something went wrong inside lmdesk. Your saved data is safe: every change is "
                    "saved in one piece or not at all. Check the last action you took, then "
                    "continue or restart lmdesk."
                )
            )
            where = self.log_file or _("(no log file could be written)")
            box.setInformativeText(_("Details were written to the log: {path}").format(path=where))
            box.setDetailedText(text)
            box.exec()
        finally:
            self._showing = False


def _server_fault(exc: BaseException) -> bool:
    """The ward server unreachable or refusing: the store's message says all there is."""
    from lmdesk.store.server.errors import ServerRefusedError, ServerUnreachableError

    return isinstance(exc, (ServerUnreachableError, ServerRefusedError))
