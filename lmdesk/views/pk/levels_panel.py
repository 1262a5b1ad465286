"""Measured CSF levels and the individual fit's prior vs fitted table.

The panel only collects entries and shows results; the fit itself runs in a worker
started by the view (``fit_requested``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import N_, _
from lmdesk.models.pk.compartments import COMPARTMENT_LABELS
from lmdesk.models.pk.fitting import FitResult, Measurement
from lmdesk.models.pk.population import PARAMETERS
from lmdesk.models.pk.units import UNITS
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
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("levels_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.result = QTableWidget(len(PARAMETERS), 4)
        self.result.setObjectName("fit_table")
        self.result.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.result.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.result.verticalHeader().hide()
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
        self.table.setHorizontalHeaderLabels([_("Time (h)"), _("Site"), _("Value"), _("Unit")])
        self.result.setHorizontalHeaderLabels(
            [_("Parameter"), _("Prior"), _("Fitted"), _("95 % interval")]
        )
        self._fill_levels()
        self.show_fit(self._fit)

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
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.levels[row]
        self._fill_levels()
        self.levels_changed.emit()

    def _fill_levels(self) -> None:
        self.table.setRowCount(len(self.levels))
        for r, m in enumerate(self.levels):
            cells = [f"{m.time_h:g}", _(COMPARTMENT_LABELS[m.site]), f"{m.value:g}", m.unit]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def show_fit(self, fit: FitResult | None) -> None:
        """Prior (= 1 x reference value) against the fitted multiplier and its interval."""
        self._fit = fit
        ci = fit.ci95() if fit else {}
        multipliers = fit.multipliers() if fit else {}
        for r, name in enumerate(PARAMETERS):
            fitted = "—"
            interval = "—"
            if fit is not None:
                if name in fit.fitted_parameters:
                    fitted = f"× {multipliers[name]:.2f}"
                    low, high = ci[name]
                    interval = f"× {low:.2f} – {high:.2f}"
                else:
                    fitted = _("not fitted")
            cells = [_(PARAMETER_LABELS[name]), "× 1.00", fitted, interval]
            for c, text in enumerate(cells):
                self.result.setItem(r, c, QTableWidgetItem(text))
