"""A Qt application for rendering sheets from the command line (no window, no display).

The CLI imports this lazily, only when it renders a PDF: ``QPdfWriter`` and the bundled
font need a Qt GUI application, which on a server without a display runs "offscreen".
It is a full ``QApplication`` (as the GUI makes), so that a later GUI in the same process
(``selftest``, tests) finds the application it expects instead of a bare QGuiApplication.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from lmdesk.views.fonts import CJK_FAMILY, register_bundled_fonts


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new offscreen one; the bundled font registered."""
    app = QCoreApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from lmdesk.views.app import ensure_application

        return ensure_application(["lmdesk"])
    if isinstance(app, QApplication) and not app.property("lmdesk_fonts"):
        from lmdesk.views.app import ensure_application

        return ensure_application()
    if not app.property("lmdesk_fonts") and not app.property("lmdesk_sheet_fonts"):
        if CJK_FAMILY not in register_bundled_fonts():
            raise RuntimeError(f"the bundled font {CJK_FAMILY} could not be loaded")
        app.setProperty("lmdesk_sheet_fonts", True)
    return app
