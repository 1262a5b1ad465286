"""Metrics under the plot: one row per compartment, units in the headers, sorted on a click."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from lmdesk.i18n import _
from lmdesk.models.pk.compartments import COMPARTMENT_SHORT, COMPARTMENTS
from lmdesk.models.pk.metrics import CompartmentMetrics
from lmdesk.views.common.keyed_rows import Key, KeyedRowsModel, keyed_proxy, rows_height
from lmdesk.views.common.list_table import PAYLOAD_ROLE, sortable


def _fmt(value: float | None, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}g}"


def _cells(name: str, m: CompartmentMetrics | None, factor: float) -> tuple[list[str], list[Key]]:
    """A compartment's shown texts and their sort keys (its place from the head down, the
    numbers; None where there is no number)."""
    if m is None:
        return [_(COMPARTMENT_SHORT[name])] + ["—"] * 6, [COMPARTMENTS.index(name)] + [None] * 6
    troughs = [i.trough for i in m.intervals if i.trough is not None]
    trough = float(troughs[-1]) * factor if troughs else None
    above = m.time_above_threshold_h
    texts = [
        _(COMPARTMENT_SHORT[name]),
        _fmt(m.cmax * factor),
        f"{m.tmax_h:.2f}",
        _fmt(m.auc * factor),
        _fmt(trough),
        _("no published threshold") if above is None else f"{above:.1f}",
        _fmt(m.accumulation_cmax, 3),
    ]
    keys: list[Key] = [
        COMPARTMENTS.index(name),
        float(m.cmax) * factor,
        float(m.tmax_h),
        float(m.auc) * factor,
        trough,
        None if above is None else float(above),
        None if m.accumulation_cmax is None else float(m.accumulation_cmax),
    ]
    return texts, keys


class MetricsTable(QTableView):
    """Cmax, Tmax, AUC, last trough, time above threshold and accumulation per compartment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model = KeyedRowsModel(self)
        self.proxy = keyed_proxy(self.rows_model, self)
        self.setModel(self.proxy)
        sortable(self, "pk_metrics")
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
        self.rows_model.set_headers(
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
        self.setFixedHeight(rows_height(self, len(COMPARTMENTS), scroll_bar=True))

    def _size_columns(self) -> None:
        """Each column as wide as its cells and its header on two lines (three if long)."""
        header = self.horizontalHeader()
        fm = header.fontMetrics()
        for column in range(self.rows_model.columnCount()):
            cells = self.sizeHintForColumn(column)
            text = self.header_text(column)
            word = max((fm.horizontalAdvance(w) for w in text.split()), default=0)
            two_lines = fm.horizontalAdvance(text) * 6 // 10  # a little over half: word breaks
            self.setColumnWidth(column, max(cells, word + 16, min(two_lines + 16, 160), 56))

    def _fill(self, metrics: dict[str, CompartmentMetrics]) -> None:
        """All rows in one model update (a what-if edit changes the numbers only)."""
        rows, keys = [], []
        for name in COMPARTMENTS:
            texts, row_keys = _cells(name, metrics.get(name), self.factor)
            rows.append(texts)
            keys.append(row_keys)
        self.rows_model.set_keyed_rows(rows, list(COMPARTMENTS), keys)

    def header_text(self, column: int) -> str:
        return str(self.rows_model.headerData(column, Qt.Orientation.Horizontal) or "")

    def cell_text(self, name: str, column: int) -> str:
        """The text shown for compartment ``name`` in ``column``, wherever sorting put it."""
        return self.rows_model.row_text(COMPARTMENTS.index(name), column)

    def shown_compartments(self) -> list[str]:
        """The compartments top to bottom, as sorted."""
        proxy = self.proxy
        return [str(proxy.index(r, 0).data(PAYLOAD_ROLE)) for r in range(proxy.rowCount())]
