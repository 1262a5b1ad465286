"""Export of the PK plot: PNG as on screen, SVG for print, CSV of the curves (in a worker)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

from lmdesk.i18n import _
from lmdesk.models.pk.compartments import COMPARTMENTS
from lmdesk.private_files import write_private
from lmdesk.views.common.image_export import png_bytes
from lmdesk.views.pk.plot_widget import PkPlot


def export_png(plot: PkPlot, path: Path) -> None:
    """The plot exactly as on screen (fast); SVG is the export for print quality."""
    write_private(path, png_bytes(plot.plot.grab(), path))


def export_svg(plot: PkPlot, path: Path) -> None:
    """Vector export through Qt's own SVG generator, drawing the scene as shown."""
    rect = plot.item.sceneBoundingRect()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(rect.size().toSize())
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(_("CSF concentration curves"))
    painter = QPainter(generator)
    try:
        plot.plot.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    finally:
        painter.end()
    buffer.close()
    write_private(path, bytes(data.data()))


def csv_rows(plot: PkPlot) -> tuple[list[str], np.ndarray]:
    """Header and table (time, every compartment in the displayed unit) for CSV export."""
    times, conc = plot.curve_data()
    header = ["time_h", *[f"{name} ({plot.unit})" for name in COMPARTMENTS]]
    return header, np.column_stack([times, (conc * plot.unit_factor).T])


#: Rows formatted between two progress reports (a year at 1-minute steps: ten reports).
CSV_BLOCK_ROWS = 50_000


def write_csv(
    path: Path,
    header: list[str],
    table: np.ndarray,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write the curves as CSV (run in a worker: a year at 1-minute steps is 500k rows, about
    a second), owner-only and whole or not at all: ``progress(rows_done, rows)`` follows the
    formatting, and what it raises (a Cancel) leaves no file. UTF-8 with a BOM: Excel on a
    Chinese Windows reads a file without one in the ANSI code page (GBK) and garbles the
    non-ASCII header."""
    text = io.StringIO(newline="")
    csv.writer(text).writerow(header)
    rows = len(table)
    for start in range(0, rows, CSV_BLOCK_ROWS):
        np.savetxt(text, table[start : start + CSV_BLOCK_ROWS], delimiter=",", fmt="%.6g")
        if progress is not None:
            progress(min(start + CSV_BLOCK_ROWS, rows), rows)
    write_private(path, text.getvalue().encode("utf-8-sig"))
