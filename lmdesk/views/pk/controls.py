"""The question the clinician asks: drug, route, dose, schedule, CSF flow, display options.

Emits ``changed`` on every edit so the curve follows at once (what-if). The dose box
goes well past the sourced hard ceiling, because a simulation may ask what an overdose
would do; the warning (and the planner's refusal) are applied in models.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lmdesk.i18n import N_, _
from lmdesk.models.scheduling.dose_safety import DoseLimits, limit_text
from lmdesk.models.scheduling.routes import IT_ROUTE_LABELS

ROUTE_LABELS = IT_ROUTE_LABELS
SCHEDULE_LABELS = {
    "single": N_("Single dose"),
    "repeat": N_("Repeating schedule"),
    "course": N_("Patient course"),
}
BLOCK_LABELS = {"spinal": N_("Spinal block"), "skull_base": N_("Skull-base block")}
UNITS = ("mg/L", "µmol/L")
FALLBACK_MAX_MG = 100.0
#: The dose box stops at this multiple of the hard ceiling (a what-if, e.g. a 10-fold error).
WHAT_IF_FACTOR = 10.0


class PkControls(QWidget):
    changed = Signal()
    load_course = Signal(int)

    def __init__(
        self, drugs: list[tuple[str, str]], limits: DoseLimits, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.limits = limits
        self._above_ceiling = False
        self.drug = self._combo("pk_drug")
        for label, drug_id in drugs:
            self.drug.addItem(label, drug_id)
        self.route = self._combo("pk_route")
        self.dose = QDoubleSpinBox()
        self.dose.setObjectName("pk_dose")
        self.dose.setDecimals(1)
        self.dose.setSingleStep(0.5)
        self.dose.setSuffix(" mg")
        self.schedule = self._combo("pk_schedule")
        self.interval = QDoubleSpinBox()
        self.interval.setObjectName("pk_interval")
        self.interval.setRange(1.0, 24 * 60.0)
        self.interval.setValue(84.0)
        self.interval.setSuffix(" h")
        self.count = QSpinBox()
        self.count.setObjectName("pk_count")
        self.count.setRange(1, 60)
        self.count.setValue(8)
        self.course_id = QSpinBox()
        self.course_id.setObjectName("pk_course_id")
        self.course_id.setRange(1, 10**9)
        self.course_button = QPushButton()
        self.course_button.setObjectName("pk_course_load")
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("pk_hours")
        self.hours.setRange(1.0, 24 * 366.0)
        self.hours.setValue(48.0)
        self.hours.setSuffix(" h")
        self.flow = QDoubleSpinBox()
        self.flow.setObjectName("pk_flow")
        self.flow.setRange(0.0, 1.0)
        self.flow.setSingleStep(0.1)
        self.flow.setValue(1.0)
        self.block = self._combo("pk_block")
        self.unit = self._combo("pk_unit")
        for unit in UNITS:
            self.unit.addItem(unit, unit)
        self.log_y = QCheckBox()
        self.log_y.setObjectName("pk_log")
        self.band = QCheckBox()
        self.band.setObjectName("pk_band")
        # what the sources leave open: the curves of every leave-one-source-out refit
        self.source_range = QCheckBox()
        self.source_range.setObjectName("pk_source_range")
        self.seed = QSpinBox()
        self.seed.setObjectName("pk_seed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(20251127)
        self.labels = {
            key: QLabel()
            for key in (
                "drug",
                "route",
                "dose",
                "schedule",
                "interval",
                "count",
                "course",
                "hours",
                "flow",
                "block",
                "unit",
                "seed",
            )
        }
        form = QFormLayout(self)
        # on a narrow screen the label goes above its field, so the route is never cut short
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, widget in (
            ("drug", self.drug),
            ("route", self.route),
            ("dose", self.dose),
            ("schedule", self.schedule),
            ("interval", self.interval),
            ("count", self.count),
            ("course", self.course_id),
            ("hours", self.hours),
            ("flow", self.flow),
            ("block", self.block),
            ("unit", self.unit),
            ("seed", self.seed),
        ):
            form.addRow(self.labels[key], widget)
            if key == "course":
                form.addRow("", self.course_button)
        form.addRow("", self.log_y)
        form.addRow("", self.band)
        form.addRow("", self.source_range)
        self.retranslate()
        default = self.drug.findData("methotrexate")
        self.drug.setCurrentIndex(max(default, 0))
        self.log_y.setChecked(True)
        self._apply_dose_limit()
        self.dose.setValue(12.0)
        self._apply_schedule()
        self.drug.currentIndexChanged.connect(self._on_drug)
        for combo in (self.route, self.schedule, self.block, self.unit):
            combo.currentIndexChanged.connect(self._on_edit)
        for spin in (self.dose, self.interval, self.hours, self.flow):
            spin.valueChanged.connect(self._on_edit)
        self.count.valueChanged.connect(self._on_edit)
        self.seed.valueChanged.connect(self._on_edit)
        self.log_y.toggled.connect(self._on_edit)
        self.band.toggled.connect(self._on_edit)
        # one shaded band at a time: the population band or the range the sources leave
        self.band.toggled.connect(self._band_chosen)
        self.source_range.toggled.connect(self._source_range_chosen)
        self.source_range.toggled.connect(self._on_edit)
        self.course_button.clicked.connect(lambda: self.load_course.emit(self.course_id.value()))

    def _band_chosen(self, on: bool) -> None:
        if on:
            self.source_range.setChecked(False)

    def _source_range_chosen(self, on: bool) -> None:
        if on:
            self.band.setChecked(False)

    @staticmethod
    def _combo(name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        # long route names must not decide the width of the whole screen
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(22)
        return box

    def retranslate(self) -> None:
        texts = {
            "drug": _("Drug"),
            "route": _("Route"),
            "dose": _("Dose per injection"),
            "schedule": _("Doses"),
            "interval": _("Interval"),
            "count": _("Number of doses"),
            "course": _("Course number"),
            "hours": _("Time span"),
            "flow": _("CSF flow (1 = normal)"),
            "block": _("Block site"),
            "unit": _("Unit"),
            "seed": _("Random seed"),
        }
        for key, label in self.labels.items():
            label.setText(texts[key])
        for combo, labels in (
            (self.route, ROUTE_LABELS),
            (self.schedule, SCHEDULE_LABELS),
            (self.block, BLOCK_LABELS),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key, text in labels.items():
                combo.addItem(_(text), key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.course_button.setText(_("Load course"))
        self.log_y.setText(_("Logarithmic concentration axis"))
        self.band.setText(_("Population band (1000 patients)"))
        self.source_range.setText(_("Range the sources leave"))
        self.source_range.setToolTip(
            _("Lowest to highest over the model refitted without each published source in turn")
        )

    def _apply_dose_limit(self) -> None:
        limit = self.limits.for_drug(str(self.drug.currentData()), str(self.route.currentData()))
        ceiling = limit.ceiling_mg if limit is not None and limit.ceiling_mg else None
        self.dose.setRange(0.1, WHAT_IF_FACTOR * ceiling if ceiling else FALLBACK_MAX_MG)
        above = ceiling is not None and self.dose.value() > ceiling
        if above != self._above_ceiling:  # restyling costs a relayout: only on a change
            self._above_ceiling = above
            self.dose.setStyleSheet("color: #b00020; font-weight: bold;" if above else "")
        tip = _("Above the hard ceiling of {ceiling:g} mg: a what-if simulation, not an order.")
        limits = limit_text(limit, self.drug.currentText()) if limit is not None else ""
        self.dose.setToolTip(f"{tip.format(ceiling=ceiling)} {limits}" if above else "")

    def _apply_schedule(self) -> None:
        mode = self.schedule.currentData()
        self.interval.setEnabled(mode == "repeat")
        self.count.setEnabled(mode == "repeat")
        self.course_id.setEnabled(mode == "course")
        self.course_button.setEnabled(mode == "course")

    def _on_drug(self) -> None:
        """A new drug starts from the top of its sourced usual range, if there is one."""
        limit = self.limits.for_drug(str(self.drug.currentData()), str(self.route.currentData()))
        self._apply_dose_limit()
        if limit is not None and limit.usual_max_mg is not None:
            self.dose.blockSignals(True)
            self.dose.setValue(limit.usual_max_mg)
            self.dose.blockSignals(False)
        self._on_edit()

    def _on_edit(self) -> None:
        self._apply_dose_limit()
        self._apply_schedule()
        self.changed.emit()

    def times_h(self) -> list[float]:
        if self.schedule.currentData() == "repeat":
            return [i * self.interval.value() for i in range(self.count.value())]
        return [0.0]

    def span_h(self) -> float:
        """The time span, stretched to show a day after the last dose."""
        return max(self.hours.value(), self.times_h()[-1] + min(self.interval.value(), 48.0))

    def unit_factor(self, molecular_weight: float) -> tuple[str, float]:
        unit = str(self.unit.currentData())
        return unit, (1000.0 / molecular_weight if unit == "µmol/L" else 1.0)
