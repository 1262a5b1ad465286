"""Render the response summary off the GUI thread; the bytes come back by signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from lmdesk.models.response.report import ResponseReport
from lmdesk.views.assessment.report_pdf import render_report


class _Signals(QObject):
    finished = Signal(bytes, int)
    failed = Signal(str)


class ReportJob(QRunnable):
    def __init__(self, report: ResponseReport) -> None:
        super().__init__()
        self.report = report
        self.signals = _Signals()

    def run(self) -> None:
        try:
            rendered = render_report(self.report)
        except Exception as exc:  # reported to the user, never lost
            self.signals.failed.emit(str(exc))
        else:
            self.signals.finished.emit(rendered.data, rendered.pages)


def start_report(report: ResponseReport, pool: QThreadPool) -> ReportJob:
    job = ReportJob(report)
    job.setAutoDelete(False)
    pool.start(job)
    return job
