"""Neuraxis MRI in the simplified scorecard's categories [R95][R96], with the validation's
inter-rater agreement beside the items [R97] and the RANO-LM imaging grade [R70]."""

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
from lmdesk.models.response.imaging import (
    CHANGE_LABELS,
    KAPPA,
    KAPPA_OVERALL,
    LM_RESPONSE_LABELS,
    MAX_NODULES,
    MRI_TYPE_LABELS,
    PRESENCE_LABELS,
    RANO_GRADE_LABELS,
    SCORECARD_ITEMS,
    SITE_LABELS,
)
from lmdesk.models.response.texts import cite
from lmdesk.views.assessment.choice import ChoiceBox, Note, labelled

DONE = [(True, N_("yes")), (False, N_("no MRI at this assessment"))]
NEAR = [(True, N_("within 2 mm: counts as LM")), (False, N_("further away"))]
PARENCHYMAL = [(k, LM_RESPONSE_LABELS[k]) for k in ("CR", "PR", "SD", "PD")]


class MriSection(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow_up = False
        self.done = ChoiceBox(DONE)
        self.done.setObjectName("mri_done")
        self.mri_type = ChoiceBox(labelled(MRI_TYPE_LABELS))
        self.done_label, self.type_label = QLabel(), QLabel()
        top = QFormLayout()
        top.addRow(self.done_label, self.done)
        top.addRow(self.type_label, self.mri_type)
        self.items_box = QGroupBox()
        grid = QGridLayout(self.items_box)
        self.head = [QLabel(), QLabel(), QLabel(), QLabel()]
        for col, label in enumerate(self.head):
            grid.addWidget(label, 0, col)
        self.presence: dict[str, ChoiceBox] = {}
        self.change: dict[str, ChoiceBox] = {}
        self.item_labels: dict[str, QLabel] = {}
        self.kappa_labels: dict[str, QLabel] = {}
        for row, key in enumerate(SCORECARD_ITEMS, start=1):
            self.item_labels[key] = QLabel()
            self.presence[key] = ChoiceBox(labelled(PRESENCE_LABELS))
            self.presence[key].setObjectName(f"mri_{key}")
            self.change[key] = ChoiceBox(labelled(CHANGE_LABELS))
            self.change[key].setObjectName(f"mri_change_{key}")
            self.kappa_labels[key] = QLabel()
            self.kappa_labels[key].setStyleSheet("color: #555555;")
            for col, widget in enumerate(
                (
                    self.item_labels[key],
                    self.presence[key],
                    self.change[key],
                    self.kappa_labels[key],
                )
            ):
                grid.addWidget(widget, row, col)
        rated = QFormLayout()
        self.lm_response = ChoiceBox(labelled(LM_RESPONSE_LABELS))
        self.lm_response.setObjectName("mri_lm_response")
        self.rano_grade = ChoiceBox(labelled(RANO_GRADE_LABELS))
        self.rano_grade.setObjectName("mri_rano_grade")
        self.parenchymal = ChoiceBox(PARENCHYMAL, blank=N_("- not rated / none -"))
        self.lm_label, self.rano_label, self.par_label = QLabel(), QLabel(), QLabel()
        rated.addRow(self.lm_label, self.lm_response)
        rated.addRow(self.rano_label, self.rano_grade)
        rated.addRow(self.par_label, self.parenchymal)
        self.nodules_box = QGroupBox()
        ngrid = QGridLayout(self.nodules_box)
        self.nodule_head = [QLabel(), QLabel(), QLabel(), QLabel()]
        for col, label in enumerate(self.nodule_head):
            ngrid.addWidget(label, 0, col)
        self.nodules: list[tuple[ChoiceBox, QLineEdit, QLineEdit, ChoiceBox]] = []
        for row in range(MAX_NODULES):
            site = ChoiceBox(labelled(SITE_LABELS), blank=N_("- site -"))
            d1, d2 = QLineEdit(), QLineEdit()
            near = ChoiceBox(NEAR)
            for col, widget in enumerate((site, d1, d2, near)):
                ngrid.addWidget(widget, row + 1, col)
            self.nodules.append((site, d1, d2, near))
        self.nodule_note = Note(
            N_(
                "Measurable: both orthogonal diameters above 5 mm; record up to the 3 largest; "
                "a nodule within 2 mm of the leptomeninges counts as LM."
            ),
            cite(sources.SCORECARD_TABLE),
        )
        ngrid.addWidget(self.nodule_note, MAX_NODULES + 1, 0, 1, 4)
        self.notes = [
            Note(sources.NOT_CONFIRMED["lm_response"], cite(sources.SCORECARD)),
            Note(sources.NOT_CONFIRMED["scorecard_points"], cite(sources.RANO_LM)),
        ]
        self.kappa_note = QLabel()
        self.kappa_note.setWordWrap(True)
        self.kappa_note.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.items_box)
        layout.addLayout(rated)
        for note in self.notes:
            layout.addWidget(note)
        layout.addWidget(self.kappa_note)
        layout.addWidget(self.nodules_box)
        layout.addStretch(1)
        for box in self._boxes():
            box.chosen.connect(self.changed)
        for _site, d1, d2, _near in self.nodules:
            d1.textChanged.connect(self.changed)
            d2.textChanged.connect(self.changed)
        self.done.chosen.connect(self._enable)
        self._enable()
        self.retranslate()

    def _boxes(self) -> list[ChoiceBox]:
        boxes = [self.done, self.mri_type, self.lm_response, self.rano_grade, self.parenchymal]
        boxes += [*self.presence.values(), *self.change.values()]
        boxes += [b for s, _d1, _d2, n in self.nodules for b in (s, n)]
        return boxes

    def _enable(self) -> None:
        on = self.done.value() is True
        for widget in (self.mri_type, self.items_box, self.parenchymal, self.nodules_box):
            widget.setEnabled(on)
        for widget in (self.lm_response, self.rano_grade):
            widget.setEnabled(on)

    def set_follow_up(self, follow_up: bool) -> None:
        self._follow_up = follow_up
        for widget in (
            *self.change.values(),
            self.head[2],
            self.lm_response,
            self.lm_label,
            self.rano_grade,
            self.rano_label,
            self.parenchymal,
            self.par_label,
        ):
            widget.setVisible(follow_up)

    def values(self) -> dict[str, Any]:
        if self.done.value() is not True:
            return {"mri": {"done": self.done.value()}}
        follow = self._follow_up
        nodules = []
        for site, d1, d2, near in self.nodules:
            if site.value() or d1.text().strip() or d2.text().strip():
                nodules.append(
                    {
                        "site": site.value(),
                        "d1_mm": d1.text().strip(),
                        "d2_mm": d2.text().strip(),
                        "near_leptomeninges": near.value(),
                    }
                )
        return {
            "mri": {
                "done": True,
                "mri_type": self.mri_type.value(),
                "items": {k: b.value() for k, b in self.presence.items() if b.value()},
                "changes": {k: b.value() for k, b in self.change.items() if follow and b.value()},
                "lm_response": self.lm_response.value() if follow else None,
                "rano_grade": self.rano_grade.value() if follow else None,
                "parenchymal": self.parenchymal.value() if follow else None,
                "nodules": nodules,
            }
        }

    def load(self, a: Assessment | None) -> None:
        mri = a.mri if a else None
        self.done.set_value(mri.done if mri else None)
        self.mri_type.set_value(mri.mri_type if mri else None)
        for key in SCORECARD_ITEMS:
            self.presence[key].set_value(mri.items.get(key) if mri else None)
            self.change[key].set_value(mri.changes.get(key) if mri else None)
        self.lm_response.set_value(mri.lm_response if mri else None)
        self.rano_grade.set_value(mri.rano_grade if mri else None)
        self.parenchymal.set_value(mri.parenchymal if mri else None)
        found = mri.nodules if mri else ()
        for row, (site, d1, d2, near) in enumerate(self.nodules):
            n = found[row] if row < len(found) else None
            site.set_value(n.site if n else None)
            d1.setText(str(n.d1_mm) if n else "")
            d2.setText(str(n.d2_mm) if n else "")
            near.set_value(n.near_leptomeninges if n else None)
        self._enable()

    def retranslate(self) -> None:
        self.done_label.setText(_("Contrast MRI of the neuraxis") + " " + cite(sources.RANO_LM))
        self.type_label.setText(_("MRI type (EANO-ESMO 2023)") + " " + cite(sources.EANO_ESMO_2023))
        self.items_box.setTitle(_("Simplified scorecard") + " " + cite(sources.SCORECARD))
        for head_label, text in zip(
            self.head,
            (_("Item"), _("At this MRI"), _("Change against the baseline"), _("Agreement")),
            strict=True,
        ):
            head_label.setText(text)
        for key, item_text in SCORECARD_ITEMS.items():
            self.item_labels[key].setText(_(item_text))
            kappa = KAPPA.get(key)
            self.kappa_labels[key].setText(
                _("kappa {value}").format(value=kappa) if kappa else _("kappa not given")
            )
        self.kappa_labels["hydrocephalus"].setText(
            _("kappa {value} (best)").format(value=KAPPA["hydrocephalus"])
        )
        self.kappa_labels["spinal_linear"].setText(
            _("kappa {value} (worst)").format(value=KAPPA["spinal_linear"])
        )
        self.kappa_note.setText(
            _(
                "Inter-rater agreement in the EORTC/RANO validation; overall response "
                "kappa {value}."
            ).format(value=KAPPA_OVERALL)
            + " "
            + cite(sources.SCORECARD_VALIDATION)
        )
        self.lm_label.setText(
            _("Overall LM imaging response (rater)") + " " + cite(sources.SCORECARD)
        )
        self.rano_label.setText(_("Neuroimaging (RANO-LM grade)") + " " + cite(sources.RANO_LM))
        self.par_label.setText(
            _("Parenchymal / intramedullary (rated separately)") + " " + cite(sources.SCORECARD)
        )
        self.nodules_box.setTitle(
            _("Largest nodules (up to 3)") + " " + cite(sources.SCORECARD_TABLE)
        )
        for head_label, text in zip(
            self.nodule_head,
            (
                _("Site"),
                _("Diameter 1 (mm)"),
                _("Diameter 2 (mm)"),
                _("Distance to the leptomeninges"),
            ),
            strict=True,
        ):
            head_label.setText(text)
        for box in self._boxes():
            box.retranslate()
        for note in (*self.notes, self.nodule_note):
            note.retranslate()
