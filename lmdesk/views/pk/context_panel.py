"""TKI context (regimens_pk.md Part C): published CSF/plasma ratios and an estimate.

For comparison only: the clinician picks the patient's systemic drug and may type a
plasma level; the panel shows plasma x ratio with the source of the ratio.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _, current_language
from lmdesk.models.pk.context import TkiComparator, comparators_for, estimate_csf
from lmdesk.views.common.keyed_rows import Key, KeyedRowsModel, keyed_proxy
from lmdesk.views.common.list_table import sortable


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
        # one or two published figures per drug: sorted on a header click, no filter box
        self.rows_model = KeyedRowsModel(self)
        self.proxy = keyed_proxy(self.rows_model, self)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        sortable(self.table, "tki_table")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().hide()
        self._set_headers()  # the columns first: a resize mode is kept per column
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
        self._set_headers()
        self.note.setText(
            _(
                "For comparison only: CSF levels of oral drugs from published CSF/plasma ratios "
                "(reference Part C). Not a dose basis."
            )
        )
        self.refresh()

    def _set_headers(self) -> None:
        self.rows_model.set_headers(
            [_("Dose"), _("Published CSF level"), _("CSF/plasma"), _("Estimated CSF"), _("Source")]
        )

    def refresh(self) -> None:
        drug = self.drug.currentData()
        comparators = comparators_for(drug, self.comparators) if drug else []
        plasma = self.plasma.value()
        language = current_language()
        rows: list[list[str]] = []
        keys: list[list[Key]] = []
        tips: list[str] = []
        low: float | None
        for comp in comparators:
            estimate, low = "—", None
            if plasma > 0:  # sorted by the low end of the estimate
                low, high = estimate_csf(comp, plasma)
                estimate = f"{low:.3g} nM" if high is None else f"{low:.3g}–{high:.3g} nM"
                if comp.basis != "plasma":
                    estimate += " " + _("(of free plasma)")
            ratio = comp.ratio_text()
            if comp.note:
                ratio += " *"
            cells = [
                comp.dose_in(language) or "—",
                comp.csf_in(language) or "—",
                ratio,
                estimate,
                ", ".join(comp.source),
            ]
            rows.append(cells)
            row_keys: list[Key] = [cells[0], cells[1], comp.ratio_pct, low, cells[4]]
            keys.append(row_keys)
            tips.append(comp.note_in(language) if comp.note else "")
        self.rows_model.set_keyed_rows(rows, comparators, keys, tips)

    def shown_rows(self) -> list[list[str]]:
        """The rows' texts as shown, top to bottom (after sorting)."""
        return [
            [str(self.proxy.index(r, c).data()) for c in range(self.proxy.columnCount())]
            for r in range(self.proxy.rowCount())
        ]

    def shown_tooltips(self) -> list[str]:
        """Each shown row's tooltip (a comparator's note, else its first cell)."""
        tip = Qt.ItemDataRole.ToolTipRole
        return [str(self.proxy.index(r, 0).data(tip)) for r in range(self.proxy.rowCount())]
