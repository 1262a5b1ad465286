"""Native crashes and Qt's own warnings written to the log folder instead of lost on a console.

A segfault in a Qt or numpy extension kills the process before any Python excepthook runs;
:func:`enable_faulthandler` has the interpreter dump every thread's stack into
``lmdesk-crash.log`` first (its own file: the rotating ``lmdesk.log`` is renamed on rotation,
and faulthandler keeps writing to the file descriptor it was given). :func:`install_qt_messages`
sends qDebug/qWarning/qCritical from Qt itself to the ``lmdesk.qt`` logger, hence ``lmdesk.log``.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from lmdesk.paths import make_private_dir

CRASH_LOG_NAME = "lmdesk-crash.log"
qt_log = logging.getLogger("lmdesk.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

#: The open crash file: faulthandler writes to its descriptor, so it must stay open.
_crash_file: IO[str] | None = None

QtHandler = Callable[[QtMsgType, QMessageLogContext, str], None]


def enable_faulthandler(logs_dir: Path) -> Path | None:
    """Dump every thread's stack into ``logs_dir/lmdesk-crash.log`` on a fatal signal.

    Returns the file, or None when it cannot be written (the app still starts)."""
    global _crash_file  # one file per process, as faulthandler itself is per process
    try:
        make_private_dir(logs_dir)
        path = logs_dir / CRASH_LOG_NAME
        handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the process
        if os.name == "posix":
            os.chmod(path, 0o600)
    except OSError:
        return None
    faulthandler.enable(file=handle, all_threads=True)
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = handle
    return path


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Log one of Qt's messages at the matching level, with where Qt said it came from."""
    category = context.category or "default"
    where = "" if category == "default" else f" ({category})"
    qt_log.log(_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def install_qt_messages(chain: bool = True) -> Any:
    """Route Qt's messages to the log; with ``chain`` the previous handler (Qt's: stderr)
    still gets them too. Returns the previous handler (None for Qt's default)."""
    previous: QtHandler | None = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        qt_message(kind, context, message)
        if not chain:
            return
        if previous is not None:
            previous(kind, context, message)
        else:  # Qt's default handler printed to stderr: so does a developer's console still
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    return previous
