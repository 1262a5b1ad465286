"""The PK plot: one curve per compartment, threshold, band, measured points, dose markers.

Shows what it is given and nothing more: data arrive in mg/L and are converted only for
display. Long curves are drawn with pyqtgraph's peak downsampling and clip-to-view, so a
year at 1-minute resolution still redraws within a frame.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from lmdesk.i18n import _
from lmdesk.models.pk.compartments import COMPARTMENT_LABELS, COMPARTMENT_SHORT, COMPARTMENTS

COLOURS = {
    "ventricular": "#1f5fa8",
    "cranial": "#2a9d8f",
    "cervical": "#8d6cab",
    "thoracic": "#b5838d",
    "lumbar": "#e07b00",
}
DEFAULT_SHOWN = ("ventricular", "cranial", "lumbar")


def nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 x 10^k at or above ``value`` (value > 0)."""
    exponent = np.floor(np.log10(value))
    for step in (1.0, 2.0, 5.0, 10.0):
        candidate = step * 10.0**exponent
        if candidate >= value:
            return float(candidate)
    return float(10.0 ** (exponent + 1))


class PkPlot(QWidget):
    """Plot + compartment toggles + crosshair read-out. ``unit_factor`` converts mg/L."""

    readout_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No antialiasing and 1-px curves: with them a repaint of an 8-week course took
        # ~300 ms, without ~15 ms (the what-if must redraw within a frame).
        pg.setConfigOptions(antialias=False, background="w", foreground="k")
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("pk_plot")
        self.item = self.plot.getPlotItem()
        # horizontal grid lines are our own few items: the axis grid repainted the whole
        # axis picture on every what-if frame
        self.grid_lines: list[pg.InfiniteLine] = []
        self._grid_pen = pg.mkPen(200, 200, 200)
        # the range is set from the data we already know (auto-range rescans every point)
        self.item.disableAutoRange()
        # fewer tick levels: axis painting was a large part of each what-if frame
        self.item.getAxis("left").setStyle(maxTickLevel=1)
        self.item.getAxis("bottom").setStyle(maxTickLevel=0)
        self.legend = self.item.addLegend(offset=(-10, 10))
        self.unit = "mg/L"
        self.unit_factor = 1.0
        self.free_of: str | None = None  # a depot drug: the curves are of the free drug
        self.log_y = False
        self._times = np.zeros(0)
        self._conc = np.zeros((len(COMPARTMENTS), 0))
        self._band: dict[float, np.ndarray] | None = None
        self._band_rows: tuple[int, ...] = ()
        self._band_times = np.zeros(0)
        self._individual: np.ndarray | None = None
        self._individual_times: np.ndarray | None = None
        self._measured: list[tuple[float, str, float]] = []
        self._threshold: float | None = None
        self._dose_times: list[float] = []
        self._planned: list[bool] = []
        self._range: tuple[object, ...] = ()
        self._legend_signature: tuple[object, ...] = ()

        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in COMPARTMENTS:
            curve = self.item.plot(pen=pg.mkPen(COLOURS[name], width=1), name=name)
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            self.curves[name] = curve
        self.individual_curve = self.item.plot(
            pen=pg.mkPen("#000000", width=2, style=Qt.PenStyle.DashLine)
        )
        self.band_items: list[pg.GraphicsObject] = []
        self.points = pg.ScatterPlotItem(size=9, pen=pg.mkPen("k"), brush=pg.mkBrush("#ffd166"))
        self.item.addItem(self.points)
        self.threshold_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen("#b00020", width=1.5, style=Qt.PenStyle.DashLine)
        )
        self.item.addItem(self.threshold_line, ignoreBounds=True)
        self.threshold_line.hide()
        # legend entry for the threshold (an InfiniteLine cannot stand in a legend)
        self.threshold_key = pg.PlotDataItem(
            pen=pg.mkPen("#b00020", width=1.5, style=Qt.PenStyle.DashLine)
        )
        self.dose_lines: list[pg.InfiniteLine] = []
        self._given_pen = pg.mkPen("#777777", width=1)
        self._planned_pen = pg.mkPen("#777777", width=1, style=Qt.PenStyle.DashLine)
        self.vline = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888888"))
        self.hline = pg.InfiniteLine(angle=0, pen=pg.mkPen("#888888"))
        self.item.addItem(self.vline, ignoreBounds=True)
        self.item.addItem(self.hline, ignoreBounds=True)
        self.readout = QLabel()
        self.readout.setObjectName("pk_readout")
        self._mouse = pg.SignalProxy(
            self.plot.scene().sigMouseMoved, rateLimit=60, slot=self._on_mouse
        )

        self.toggles: dict[str, QCheckBox] = {}
        toggles = (
            QGridLayout()
        )  # three per row: one long row made the window wider than a ward screen
        for k, name in enumerate(COMPARTMENTS):
            box = QCheckBox()
            box.setObjectName(f"show_{name}")
            box.setChecked(name in DEFAULT_SHOWN)
            box.setStyleSheet(f"color: {COLOURS[name]}; font-weight: bold;")
            box.toggled.connect(self._apply_visibility)
            self.toggles[name] = box
            toggles.addWidget(box, 0, k)
        toggles.setColumnStretch(len(COMPARTMENTS), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toggles)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.readout)
        self.retranslate()
        self._apply_visibility()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        for name, box in self.toggles.items():
            box.setText(_(COMPARTMENT_SHORT[name]))
            box.setToolTip(_(COMPARTMENT_LABELS[name]))
        self.item.setLabel("bottom", _("Time after first dose (h)"))
        self.item.setLabel("left", self._left_label())
        self._rebuild_legend(force=True)

    def _left_label(self) -> str:
        if self.free_of:
            return _("Free {drug} in CSF ({unit})").format(drug=self.free_of, unit=self.unit)
        return _("CSF concentration ({unit})").format(unit=self.unit)

    def set_free_drug(self, drug: str | None) -> None:
        """Say on the axis that the curves are of the free drug (a depot drug), or not."""
        if drug != self.free_of:
            self.free_of = drug
            self.item.setLabel("left", self._left_label())

    def _rebuild_legend(self, force: bool = False) -> None:
        signature = (
            tuple(n for n in COMPARTMENTS if self.toggles[n].isChecked()),
            self._individual is not None,
            bool(self._measured),
            self._threshold is not None,
        )
        if signature == self._legend_signature and not force:
            return  # rebuilding the legend costs more than a redraw of every curve
        self._legend_signature = signature
        self.legend.clear()
        for name in COMPARTMENTS:
            if self.toggles[name].isChecked():
                self.legend.addItem(self.curves[name], _(COMPARTMENT_LABELS[name]))
        if self._individual is not None:
            self.legend.addItem(self.individual_curve, _("Fitted patient"))
        if self._measured:
            self.legend.addItem(self.points, _("Measured levels"))
        if self._threshold is not None:
            self.legend.addItem(self.threshold_key, _("Cytotoxic threshold"))

    # ------------------------------------------------------------------ data
    def set_unit(self, unit: str, factor: float) -> None:
        self.unit, self.unit_factor = unit, factor
        self.item.setLabel("left", self._left_label())
        self._redraw()

    def set_log(self, on: bool) -> None:
        self.log_y = on
        self.item.setLogMode(y=on)
        self._redraw()

    def show_run(
        self,
        times_h: np.ndarray,
        conc_mg_l: np.ndarray,
        dose_times_h: list[float],
        threshold_mg_l: float | None,
        unit: str,
        factor: float,
        log_y: bool,
        planned: list[bool] | None = None,
    ) -> None:
        """Everything of one recompute in a single redraw (the what-if path).

        ``planned`` marks doses not given yet (dashed markers); given doses are solid.
        """
        self._times, self._conc = times_h, conc_mg_l
        self._dose_times = list(dose_times_h)
        self._planned = list(planned) if planned else [False] * len(self._dose_times)
        self._threshold = threshold_mg_l
        self._individual = self._individual_times = None
        if unit != self.unit:
            self.unit, self.unit_factor = unit, factor
            self.item.setLabel("left", self._left_label())
        self.unit_factor = factor
        if log_y != self.log_y:
            self.log_y = log_y
            self.item.setLogMode(y=log_y)
        self._redraw()

    def set_curves(
        self,
        times_h: np.ndarray,
        conc_mg_l: np.ndarray,
        dose_times_h: list[float],
        threshold_mg_l: float | None,
    ) -> None:
        self._times, self._conc = times_h, conc_mg_l
        self._dose_times = list(dose_times_h)
        self._threshold = threshold_mg_l
        self._redraw()
        self._rebuild_legend()

    def set_band(
        self,
        times_h: np.ndarray | None,
        rows: tuple[int, ...],
        values: dict[float, np.ndarray] | None,
    ) -> None:
        self._band, self._band_rows = values, rows
        self._band_times = times_h if times_h is not None else np.zeros(0)
        self._draw_band()
        self.fit_range()

    def set_measured(self, points: list[tuple[float, str, float]]) -> None:
        """(time h, site, value mg/L) of the entered levels."""
        self._measured = list(points)
        self._draw_points()
        self.fit_range()

    def set_individual(self, times_h: np.ndarray | None, conc_mg_l: np.ndarray | None) -> None:
        self._individual, self._individual_times = conc_mg_l, times_h
        self._draw_individual()
        self._rebuild_legend()
        self.fit_range()

    def _draw_individual(self) -> None:
        if self._individual is not None and self._individual_times is not None:
            self.individual_curve.setData(self._individual_times, self._y(self._individual))
            self.individual_curve.show()
        else:
            self.individual_curve.setData([], [])
            self.individual_curve.hide()

    def _floor(self) -> float:
        """Lowest value drawn on the log axis: six decades below the highest peak."""
        peak = float(self._conc.max()) if self._conc.size else 1.0
        return max(peak * self.unit_factor, 1e-12) * 1e-6

    def _y(self, values: np.ndarray) -> np.ndarray:
        y = values * self.unit_factor
        if self.log_y:
            return np.maximum(y, self._floor())
        return y

    def _redraw(self) -> None:
        for i, name in enumerate(COMPARTMENTS):
            self._draw_curve(i, name)
        self._draw_individual()
        if self._threshold is not None:
            value = self._threshold * self.unit_factor
            position = float(np.log10(value) if self.log_y else value)
            if self.threshold_line.value() != position:
                self.threshold_line.setPos(position)
            self.threshold_line.setVisible(True)
        else:
            self.threshold_line.setVisible(False)
        self._draw_dose_lines()
        self._draw_band()
        self._draw_points()
        self._rebuild_legend()
        self.fit_range()

    def fit_range(self) -> None:
        """Show all of the time span and every drawn value (curves, band, fit, points)."""
        if not self._times.size:
            return
        shown = [i for i, n in enumerate(COMPARTMENTS) if self.toggles[n].isChecked()]
        peaks = [float(self._conc[shown].max())] if shown else [float(self._conc.max())]
        if self._band and 95.0 in self._band:
            peaks.append(float(self._band[95.0].max()))
        if self._individual is not None:
            peaks.append(float(self._individual.max()))
        peaks += [v for _t, _s, v in self._measured]
        top = max(peaks) * self.unit_factor
        if top <= 0:
            top = 1.0
        # rounded limits: a small what-if change keeps the axes, so they are not redrawn
        if self.log_y:
            y_range = (
                np.floor(np.log10(self._floor()) * 2) / 2,
                np.ceil((np.log10(top) + 0.1) * 2) / 2,
            )
        else:
            y_range = (0.0, nice_ceiling(top * 1.05))
        x_range = (float(self._times[0]), float(self._times[-1]))
        if (x_range, y_range) != self._range:
            self._range = (x_range, y_range)
            self.item.setRange(xRange=x_range, yRange=y_range, padding=0.02)
            self._draw_grid(y_range)

    def _draw_grid(self, y_range: tuple[float, float]) -> None:
        """Lines at each decade (log axis) or at five round steps (linear axis)."""
        low, high = y_range
        if self.log_y:
            levels = list(np.arange(np.ceil(low), np.floor(high) + 1))
        else:
            step = nice_ceiling(high / 5.0) if high > 0 else 1.0
            levels = list(np.arange(step, high + 1e-12, step))
        while len(self.grid_lines) < len(levels):
            line = pg.InfiniteLine(angle=0, pen=self._grid_pen)
            line.setZValue(-20)
            self.item.addItem(line, ignoreBounds=True)
            self.grid_lines.append(line)
        for k, line in enumerate(self.grid_lines):
            if k < len(levels):
                line.setPos(float(levels[k]))
                line.show()
            else:
                line.hide()

    def _draw_curve(self, i: int, name: str) -> None:
        """Hidden curves are emptied and filled again when shown: setData is the costly part."""
        curve = self.curves[name]
        shown = self.toggles[name].isChecked()
        if shown and self._conc.shape[1]:
            curve.setData(self._times, self._y(self._conc[i]), skipFiniteCheck=True)
        else:
            curve.setData([], [])
        curve.setVisible(shown)

    def _draw_dose_lines(self) -> None:
        """Reuse the marker items; only their count and positions change."""
        while len(self.dose_lines) > len(self._dose_times):
            self.item.removeItem(self.dose_lines.pop())
        while len(self.dose_lines) < len(self._dose_times):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#777777", width=1))
            self.item.addItem(line, ignoreBounds=True)
            self.dose_lines.append(line)
        planned = self._planned if len(self._planned) == len(self._dose_times) else []
        for k, (line, t) in enumerate(zip(self.dose_lines, self._dose_times, strict=True)):
            if line.value() != t:
                line.setPos(t)
            pen = self._planned_pen if planned and planned[k] else self._given_pen
            if line.pen is not pen:
                line.setPen(pen)

    def _draw_band(self) -> None:
        for band_item in self.band_items:
            self.item.removeItem(band_item)
        self.band_items = []
        if not self._band or not self._band_times.size:
            return
        for row_pos, row in enumerate(self._band_rows):
            name = COMPARTMENTS[row]
            if not self.toggles[name].isChecked():
                continue
            colour = pg.mkColor(COLOURS[name])
            for (low, high), alpha in (((5.0, 95.0), 40), ((25.0, 75.0), 80)):
                lo = pg.PlotDataItem(self._band_times, self._y(self._band[low][row_pos]))
                hi = pg.PlotDataItem(self._band_times, self._y(self._band[high][row_pos]))
                for edge in (lo, hi):
                    edge.setPen(pg.mkPen(None))
                    edge.setLogMode(False, self.log_y)  # not on the plot: set it here
                colour.setAlpha(alpha)
                fill = pg.FillBetweenItem(lo, hi, brush=pg.mkBrush(colour))
                fill.setZValue(-10)
                self.item.addItem(fill)
                self.band_items.append(fill)

    def _draw_points(self) -> None:
        if not self._measured:
            self.points.setData([], [])
            return
        xs = [t for t, _s, _v in self._measured]
        ys = [v * self.unit_factor for _t, _s, v in self._measured]
        if self.log_y:
            ys = [np.log10(max(y, self._floor())) for y in ys]  # scatter has no log mode
        self.points.setData(xs, ys)

    def _apply_visibility(self) -> None:
        for i, name in enumerate(COMPARTMENTS):
            self._draw_curve(i, name)
        self._draw_band()
        self._rebuild_legend()
        self.fit_range()

    # ------------------------------------------------------------------ crosshair
    def value_at(self, t: float) -> dict[str, float]:
        """Displayed concentration of each shown compartment at time ``t`` (nearest point)."""
        if not self._times.size:
            return {}
        i = int(np.clip(np.searchsorted(self._times, t), 0, self._times.size - 1))
        return {
            name: float(self._conc[k, i] * self.unit_factor)
            for k, name in enumerate(COMPARTMENTS)
            if self.toggles[name].isChecked()
        }

    def readout_text(self, t: float) -> str:
        parts = [_("t = {t:.2f} h").format(t=t)]
        for name, value in self.value_at(t).items():
            parts.append(f"{_(COMPARTMENT_LABELS[name])}: {value:.4g} {self.unit}")
        return "   ".join(parts)

    def _on_mouse(self, event: tuple[object]) -> None:
        pos = event[0]
        if not self.item.sceneBoundingRect().contains(pos):
            return
        point = self.item.vb.mapSceneToView(pos)
        self.vline.setPos(point.x())
        self.hline.setPos(point.y())
        text = self.readout_text(float(point.x()))
        self.readout.setText(text)
        self.readout_changed.emit(text)

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The curves as given (times in h, concentrations in mg/L per compartment)."""
        return self._times, self._conc
