"""Export of the PK plot: PNG as on screen, SVG for print, CSV of the curves (in a worker)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

from lmdesk.i18n import _
from lmdesk.models.pk.compartments import COMPARTMENTS
from lmdesk.views.pk.plot_widget import PkPlot


def export_png(plot: PkPlot, path: Path) -> None:
    """The plot exactly as on screen (fast); SVG is the export for print quality."""
    if not plot.plot.grab().save(str(path), "PNG"):
        raise OSError(_("Could not write {path}.").format(path=path))


def export_svg(plot: PkPlot, path: Path) -> None:
    """Vector export through Qt's own SVG generator, drawing the scene as shown."""
    rect = plot.item.sceneBoundingRect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(rect.size().toSize())
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(_("CSF concentration curves"))
    painter = QPainter(generator)
    try:
        plot.plot.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    finally:
        painter.end()


def csv_rows(plot: PkPlot) -> tuple[list[str], np.ndarray]:
    """Header and table (time, every compartment in the displayed unit) for CSV export."""
    times, conc = plot.curve_data()
    header = ["time_h", *[f"{name} ({plot.unit})" for name in COMPARTMENTS]]
    return header, np.column_stack([times, (conc * plot.unit_factor).T])


def write_csv(path: Path, header: list[str], table: np.ndarray) -> None:
    """Write the curves as CSV (run in a worker: a year at 1-minute steps is 500k rows)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(header)
        np.savetxt(fh, table, delimiter=",", fmt="%.6g")
