"""What the assessment being typed still lacks, and notes on it, shown before saving.

Missing items are listed by group (the EORTC/RANO validation found most paper scorecards
incomplete [R97]); "not done / not evaluable" answers are listed apart, as answered.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lmdesk.i18n import _
from lmdesk.models.response import sources
from lmdesk.models.response.completeness import GROUP_LABELS, Completeness
from lmdesk.models.response.notes import Note
from lmdesk.models.response.texts import cite


class CompletenessPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("completeness_summary")
        self.details = QLabel()
        self.details.setObjectName("completeness_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        self._state: tuple[Completeness | None, str, tuple[Note, ...]] = (None, "", ())

    def show_state(
        self, completeness: Completeness | None, error: str = "", notes: tuple[Note, ...] = ()
    ) -> None:
        self._state = (completeness, error, notes)
        self._render()

    def missing_texts(self) -> list[str]:
        completeness = self._state[0]
        if completeness is None:
            return []
        return [f"{_(GROUP_LABELS[i.group])}: {_(i.label)}" for i in completeness.missing]

    def _render(self) -> None:
        completeness, error, notes = self._state
        parts: list[str] = []
        if error:
            parts.append(f'<p style="color:#8a4b00"><b>{escape(error)}</b></p>')
        if completeness is None:
            self.summary.setText(_("Completeness: -"))
        else:
            answered, total = completeness.summary()
            head = _("Completeness: {answered} of {total} answered").format(
                answered=answered, total=total
            )
            self.summary.setText(f"<b>{escape(head)}</b> {cite(sources.SCORECARD_VALIDATION)}")
            if completeness.missing:
                parts.append(f"<b>{escape(_('Missing before saving:'))}</b><ul>")
                parts += [f"<li>{escape(t)}</li>" for t in self.missing_texts()]
                parts.append("</ul>")
            else:
                parts.append(f"<p>{escape(_('Every element is answered.'))}</p>")
            if completeness.unavailable:
                parts.append(f"<b>{escape(_('Answered as not done / not evaluable:'))}</b><ul>")
                parts += [
                    f"<li>{escape(_(GROUP_LABELS[i.group]))}: {escape(_(i.label))}</li>"
                    for i in completeness.unavailable
                ]
                parts.append("</ul>")
        for n in notes:
            parts.append(f"<p>{escape(n.text(_))} {cite(n.citation)}</p>")
        self.details.setText("".join(parts))

    def retranslate(self) -> None:
        self._render()
