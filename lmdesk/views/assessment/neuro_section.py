"""Neurological examination: the six RANO items [R99], the rating against the baseline
[R70], free text for other findings, and the optional NANO-LM domains [R98]."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
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
from lmdesk.models.response.neuro import (
    LEVELS_NOTE,
    NANO_DOMAINS,
    NANO_MEDICATIONS,
    NANO_SCORES,
    NEURO_ITEMS,
    NEURO_RATINGS,
    NOT_ASSESSABLE,
    NOT_ASSESSABLE_LABEL,
)
from lmdesk.models.response.texts import cite
from lmdesk.views.assessment.choice import ChoiceBox, Note, labelled

YES_NO = [("yes", N_("yes")), ("no", N_("no"))]


class NeuroSection(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_up = False
        self.items: dict[str, ChoiceBox] = {}
        self.item_labels: dict[str, QLabel] = {}
        self.form = QFormLayout()
        for item in NEURO_ITEMS:
            options = [(lv.code, lv.label) for lv in item.levels]
            options.append((NOT_ASSESSABLE, NOT_ASSESSABLE_LABEL))
            box = ChoiceBox(options)
            box.setObjectName(f"neuro_{item.key}")
            box.chosen.connect(self.changed)
            self.items[item.key] = box
            self.item_labels[item.key] = QLabel()
            self.form.addRow(self.item_labels[item.key], box)
        self.rating = ChoiceBox(labelled(NEURO_RATINGS))
        self.rating.setObjectName("neuro_rating")
        self.rating.chosen.connect(self.changed)
        self.rating_label = QLabel()
        self.form.addRow(self.rating_label, self.rating)
        self.other = QLineEdit()
        self.other.textChanged.connect(self.changed)
        self.other_label = QLabel()
        self.form.addRow(self.other_label, self.other)
        self.notes = [
            Note(LEVELS_NOTE, cite(sources.RANO_NEURO)),
            Note(sources.NOT_CONFIRMED["neuro_items"], cite(sources.RANO_NEURO)),
        ]
        self.nano_box = QGroupBox()
        self.nano_box.setCheckable(True)
        self.nano_box.setChecked(False)
        self.nano_box.toggled.connect(self.changed)
        grid = QGridLayout(self.nano_box)
        self.nano: dict[str, ChoiceBox] = {}
        self.nano_labels: dict[str, QLabel] = {}
        for n, (key, _label) in enumerate(NANO_DOMAINS.items()):
            box = ChoiceBox([(s, str(s)) for s in NANO_SCORES])
            box.chosen.connect(self.changed)
            self.nano[key] = box
            self.nano_labels[key] = QLabel()
            grid.addWidget(self.nano_labels[key], n // 2, (n % 2) * 2)
            grid.addWidget(box, n // 2, (n % 2) * 2 + 1)
        row = len(NANO_DOMAINS) // 2 + 1
        self.meds: dict[str, ChoiceBox] = {}
        self.med_labels: dict[str, QLabel] = {}
        for n, key in enumerate(NANO_MEDICATIONS):
            box = ChoiceBox(YES_NO)
            box.chosen.connect(self.changed)
            self.meds[key] = box
            self.med_labels[key] = QLabel()
            grid.addWidget(self.med_labels[key], row + n // 2, (n % 2) * 2)
            grid.addWidget(box, row + n // 2, (n % 2) * 2 + 1)
        self.med_note = QLineEdit()
        grid.addWidget(self.med_note, row + 2, 0, 1, 4)
        self.nano_note = Note(sources.NOT_CONFIRMED["nano_levels"], cite(sources.NANO_LM))
        grid.addWidget(self.nano_note, row + 3, 0, 1, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        for note in self.notes:
            layout.addWidget(note)
        layout.addWidget(self.nano_box)
        layout.addStretch(1)
        self.retranslate()

    def set_follow_up(self, follow_up: bool) -> None:
        self._follow_up = follow_up
        self.rating.setVisible(follow_up)
        self.rating_label.setVisible(follow_up)

    def values(self) -> dict[str, Any]:
        nano_on = self.nano_box.isChecked()
        return {
            "neuro": {k: b.value() for k, b in self.items.items() if b.value() is not None},
            "neuro_rating": self.rating.value() if self._follow_up else None,
            "neuro_other": self.other.text(),
            "nano": {
                k: b.value() for k, b in self.nano.items() if nano_on and b.value() is not None
            },
            "medications": {
                k: b.value() for k, b in self.meds.items() if nano_on and b.value() is not None
            },
            "medication_note": self.med_note.text() if nano_on else "",
        }

    def load(self, a: Assessment | None) -> None:
        for key, box in self.items.items():
            box.set_value(a.neuro.get(key) if a else None)
        self.rating.set_value(a.neuro_rating if a else None)
        self.other.setText(a.neuro_other if a else "")
        has_nano = bool(a and (a.nano or a.medications or a.medication_note))
        self.nano_box.setChecked(has_nano)
        for key, box in self.nano.items():
            box.set_value(a.nano.get(key) if a else None)
        for key, box in self.meds.items():
            box.set_value(a.medications.get(key) if a else None)
        self.med_note.setText(a.medication_note if a else "")

    def retranslate(self) -> None:
        for item in NEURO_ITEMS:
            self.item_labels[item.key].setText(f"{_(item.label)} {cite(item.citation)}")
            self.items[item.key].retranslate()
        self.rating_label.setText(
            _("Neurological assessment against the baseline") + " " + cite(sources.RANO_LM)
        )
        self.rating.retranslate()
        self.other_label.setText(_("Other findings (free text)"))
        self.other.setPlaceholderText(_("items beyond the six confirmed RANO items"))
        for note in (*self.notes, self.nano_note):
            note.retranslate()
        self.nano_box.setTitle(
            _("NANO-LM domains, 0-2 (optional; level descriptors not confirmed)")
            + " "
            + cite(sources.NANO_LM)
        )
        for key, label in NANO_DOMAINS.items():
            self.nano_labels[key].setText(_(label))
            self.nano[key].retranslate()
        for key, label in NANO_MEDICATIONS.items():
            self.med_labels[key].setText(_(label))
            self.meds[key].retranslate()
        self.med_note.setPlaceholderText(_("medication details (drug, dose)"))
