"""The Trends tab: the plot, what its lines mean, and its PNG/CSV export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.models.response.trends import Trends
from lmdesk.views.assessment.trend_export import write_trend_csv
from lmdesk.views.assessment.trend_plot import TrendPlot
from lmdesk.views.sheet.sheets_view import AskPath

Report = Callable[[str, bool], None]  # (message, is_error)


class TrendPanel(QWidget):
    def __init__(self, ask_path: AskPath, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ask_path = ask_path
        self._report = report
        self.plot = TrendPlot()
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.png_button, self.csv_button = QPushButton(), QPushButton()
        self.png_button.clicked.connect(self._choose_png)
        self.csv_button.clicked.connect(self._choose_csv)
        buttons = QHBoxLayout()
        buttons.addWidget(self.legend, 1)
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def set_trends(self, trends: Trends | None) -> None:
        self.plot.set_trends(trends)

    def _choose_png(self) -> None:
        path = self._ask_path(self, _("Export trends"), "trends.png", _("PNG image (*.png)"))
        if path:
            self.export_png(Path(path))

    def _choose_csv(self) -> None:
        path = self._ask_path(self, _("Export trends"), "trends.csv", _("CSV (*.csv)"))
        if path:
            self.export_csv(Path(path))

    def export_png(self, path: Path) -> None:
        try:
            self.plot.save_png(path)
        except OSError as err:
            self._report(str(err), True)
            return
        self._report(_("Wrote {path}.").format(path=path), False)

    def export_csv(self, path: Path) -> None:
        if self.plot.trends is None:
            return
        try:
            write_trend_csv(path, self.plot.trends)
        except (OSError, BadInputError) as err:
            self._report(str(err), True)
            return
        self._report(_("Wrote {path}.").format(path=path), False)

    def retranslate(self) -> None:
        self.plot.retranslate()
        self.legend.setText(
            _(
                "Grey lines: IT doses (solid given, dashed still to come); orange: adverse "
                "events (red: grade 3 or more); dotted blue: the baseline."
            )
        )
        self.png_button.setText(_("Export PNG"))
        self.csv_button.setText(_("Export CSV"))
