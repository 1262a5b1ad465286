"""The shared print preview (sheet, summary, drug card) opens fitting the page's width."""

from __future__ import annotations

from typing import Any

from PySide6.QtPrintSupport import QPrintPreviewWidget

from lmdesk.views.print_preview import PrintPreviewDialog


def test_the_shared_preview_fits_the_page_width(qtbot: Any) -> None:
    dialog = PrintPreviewDialog()
    qtbot.addWidget(dialog)
    dialog.paintRequested.connect(lambda printer: None)
    dialog.resize(1000, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None and preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    assert preview.zoomFactor() > 0.5  # a whole A4 page in 760 px is about 0.4
    dialog.reject()
