"""TKI context (regimens_pk.md Part C): published CSF/plasma ratios and an estimate.

For comparison only: the clinician picks the patient's systemic drug and may type a
plasma level; the panel shows plasma x ratio with the source of the ratio.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _, current_language
from lmdesk.models.pk.context import TkiComparator, comparators_for, estimate_csf


class TkiContextPanel(QWidget):
    """Published CSF levels of the oral drugs, beside the IT curves, in the reader's words.

    ``name_of`` names a drug by its card id in the active language (the card id when not
    given).
    """

    def __init__(
        self,
        comparators: list[TkiComparator],
        parent: QWidget | None = None,
        *,
        name_of: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.comparators = comparators
        self._name_of = name_of or (lambda drug: drug)
        self.drug = QComboBox()
        self.drug.setObjectName("tki_drug")
        for drug in sorted({c.drug for c in comparators}):
            self.drug.addItem(self._name_of(drug), drug)
        self.plasma = QDoubleSpinBox()
        self.plasma.setObjectName("tki_plasma")
        self.plasma.setRange(0.0, 1e6)
        self.plasma.setDecimals(2)
        self.plasma.setSuffix(" nM")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("tki_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.drug_label, self.plasma_label = QLabel(), QLabel()
        self.form.addRow(self.drug_label, self.drug)
        self.form.addRow(self.plasma_label, self.plasma)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.drug.currentIndexChanged.connect(self.refresh)
        self.plasma.valueChanged.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        for i in range(self.drug.count()):  # drug names follow the language (card data)
            self.drug.setItemText(i, self._name_of(self.drug.itemData(i)))
        self.drug_label.setText(_("Systemic drug"))
        self.plasma_label.setText(_("Plasma level (optional)"))
        self.table.setHorizontalHeaderLabels(
            [_("Dose"), _("Published CSF level"), _("CSF/plasma"), _("Estimated CSF"), _("Source")]
        )
        self.note.setText(
            _(
                "For comparison only: CSF levels of oral drugs from published CSF/plasma ratios "
                "(reference Part C). Not a dose basis."
            )
        )
        self.refresh()

    def refresh(self) -> None:
        drug = self.drug.currentData()
        rows = comparators_for(drug, self.comparators) if drug else []
        self.table.setRowCount(len(rows))
        plasma = self.plasma.value()
        for r, comp in enumerate(rows):
            estimate = "—"
            if plasma > 0:
                low, high = estimate_csf(comp, plasma)
                estimate = f"{low:.3g} nM" if high is None else f"{low:.3g}–{high:.3g} nM"
                if comp.basis != "plasma":
                    estimate += " " + _("(of free plasma)")
            ratio = comp.ratio_text()
            if comp.note:
                ratio += " *"
            language = current_language()
            cells = [
                comp.dose_in(language) or "—",
                comp.csf_in(language) or "—",
                ratio,
                estimate,
                ", ".join(comp.source),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if comp.note:
                    item.setToolTip(comp.note_in(language))
                self.table.setItem(r, c, item)
