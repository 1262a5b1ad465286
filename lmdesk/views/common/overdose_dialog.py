"""The overdose card dialog: what to do after an intrathecal overdose, sourced, in either language.

Opened from the PK screen's what-if above the ceiling, and by the give dialog. It takes the
card and, where known, the dose that was given, and only shows them.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from lmdesk.i18n import _, current_language
from lmdesk.models.drugs.overdose import OverdoseCard, cite

DANGER_STYLE = "color: #b00020; font-weight: bold;"


class OverdoseDialog(QDialog):
    """``OverdoseDialog(card, dose_mg=None, drug_name="", parent=None)``."""

    def __init__(
        self,
        card: OverdoseCard,
        dose_mg: float | None = None,
        drug_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.card = card
        self.dose_mg = dose_mg
        self.drug_name = drug_name
        self.setObjectName("overdose_dialog")
        self.heading = QLabel()
        self.heading.setObjectName("overdose_heading")
        self.never = QLabel()
        self.never.setObjectName("overdose_never")
        self.never.setStyleSheet(DANGER_STYLE)
        self.band = QLabel()
        self.band.setObjectName("overdose_band")
        self.body = QLabel()
        self.body.setObjectName("overdose_body")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.heading, self.never, self.band, self.body):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.never, self.band, self.body):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        card = self.card
        self.setWindowTitle(card.title.get(lang))
        self.heading.setText(
            f"<b>{html.escape(card.title.get(lang))}</b><br>" + html.escape(card.summary.get(lang))
        )
        self.never.setText(f"{card.never.get(lang)} {cite(card.never_source)}")
        band = card.band_for(self.dose_mg) if self.dose_mg is not None else None
        if self.dose_mg is not None:
            given = _("Dose: {dose:g} mg {drug}").format(dose=self.dose_mg, drug=self.drug_name)
            where = f"{band.text.get(lang)} {cite(band.source)}" if band is not None else ""
            self.band.setText(f"{given.strip()}. {where}".strip())
        else:
            self.band.setText("")
        items = []
        for step in card.steps:
            mark = "" if step.confirmed else f" <i>({html.escape(_('not confirmed'))})</i>"
            items.append(f"<li>{html.escape(step.text.get(lang))} {cite(step.source)}{mark}</li>")
        bands = "".join(
            f"<li>{html.escape(b.text.get(lang))} {cite(b.source)}</li>" for b in card.bands
        )
        self.body.setText(
            f"<b>{html.escape(_('What to do'))}</b><ol>{''.join(items)}</ol>"
            f"<b>{html.escape(_('Dose bands'))}</b><ul>{bands}</ul>"
        )
