"""Render a regimen sheet to PDF bytes off the GUI thread; the result comes back by signal.

Only the painting runs in the pool (no database work there): the sheet is built before,
and archiving happens on the GUI thread when the bytes arrive.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from lmdesk.models.sheet.document import RegimenSheet
from lmdesk.views.sheet.pdf_render import render_pdf


class _Signals(QObject):
    finished = Signal(bytes, int)
    failed = Signal(str)


class RenderJob(QRunnable):
    def __init__(self, sheet: RegimenSheet) -> None:
        super().__init__()
        self.sheet = sheet
        self.signals = _Signals()

    def run(self) -> None:
        try:
            rendered = render_pdf(self.sheet)
        except Exception as exc:  # reported to the user, never lost
            self.signals.failed.emit(str(exc))
        else:
            self.signals.finished.emit(rendered.data, rendered.pages)


def start_render(sheet: RegimenSheet, pool: QThreadPool) -> RenderJob:
    job = RenderJob(sheet)
    job.setAutoDelete(False)
    pool.start(job)
    return job
