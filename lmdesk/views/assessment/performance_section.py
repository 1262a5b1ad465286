"""KPS and ECOG with the scales' wording [R108][R107], symptoms [seed-0], free text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.patient import ECOG_WORDING, KPS_WORDING
from lmdesk.models.response import sources
from lmdesk.models.response.assessment import SYMPTOMS, Assessment
from lmdesk.models.response.texts import cite
from lmdesk.views.assessment.choice import ChoiceBox


class PerformanceSection(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kps = ChoiceBox(
            [(s, KPS_WORDING[s]) for s in sorted(KPS_WORDING, reverse=True)], prefix_value=True
        )
        self.kps.setObjectName("kps")
        self.ecog = ChoiceBox(
            [(g, ECOG_WORDING[g]) for g in sorted(ECOG_WORDING)], prefix_value=True
        )
        self.ecog.setObjectName("ecog")
        self.symptoms_recorded = QCheckBox()
        self.symptoms_recorded.setObjectName("symptoms_recorded")
        self.symptom_boxes: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        row.addWidget(self.symptoms_recorded)
        for key in SYMPTOMS:
            box = QCheckBox()
            box.setObjectName(f"symptom_{key}")
            box.setEnabled(False)
            box.toggled.connect(self.changed)
            self.symptom_boxes[key] = box
            row.addWidget(box)
        row.addStretch(1)
        self.symptoms_recorded.toggled.connect(self._toggle_symptoms)
        self.other_symptoms = QLineEdit()
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(50)
        self.conclusion = QPlainTextEdit()
        self.conclusion.setObjectName("conclusion")
        self.conclusion.setFixedHeight(50)
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout()
        form.addRow(self.labels[0], self.kps)
        form.addRow(self.labels[1], self.ecog)
        form.addRow(self.labels[2], row)
        form.addRow(self.labels[3], self.other_symptoms)
        form.addRow(self.labels[4], self.note)
        form.addRow(self.labels[5], self.conclusion)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        for widget in (self.kps, self.ecog):
            widget.chosen.connect(self.changed)
        for edit in (self.note, self.conclusion):
            edit.textChanged.connect(self.changed)
        self.other_symptoms.textChanged.connect(self.changed)
        self.retranslate()

    def _toggle_symptoms(self, on: bool) -> None:
        for box in self.symptom_boxes.values():
            box.setEnabled(on)
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        symptoms = None
        if self.symptoms_recorded.isChecked():
            symptoms = [k for k, b in self.symptom_boxes.items() if b.isChecked()]
        return {
            "kps": self.kps.value(),
            "ecog": self.ecog.value(),
            "symptoms": symptoms,
            "other_symptoms": self.other_symptoms.text(),
            "note": self.note.toPlainText(),
            "clinician_conclusion": self.conclusion.toPlainText(),
        }

    def load(self, a: Assessment | None) -> None:
        self.kps.set_value(a.kps if a else None)
        self.ecog.set_value(a.ecog if a else None)
        recorded = a is not None and a.symptoms is not None
        self.symptoms_recorded.setChecked(recorded)
        for key, box in self.symptom_boxes.items():
            box.setChecked(bool(a and a.symptoms and key in a.symptoms))
        self.other_symptoms.setText(a.other_symptoms if a else "")
        self.note.setPlainText(a.note if a else "")
        self.conclusion.setPlainText(a.clinician_conclusion if a else "")

    def retranslate(self) -> None:
        texts = (
            _("Karnofsky (KPS)") + " " + cite(sources.KPS),
            _("ECOG") + " " + cite(sources.ECOG),
            _("Symptoms") + " " + cite(sources.SEED_REVIEW),
            _("Other symptoms"),
            _("Note"),
            _("Clinician's conclusion"),
        )
        for label_widget, text in zip(self.labels, texts, strict=True):
            label_widget.setText(text)
        self.kps.retranslate()
        self.ecog.retranslate()
        self.symptoms_recorded.setText(_("recorded; present:"))
        for key, label in SYMPTOMS.items():
            self.symptom_boxes[key].setText(_(label))
        self.conclusion.setPlaceholderText(
            _("the overall response as you judge it (the sources define no composite call)")
        )
