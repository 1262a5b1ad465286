"""Metrics under the plot: one row per compartment, units in the headers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from lmdesk.i18n import _
from lmdesk.models.pk.compartments import COMPARTMENT_SHORT, COMPARTMENTS
from lmdesk.models.pk.metrics import CompartmentMetrics


def _fmt(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}g}"


class MetricsTable(QTableWidget):
    """Cmax, Tmax, AUC, last trough, time above threshold and accumulation per compartment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(len(COMPARTMENTS), 7, parent)
        self.setObjectName("pk_metrics")
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # sized once per fill, not on every cell change (that made each what-if edit slow)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # headers wrap onto two lines so all seven columns are read at once on 1280 px
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(2 * header.fontMetrics().height() + 10)
        header.setStretchLastSection(True)
        self.unit = "mg/L"
        self.factor = 1.0
        self._metrics: dict[str, CompartmentMetrics] = {}
        self._sized = False
        self.retranslate()

    def retranslate(self) -> None:
        self._sized = False  # header texts change width
        u = self.unit
        self.setHorizontalHeaderLabels(
            [
                _("Compartment"),
                _("Cmax ({unit})").format(unit=u),
                _("Tmax (h)"),
                _("AUC ({unit}·h)").format(unit=u),
                _("Last trough ({unit})").format(unit=u),
                _("Time above threshold (h)"),
                _("Accumulation (Cmax last/first)"),
            ]
        )
        self.show_metrics(self._metrics)

    def set_unit(
        self, unit: str, factor: float, metrics: dict[str, CompartmentMetrics] | None = None
    ) -> None:
        changed = unit != self.unit
        self.unit, self.factor = unit, factor
        if metrics is not None:
            self._metrics = metrics
        if changed:
            self.retranslate()
        else:
            self.show_metrics(self._metrics)

    def show_metrics(self, metrics: dict[str, CompartmentMetrics]) -> None:
        self._metrics = metrics
        self.setUpdatesEnabled(False)
        try:
            self._fill(metrics)
        finally:
            self.setUpdatesEnabled(True)
        if not self._sized:
            self._size_columns()
            self._sized = bool(metrics)
        self.setFixedHeight(self._table_height())

    def _size_columns(self) -> None:
        """Each column as wide as its cells and its header on two lines (three if long)."""
        header = self.horizontalHeader()
        for column in range(self.columnCount()):
            cells = self.sizeHintForColumn(column)
            item = self.horizontalHeaderItem(column)
            text = item.text() if item is not None else ""
            fm = header.fontMetrics()
            word = max((fm.horizontalAdvance(w) for w in text.split()), default=0)
            two_lines = fm.horizontalAdvance(text) * 6 // 10  # a little over half: word breaks
            self.setColumnWidth(column, max(cells, word + 16, min(two_lines + 16, 160), 56))

    def _table_height(self) -> int:
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        bar = self.horizontalScrollBar().sizeHint().height()
        return self.horizontalHeader().height() + rows + bar + 2 * self.frameWidth()

    def _fill(self, metrics: dict[str, CompartmentMetrics]) -> None:
        for row, name in enumerate(COMPARTMENTS):
            m = metrics.get(name)
            troughs = [i.trough for i in m.intervals if i.trough is not None] if m else []
            cells = [
                _(COMPARTMENT_SHORT[name]),
                _fmt(m.cmax * self.factor) if m else "—",
                f"{m.tmax_h:.2f}" if m else "—",
                _fmt(m.auc * self.factor) if m else "—",
                _fmt(troughs[-1] * self.factor) if troughs else "—",
                (
                    _("no published threshold")
                    if m.time_above_threshold_h is None
                    else f"{m.time_above_threshold_h:.1f}"
                )
                if m
                else "—",
                _fmt(m.accumulation_cmax, 3) if m else "—",
            ]
            for col, text in enumerate(cells):
                item = self.item(row, col)
                if item is None:
                    self.setItem(row, col, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)

    def cell_text(self, name: str, column: int) -> str:
        item = self.item(COMPARTMENTS.index(name), column)
        return item.text() if item is not None else ""
