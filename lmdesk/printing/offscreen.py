"""A Qt application for printing from the command line (no window, no display needed).

The CLI reaches this lazily, only when it renders a PDF: ``QPdfWriter`` and the bundled
font need a Qt GUI application, which on a server without a display runs "offscreen".
Printing never imports QtWidgets. When the process has already loaded QtWidgets (the GUI,
``selftest``, the test suite), the application made here is that module's
``QApplication``, so a later screen in the same process finds the application it expects;
a plain CLI process gets a bare ``QGuiApplication``.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from lmdesk.printing.fonts import CJK_FAMILY, register_bundled_fonts

#: Set on the application once the bundled fonts are registered (by the GUI or by us).
FONT_PROPERTIES = ("lmdesk_fonts", "lmdesk_sheet_fonts")


def _new_application() -> QCoreApplication:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    widgets = sys.modules.get("PySide6.QtWidgets")
    factory = getattr(widgets, "QApplication", QGuiApplication)
    app: QCoreApplication = factory(["lmdesk"])
    app.setApplicationName("lmdesk")
    app.setOrganizationName("lmdesk")
    return app


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new offscreen one; the bundled font registered."""
    app = QCoreApplication.instance() or _new_application()
    if not any(app.property(name) for name in FONT_PROPERTIES):
        if CJK_FAMILY not in register_bundled_fonts():
            raise RuntimeError(f"the bundled font {CJK_FAMILY} could not be loaded")
        app.setProperty("lmdesk_sheet_fonts", True)
    return app
