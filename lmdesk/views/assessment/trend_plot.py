"""KPS, ECOG and CSF markers over the course, on one date axis with its IT doses and AEs.

Three plots side by side share the x axis (dates): a ward screen is wider than tall. Every
plot carries the course's doses (grey lines: solid given, dashed still to come) and adverse
events (orange lines; red for grade 3 or more, the one danger shown); the baseline is a
dotted blue line. Marker series
are drawn as recorded, one per marker and unit, with the +/-35 % band around the
baseline's value as dashed lines in the series' colour [R62].
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lmdesk.i18n import _
from lmdesk.models.response import sources
from lmdesk.models.response.texts import cite
from lmdesk.models.response.trends import Trends
from lmdesk.private_files import write_private
from lmdesk.views.common.image_export import png_bytes
from lmdesk.views.date_axis import LocalDateAxis

COLOURS = ("#1f5fa8", "#2a9d8f", "#8d6cab", "#b5838d", "#e07b00", "#3d405b")
DANGER = "#b00020"
AE_COLOUR = "#e09f3e"
DAY_S = 86400.0


def x_of(day: dt.date) -> float:
    """Seconds since the epoch at the day's midnight UTC (the axis reads it in UTC)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()


class TrendPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(background="w", foreground="k")
        self.view = pg.GraphicsLayoutWidget()
        self.view.setObjectName("trend_plot")
        self.view.setMinimumHeight(220)
        self.kps = self._plot(0)
        self.ecog = self._plot(1)
        self.markers = self._plot(2)
        for plot in (self.ecog, self.markers):
            plot.setXLink(self.kps)
        self.kps.setYRange(0, 100, padding=0.05)
        self.ecog.setYRange(0, 5, padding=0.08)
        self.ecog.getViewBox().invertY(True)  # up is better on all three rows
        self.legend = self.markers.addLegend(offset=(5, -5))
        self.trends: Trends | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.retranslate()

    def _plot(self, row: int) -> pg.PlotItem:
        plot = self.view.addPlot(row=0, col=row, axisItems={"bottom": LocalDateAxis()})
        plot.showGrid(x=False, y=True, alpha=0.2)
        plot.getAxis("left").setWidth(48)
        plot.setMouseEnabled(x=True, y=False)
        plot.getViewBox().setLimits(minXRange=3 * DAY_S)  # a day is the finest unit recorded
        return plot

    def set_trends(self, trends: Trends | None) -> None:
        self.trends = trends
        self._draw()

    def _draw(self) -> None:
        for plot in (self.kps, self.ecog, self.markers):
            plot.clear()
        self.legend.clear()
        trends = self.trends
        if trends is None:
            return
        for key, plot in (("kps", self.kps), ("ecog", self.ecog)):
            series = trends.get(key)
            if series and series.points:
                xs = [x_of(d) for d, _v in series.points]
                ys = [float(v) for _d, v in series.points]
                plot.plot(xs, ys, pen=pg.mkPen("#1f5fa8", width=2), symbol="o", symbolSize=7)
        for n, series in enumerate(trends.markers):
            colour = COLOURS[n % len(COLOURS)]
            xs = [x_of(d) for d, _v in series.points]
            ys = [float(v) for _d, v in series.points]
            self.markers.plot(
                xs,
                ys,
                pen=pg.mkPen(colour, width=2),
                symbol="s",
                symbolSize=7,
                symbolBrush=colour,
                name=f"{series.name} ({series.unit})",
            )
            band = trends.band(series.key)
            if band is not None:
                for value in band:
                    line = pg.InfiniteLine(
                        pos=float(value),
                        angle=0,
                        pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine),
                    )
                    self.markers.addItem(line)  # the band counts for the y range
        self._marks(trends)
        days = trends.days()
        if days:
            self.kps.setXRange(x_of(days[0]) - DAY_S, x_of(days[-1]) + DAY_S, padding=0.02)
        self.markers.enableAutoRange(axis="y")

    def _marks(self, trends: Trends) -> None:
        given = pg.mkPen("#777777", width=1)
        planned = pg.mkPen("#777777", width=1, style=Qt.PenStyle.DashLine)
        for plot in (self.kps, self.ecog, self.markers):
            for dose in trends.doses:
                pen = given if dose.status == "given" else planned
                plot.addItem(pg.InfiniteLine(pos=x_of(dose.day), angle=90, pen=pen))
            for ae in trends.aes:
                colour = DANGER if ae.grade >= 3 else AE_COLOUR
                plot.addItem(
                    pg.InfiniteLine(pos=x_of(ae.day), angle=90, pen=pg.mkPen(colour, width=2))
                )
            if trends.baseline_day is not None:
                plot.addItem(
                    pg.InfiniteLine(
                        pos=x_of(trends.baseline_day),
                        angle=90,
                        pen=pg.mkPen("#1f5fa8", width=1, style=Qt.PenStyle.DotLine),
                    )
                )

    def save_png(self, path: Path) -> None:
        """The plots exactly as on screen, written owner-only (they carry the patient's data)."""
        write_private(path, png_bytes(self.view.grab(), path))

    def retranslate(self) -> None:
        self.kps.setTitle(
            _("KPS, higher is better {src}").format(src=cite(sources.KPS)), size="9pt"
        )
        self.ecog.setTitle(
            _("ECOG, lower is better (shown upwards) {src}").format(src=cite(sources.ECOG)),
            size="9pt",
        )
        self.markers.setTitle(
            _("CSF markers as recorded; dashed: +/-35 % of the baseline {src}").format(
                src=cite(sources.MARKER_RULE)
            ),
            size="9pt",
        )
        self._draw()
