"""The PK plot's exports: the PNG/SVG/CSV buttons, the line that says what became of the
last one, and the CSV's progress bar with Cancel.

Apart from ``pk_view`` because exporting is one job with its own outcome: PNG and SVG are
written at once (small), the CSV (up to 500k rows for a year) in the screen's pool, where a
Cancel leaves no file (``plot_export.write_csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from lmdesk.i18n import _
from lmdesk.views.common.status_line import DANGER_STYLE, status_line
from lmdesk.views.file_dialogs import SaveDialog
from lmdesk.views.jobs import Job
from lmdesk.views.pk.plot_export import csv_rows, export_png, export_svg, write_csv
from lmdesk.views.pk.plot_widget import PkPlot
from lmdesk.views.progress import JobProgress

CSV_JOB = "PK CSV"
FORMATS = {"png": "PNG (*.png)", "svg": "SVG (*.svg)", "csv": "CSV (*.csv)"}


class ExportBar(QWidget):
    """``exported(path)`` once a file is written; ``start`` runs a job in the screen's pool."""

    exported = Signal(str)

    def __init__(
        self,
        plot: PkPlot,
        start: Callable[[Job], Job],
        save_dialog: SaveDialog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._plot, self._start, self._save_dialog = plot, start, save_dialog
        self.buttons = {fmt: QPushButton() for fmt in FORMATS}
        self.status = status_line(QLabel())  # an export's outcome, beside its buttons
        self.status.setObjectName("pk_export_status")
        self.status.setWordWrap(True)
        self.progress = JobProgress(self)  # a long CSV: its bar and Cancel
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.progress)
        for fmt, button in self.buttons.items():
            button.setObjectName(f"export_{fmt}")
            button.clicked.connect(lambda _c=False, f=fmt: self.ask(f))
            layout.addWidget(button)
        self.retranslate()

    def retranslate(self) -> None:
        self.buttons["png"].setText(_("Export PNG…"))
        self.buttons["png"].setToolTip("Ctrl+E")
        self.buttons["svg"].setText(_("Export SVG…"))
        self.buttons["csv"].setText(_("Export CSV…"))
        self.progress.retranslate()

    def ask(self, fmt: str) -> None:
        """Ask where (the dialog starts in the last folder used), then export."""
        path = self._save_dialog(self, _("Export curves"), f"pk.{fmt}", FORMATS[fmt])
        if path:
            self.export(Path(path), fmt)

    def export(self, path: Path, fmt: str) -> Job | None:
        """PNG/SVG at once; the CSV in the pool (its job returned), with a bar and Cancel."""
        if fmt in ("png", "svg"):
            try:
                (export_png if fmt == "png" else export_svg)(self._plot, path)
            except OSError as err:
                self._say(_("Export failed: {detail}").format(detail=err), failed=True)
                return None
            self._written(path)
            return None
        header, table = csv_rows(self._plot)
        rows = np.array(table)
        job = Job(lambda control: write_csv(path, header, rows, control.fraction), name=CSV_JOB)
        job.signals.finished.connect(lambda _result: self._written(path))
        job.signals.failed.connect(
            lambda msg: self._say(_("Export failed: {detail}").format(detail=msg), failed=True)
        )
        job.signals.cancelled.connect(
            lambda: self._say(_("Export cancelled: no file was written."))
        )
        self._say(_("Writing {path}…").format(path=path))
        self.progress.watch(job, _("Writing the CSV"))
        return self._start(job)

    def _written(self, path: Path) -> None:
        self._say(_("Saved: {path}").format(path=path))
        self.exported.emit(str(path))

    def _say(self, text: str, failed: bool = False) -> None:
        self.status.setStyleSheet(DANGER_STYLE if failed else "")
        self.status.setText(text)
