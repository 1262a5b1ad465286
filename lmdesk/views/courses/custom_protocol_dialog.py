"""Build and save a custom protocol: drug, routes, dose range, phases, co-medications, checks.

The protocol is validated by the domain model and saved through ``ProtocolRepository``,
which refuses never-IT drugs (main drug or co-medication) and a second IT drug.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.protocol import (
    CHECK_LABELS,
    CO_MED_ROUTE_LABELS,
    PHASE_LABELS,
    ROUTE_LABELS,
    CoMedication,
    DoseRange,
    Phase,
    Protocol,
)
from lmdesk.store.scheduler_context import SchedulerStores, resolve_it_drug

PHASE_COLUMNS = ("kind", "every_days", "offsets", "repeats")
MED_COLUMNS = ("drug", "dose", "route", "timing")


def _dose_spin(value: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.01, 1000)
    spin.setDecimals(2)
    spin.setSuffix(" mg")
    spin.setValue(value)
    return spin


class CustomProtocolDialog(QDialog):
    def __init__(self, stores: SchedulerStores, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Custom protocol"))
        self._stores = stores
        self.saved: Protocol | None = None
        self.pid = QLineEdit()
        self.name = QLineEdit()
        self.drug = QLineEdit()
        self.routes = {r: QCheckBox(_(label)) for r, label in ROUTE_LABELS.items()}
        self.routes["lp"].setChecked(True)
        self.dose_min, self.dose_max, self.dose_default = (
            _dose_spin(10),
            _dose_spin(12),
            _dose_spin(12),
        )
        self.checks = {c: QCheckBox(_(label)) for c, label in CHECK_LABELS.items()}
        self.checks["blood_count"].setChecked(True)
        self.phases = QTableWidget(0, len(PHASE_COLUMNS))
        self.phases.setHorizontalHeaderLabels(
            [_("Phase"), _("Every (days)"), _("Days in period (e.g. 0,3)"), _("Repeats")]
        )
        self.meds = QTableWidget(0, len(MED_COLUMNS))
        self.meds.setHorizontalHeaderLabels([_("Drug"), _("Dose"), _("Route"), _("Timing")])
        add_phase = QPushButton(_("Add phase"))
        add_phase.clicked.connect(lambda: self.add_phase())
        add_med = QPushButton(_("Add co-medication"))
        add_med.clicked.connect(lambda: self.add_med())
        form = QFormLayout()
        form.addRow(_("Id"), self.pid)
        form.addRow(_("Name"), self.name)
        form.addRow(_("IT drug"), self.drug)
        routes = QHBoxLayout()
        for box in self.routes.values():
            routes.addWidget(box)
        form.addRow(_("Routes"), routes)
        doses = QHBoxLayout()
        for label, spin in (
            (_("min"), self.dose_min),
            (_("max"), self.dose_max),
            (_("default"), self.dose_default),
        ):
            doses.addWidget(QLabel(label))
            doses.addWidget(spin)
        form.addRow(_("Dose per injection"), doses)
        checks = QHBoxLayout()
        for box in self.checks.values():
            checks.addWidget(box)
        form.addRow(_("Checks before each dose"), checks)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Phases")))
        layout.addWidget(self.phases)
        layout.addWidget(add_phase)
        layout.addWidget(QLabel(_("Co-medications")))
        layout.addWidget(self.meds)
        layout.addWidget(add_med)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(820, 640)

    def add_phase(
        self, kind: str = "induction", every: int = 7, offsets: str = "0", repeats: str = "4"
    ) -> None:
        row = self.phases.rowCount()
        self.phases.insertRow(row)
        combo = QComboBox()
        for key, label in PHASE_LABELS.items():
            combo.addItem(_(label), key)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.phases.setCellWidget(row, 0, combo)
        for col, text in ((1, str(every)), (2, offsets), (3, repeats)):
            self.phases.setItem(row, col, QTableWidgetItem(text))

    def add_med(
        self, drug: str = "", dose: str = "", route: str = "oral", timing: str = ""
    ) -> None:
        row = self.meds.rowCount()
        self.meds.insertRow(row)
        self.meds.setItem(row, 0, QTableWidgetItem(drug))
        self.meds.setItem(row, 1, QTableWidgetItem(dose))
        combo = QComboBox()
        for key, label in CO_MED_ROUTE_LABELS.items():
            combo.addItem(_(label), key)
        combo.setCurrentIndex(max(0, combo.findData(route)))
        self.meds.setCellWidget(row, 2, combo)
        self.meds.setItem(row, 3, QTableWidgetItem(timing))

    def _cell(self, table: QTableWidget, row: int, col: int) -> str:
        item = table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _phases(self) -> list[Phase]:
        phases = []
        for row in range(self.phases.rowCount()):
            combo: Any = self.phases.cellWidget(row, 0)
            repeats = self._cell(self.phases, row, 3)
            offsets = tuple(int(x) for x in self._cell(self.phases, row, 2).split(",") if x.strip())
            phases.append(
                Phase(
                    kind=combo.currentData(),
                    period_days=int(self._cell(self.phases, row, 1)),
                    offsets_days=offsets or (0,),
                    repeats=int(repeats) if repeats else None,
                    min_interval_days=min(3, int(self._cell(self.phases, row, 1))),
                )
            )
        return phases

    def _meds(self) -> list[CoMedication]:
        meds = []
        for row in range(self.meds.rowCount()):
            drug = self._cell(self.meds, row, 0)
            if not drug:
                continue
            combo: Any = self.meds.cellWidget(row, 2)
            catalog = self._stores.catalog
            card = catalog.resolve(drug) if catalog is not None else None
            meds.append(
                CoMedication(
                    drug=card.id if card is not None else drug,  # named in either language
                    dose=self._cell(self.meds, row, 1),
                    route=combo.currentData(),
                    timing=self._cell(self.meds, row, 3),
                )
            )
        return meds

    def build(self) -> Protocol:
        drug = resolve_it_drug(self.drug.text(), self._stores.catalog)
        return Protocol(
            id=self.pid.text().strip(),
            name_en=self.name.text().strip(),
            name_zh=self.name.text().strip(),
            drug=drug,
            routes=tuple(r for r, box in self.routes.items() if box.isChecked()),
            dose=DoseRange(
                min_mg=self.dose_min.value(),
                max_mg=self.dose_max.value(),
                default_mg=self.dose_default.value(),
            ),
            phases=tuple(self._phases()),
            co_medications=tuple(self._meds()),
            checks=tuple(c for c, box in self.checks.items() if box.isChecked()),
            status="custom",
        )

    def save(self) -> None:
        try:
            protocol = self.build()
            self.saved = self._stores.protocols.save_custom(protocol, self._stores.catalog)
        except ValidationError as err:
            self.error.setText(
                _("Please correct: {problems}").format(
                    problems="; ".join(str(e["msg"]) for e in err.errors())
                )
            )
            return
        except (LmdeskError, ValueError) as err:
            self.error.setText(str(err))
            return
        self.accept()
