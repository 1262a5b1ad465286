"""Measured CSF levels and the individual fit's prior vs fitted table.

The panel only collects entries and shows results; the fit itself runs in a worker
started by the view (``fit_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import N_, _
from lmdesk.models.pk.compartments import COMPARTMENT_LABELS
from lmdesk.models.pk.fitting import FitResult, Measurement
from lmdesk.models.pk.population import PARAMETERS
from lmdesk.models.pk.units import UNITS
from lmdesk.views.common.keyed_rows import Key, KeyedRowsModel, keyed_proxy, rows_height
from lmdesk.views.common.list_table import PAYLOAD_ROLE, filter_box, filter_placeholder, sortable
from lmdesk.views.common.status_line import status_line

SITES = ("lumbar", "ventricular")
PARAMETER_LABELS = {
    "volume": N_("CSF volume"),
    "production": N_("CSF production"),
    "exchange": N_("CSF mixing"),
    "clearance": N_("Drug clearance"),
}


class LevelsPanel(QWidget):
    fit_requested = Signal()
    levels_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = QDoubleSpinBox()
        self.time.setObjectName("level_time")
        self.time.setRange(0.0, 24 * 366.0)
        self.time.setDecimals(2)
        self.time.setSuffix(" h")
        self.site = QComboBox()
        self.site.setObjectName("level_site")
        self.value = QDoubleSpinBox()
        self.value.setObjectName("level_value")
        self.value.setRange(0.0, 1e6)
        self.value.setDecimals(4)
        self.unit = QComboBox()
        self.unit.setObjectName("level_unit")
        for unit in UNITS:
            self.unit.addItem(unit, unit)
        self.add = QPushButton()
        self.add.setObjectName("level_add")
        self.remove = QPushButton()
        self.remove.setObjectName("level_remove")
        self.fit = QPushButton()
        self.fit.setObjectName("fit_button")
        self.levels_model = KeyedRowsModel(self)
        self.levels_proxy = keyed_proxy(self.levels_model, self)
        self.levels_filter = filter_box(self.levels_proxy, "levels_table")
        self.table = QTableView()
        self.table.setModel(self.levels_proxy)
        sortable(self.table, "levels_table")
        # the four parameters, all seen: its height is theirs, the rest goes to the levels
        self.fit_model = KeyedRowsModel(self)
        self.fit_proxy = keyed_proxy(self.fit_model, self)
        self.result = QTableView()
        self.result.setModel(self.fit_proxy)
        sortable(self.result, "fit_table")
        self._set_headers()  # the columns first: a resize mode is kept per column
        for view in (self.table, self.result):  # all columns share the width
            view.horizontalHeader().setStretchLastSection(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.result.verticalHeader().hide()
        self.result.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.result.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.status = status_line(QLabel())
        self.status.setObjectName("fit_status")
        self.status.setWordWrap(True)
        # two rows: in one, the side panel was narrower than its five boxes and the
        # button's text was cut (issue 26)
        when = QHBoxLayout()
        when.addWidget(self.time, 1)
        when.addWidget(self.site, 2)
        level = QHBoxLayout()
        level.addWidget(self.value, 2)
        level.addWidget(self.unit, 1)
        level.addWidget(self.add)
        entry = QVBoxLayout()
        entry.addLayout(when)
        entry.addLayout(level)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        buttons.addWidget(self.fit)
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        layout.addWidget(self.levels_filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.status)
        self.levels: list[Measurement] = []
        self.add.clicked.connect(self.add_current)
        self.remove.clicked.connect(self.remove_selected)
        self.fit.clicked.connect(self.fit_requested)
        self._fit: FitResult | None = None
        self.retranslate()

    def retranslate(self) -> None:
        current = self.site.currentData()
        self.site.clear()
        for site in SITES:
            self.site.addItem(_(COMPARTMENT_LABELS[site]), site)
        if current is not None:
            self.site.setCurrentIndex(max(0, self.site.findData(current)))
        self.add.setText(_("Add level"))
        self.remove.setText(_("Remove selected"))
        self.fit.setText(_("Fit to measured levels"))
        filter_placeholder(self.levels_filter)
        self._set_headers()
        self._fill_levels()
        self.show_fit(self._fit)

    def _set_headers(self) -> None:
        self.levels_model.set_headers([_("Time (h)"), _("Site"), _("Value"), _("Unit")])
        self.fit_model.set_headers([_("Parameter"), _("Prior"), _("Fitted"), _("95 % interval")])

    def add_level(self, level: Measurement) -> None:
        self.levels.append(level)
        self.levels.sort(key=lambda m: m.time_h)
        self._fill_levels()
        self.levels_changed.emit()

    def add_current(self) -> None:
        if self.value.value() <= 0:
            self.status.setText(_("Enter a measured value above 0."))
            return
        self.add_level(
            Measurement(
                time_h=self.time.value(),
                site=str(self.site.currentData()),
                value=self.value.value(),
                unit=str(self.unit.currentData()),
            )
        )

    def remove_selected(self) -> None:
        """Remove the selected row's level: the row's own object, wherever the user's sorting
        or filter put it."""
        chosen = self.selected_level()
        if chosen is None:
            return
        self.levels = [m for m in self.levels if m is not chosen]
        self._fill_levels()
        self.levels_changed.emit()

    def selected_level(self) -> Measurement | None:
        rows = self.table.selectionModel().selectedRows()
        found = rows[0].data(PAYLOAD_ROLE) if rows else None
        return found if isinstance(found, Measurement) else None

    def shown_levels(self) -> list[Measurement]:
        """The levels top to bottom as the table shows them (sorted, filtered)."""
        proxy = self.levels_proxy
        return [proxy.index(r, 0).data(PAYLOAD_ROLE) for r in range(proxy.rowCount())]

    def _fill_levels(self) -> None:
        rows: list[list[str]] = []
        keys: list[list[Key]] = []
        for m in self.levels:
            site = _(COMPARTMENT_LABELS[m.site])
            rows.append([f"{m.time_h:g}", site, f"{m.value:g}", m.unit])
            keys.append([m.time_h, site, m.value, m.unit])
        self.levels_model.set_keyed_rows(rows, self.levels, keys)

    def show_fit(self, fit: FitResult | None) -> None:
        """Prior (= 1 x reference value) against the fitted multiplier and its interval."""
        self._fit = fit
        ci = fit.ci95() if fit else {}
        multipliers = fit.multipliers() if fit else {}
        rows: list[list[str]] = []
        keys: list[list[Key]] = []
        for name in PARAMETERS:
            fitted, interval = "—", "—"
            fitted_key: float | None = None
            low_key: float | None = None
            if fit is not None:
                if name in fit.fitted_parameters:
                    fitted_key = float(multipliers[name])
                    low, high = ci[name]
                    low_key = float(low)
                    fitted = f"× {fitted_key:.2f}"
                    interval = f"× {low:.2f} – {high:.2f}"
                else:
                    fitted = _("not fitted")
            label = _(PARAMETER_LABELS[name])
            rows.append([label, "× 1.00", fitted, interval])
            keys.append([label, 1.0, fitted_key, low_key])
        self.fit_model.set_keyed_rows(rows, list(PARAMETERS), keys)
        self.result.setFixedHeight(rows_height(self.result, len(PARAMETERS)))

    def fit_text(self, parameter: str, column: int) -> str:
        """The text shown for ``parameter`` (one of PARAMETERS) in ``column``, wherever
        sorting put it."""
        return self.fit_model.row_text(PARAMETERS.index(parameter), column)
