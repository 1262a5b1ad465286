"""CSF: cytology (EANO-ESMO 2023 wording [R74]), volume sent, up to three tumour markers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import N_, _
from lmdesk.models.response import sources
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.csf import CYTOLOGY_LABELS
from lmdesk.models.response.texts import cite
from lmdesk.views.assessment.choice import ChoiceBox, Note, labelled

MARKER_ROWS = 3


class CsfSection(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cytology = ChoiceBox(labelled(CYTOLOGY_LABELS))
        self.cytology.setObjectName("csf_cytology")
        self.cytology.chosen.connect(self.changed)
        self.volume = QLineEdit()
        self.volume.setObjectName("csf_volume")
        self.volume.textChanged.connect(self.changed)
        self.cytology_label, self.volume_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.cytology_label, self.cytology)
        form.addRow(self.volume_label, self.volume)
        self.volume_note = Note(
            N_(
                "EANO-ESMO 2023: at least 5 mL of CSF, ideally more than 10 mL; repeat the "
                "sample if the first is negative."
            ),
            cite(sources.EANO_ESMO_2023),
        )
        self.markers_box = QGroupBox()
        grid = QGridLayout(self.markers_box)
        self.head = [QLabel(), QLabel(), QLabel()]
        for col, label in enumerate(self.head):
            grid.addWidget(label, 0, col)
        self.marker_rows: list[tuple[QLineEdit, QLineEdit, QLineEdit]] = []
        for row in range(MARKER_ROWS):
            edits = (QLineEdit(), QLineEdit(), QLineEdit())
            for col, edit in enumerate(edits):
                edit.setObjectName(f"marker_{row}_{('name', 'value', 'unit')[col]}")
                edit.textChanged.connect(self.changed)
                grid.addWidget(edit, row + 1, col)
            self.marker_rows.append(edits)
        self.not_measured = QCheckBox()
        self.not_measured.setObjectName("markers_not_measured")
        self.not_measured.toggled.connect(self._toggle_markers)
        grid.addWidget(self.not_measured, MARKER_ROWS + 1, 0, 1, 3)
        self.rule_note = Note(
            N_(
                "A change of 35 % or more from the course's baseline value of the same marker "
                "and unit: a decrease predicts response, an increase predicts progression."
            ),
            cite(sources.MARKER_RULE, sources.MARKER_RULE_SEED),
        )
        self.marker_note = Note(sources.NOT_CONFIRMED["marker_name"], cite(sources.MARKER_RULE))
        grid.addWidget(self.rule_note, MARKER_ROWS + 2, 0, 1, 3)
        grid.addWidget(self.marker_note, MARKER_ROWS + 3, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.volume_note)
        layout.addWidget(self.markers_box)
        layout.addStretch(1)
        self.retranslate()

    def _toggle_markers(self, off: bool) -> None:
        for edits in self.marker_rows:
            for edit in edits:
                edit.setEnabled(not off)
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        markers = []
        if not self.not_measured.isChecked():
            for name, value, unit in self.marker_rows:
                if name.text().strip() or value.text().strip() or unit.text().strip():
                    markers.append(
                        {"name": name.text(), "value": value.text().strip(), "unit": unit.text()}
                    )
        return {
            "csf": {
                "cytology": self.cytology.value(),
                "volume_ml": self.volume.text().strip() or None,
                "markers": markers,
                "markers_not_measured": self.not_measured.isChecked(),
            }
        }

    def load(self, a: Assessment | None) -> None:
        csf = a.csf if a else None
        self.cytology.set_value(csf.cytology if csf else None)
        self.volume.setText(f"{csf.volume_ml}" if csf and csf.volume_ml is not None else "")
        markers = csf.markers if csf else ()
        for row, (name, value, unit) in enumerate(self.marker_rows):
            m = markers[row] if row < len(markers) else None
            name.setText(m.name if m else "")
            value.setText(str(m.value) if m else "")
            unit.setText(m.unit if m else "")
        self.not_measured.setChecked(bool(csf and csf.markers_not_measured))

    def retranslate(self) -> None:
        self.cytology_label.setText(
            _("CSF cytology") + " " + cite(sources.RANO_LM, sources.EANO_ESMO_2023)
        )
        self.cytology.retranslate()
        self.volume_label.setText(_("CSF volume sent (mL)"))
        self.volume.setPlaceholderText(_("e.g. 10"))
        self.markers_box.setTitle(_("CSF tumour markers") + " " + cite(sources.MARKER_RULE))
        for label, text in zip(self.head, (_("Marker"), _("Value"), _("Unit")), strict=True):
            label.setText(text)
        self.marker_rows[0][0].setPlaceholderText(_("e.g. CEA"))
        self.marker_rows[0][2].setPlaceholderText(_("e.g. ng/mL"))
        self.not_measured.setText(_("No CSF tumour marker measured"))
        for note in (self.volume_note, self.rule_note, self.marker_note):
            note.retranslate()
