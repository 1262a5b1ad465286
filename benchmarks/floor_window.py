"""The floor for the start-up benchmark: a bare PySide6 window (QApplication + empty QMainWindow).

Records its first paint the way lmdesk does (``LMDESK_STARTUP_STAMPS``), then quits. Kept free
of lmdesk imports so it measures only Python + Qt.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, _painted)
        return False


def _painted() -> None:
    target = os.environ.get("LMDESK_STARTUP_STAMPS")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            stamp = f"{time.time():.6f}"
            handle.write(f"paint {stamp}\nready {stamp}\n")
    QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 780)
    probe = _FirstPaint(window)
    window.installEventFilter(probe)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
