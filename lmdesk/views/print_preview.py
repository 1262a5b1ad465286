"""Print preview for every printable (regimen sheet, response summary, drug card).

One dialog: an A4 printer set up with the printed pages' layout (``printing.page``) that
lives as long as the dialog, opening with the page's width filling the view (a whole page
in view was read at 40 %). ``preview`` paints through the same routine as the PDF, so what
is previewed is what is printed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QWidget

from lmdesk.printing.page import page_layout

#: Paints the document on the printer (already begun); returns the page count.
Paint = Callable[[QPainter, QPrinter], int]
#: Makes the dialog (tests give one that does not block).
PreviewFactory = Callable[[QWidget], QPrintPreviewDialog]


class PrintPreviewDialog(QPrintPreviewDialog):
    """The print preview on an A4 printer that lives as long as the dialog.

    ``QPrintPreviewDialog`` does not own the printer it is given: a printer held only by a
    local variable is collected while the dialog still paints on it (a crash in ``exec``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._printer.setPageLayout(page_layout())
        super().__init__(self._printer, parent)
        self.preview = self.findChild(QPrintPreviewWidget)
        if self.preview is not None:
            self.preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)

    def printer_used(self) -> QPrinter:
        return self._printer


def preview(
    parent: QWidget, title: str, paint: Paint, factory: PreviewFactory | None = None
) -> bool:
    """Show ``paint``'s pages in a preview titled ``title``; True once they were printed."""
    dialog = (factory or PrintPreviewDialog)(parent)
    dialog.setWindowTitle(title)

    def on_request(printer: QPrinter) -> None:
        painter = QPainter(printer)
        try:
            paint(painter, printer)
        finally:
            painter.end()

    dialog.paintRequested.connect(on_request)
    return bool(dialog.exec() == QDialog.DialogCode.Accepted)
