"""An inline progress bar with Cancel for a background job that runs longer than a second.

Hidden for quick jobs (no flicker): it appears once the job has run for ``delay_ms`` and
hides itself when the job reports. The bar is busy (moving) until the job reports a
percentage. Cancel raises the job's flag (views/jobs.py): work that polls it stops; a
cancelled job never delivers its result. Work that cannot be stopped is watched with
``cancellable=False``.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from lmdesk.i18n import _
from lmdesk.views.jobs import Job

DELAY_MS = 1000


class JobProgress(QWidget):
    def __init__(self, parent: QWidget | None = None, delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self.setObjectName("job-progress")
        self.job: Job | None = None
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._appear)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(_("Cancel"))

    def watch(self, job: Job, text: str, *, cancellable: bool = True) -> None:
        """Follow ``job`` (replacing any earlier one); shown if it runs over the delay."""
        self.job = job
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until a percentage comes
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        job.signals.progressed.connect(lambda percent, j=job: self._progressed(j, percent))
        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(lambda *_args, j=job: self._ended(j))
        self._timer.start()

    def running(self) -> bool:
        return self.job is not None

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(_("Cancelling…"))

    def _appear(self) -> None:
        if self.job is not None:
            self.show()

    def _progressed(self, job: Job, percent: int) -> None:
        if job is self.job:
            self.bar.setRange(0, 100)
            self.bar.setValue(percent)

    def _ended(self, job: Job) -> None:
        if job is self.job:
            self.job = None
            self._timer.stop()
            self.hide()
