"""The print preview opens with the page's width filling it (issue 26: it opened at 40 %)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from lmdesk.views.sheet.sheets_view import SheetPreviewDialog


def test_the_preview_fits_the_page_width(qtbot: Any) -> None:
    dialog = SheetPreviewDialog()
    qtbot.addWidget(dialog)

    def paint(printer: QPrinter) -> None:
        painter = QPainter(printer)
        painter.drawText(100, 100, "sheet")
        painter.end()

    dialog.paintRequested.connect(paint)
    dialog.resize(1000, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    assert preview.zoomFactor() > 0.5  # a whole A4 page in 760 px is about 0.4
    dialog.reject()
