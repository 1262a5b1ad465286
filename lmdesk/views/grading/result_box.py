"""Shows one grading result: grade, status, the matching criterion, assumptions, reason."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.ctcae import GradeStatus, LabGrade
from lmdesk.models.ctcae.terms import CtcaeTerm, criterion_texts

STATUS_LABELS: dict[GradeStatus, str] = {
    GradeStatus.GRADED: N_("graded"),
    GradeStatus.NORMAL: N_("normal (no CTCAE grade)"),
    GradeStatus.NOT_GRADABLE: N_("not gradable"),
    GradeStatus.AMBIGUOUS: N_("ambiguous"),
}


def result_html(result: LabGrade, term_name: str, term: CtcaeTerm | None = None) -> str:
    """The result as rich text; grade 3 and above in dark red (danger), else plain. With the
    ``term``, a Chinese screen shows the criterion in Chinese and the NCI's English under it."""
    parts = []
    if result.grade is not None and result.grade > 0:
        colour = "#a00000" if result.grade >= 3 else "#000000"
        parts.append(
            f'<p style="font-size:16pt; color:{colour}"><b>'
            + html.escape(_("Grade {grade}").format(grade=result.grade))
            + "</b></p>"
        )
    parts.append(
        "<p>"
        + html.escape(
            _("{term} (CTCAE v{version}): {status}").format(
                term=term_name, version=result.version, status=_(STATUS_LABELS[result.status])
            )
        )
        + "</p>"
    )
    if result.criterion:
        shown, english = criterion_texts(term, result.grade, result.criterion, current_language())
        original = (
            f'<br><span style="color:#555555">{html.escape(english)}</span>' if english else ""
        )
        parts.append(
            "<p>" + html.escape(_("Criterion: {text}").format(text=shown)) + original + "</p>"
        )
    if result.reason:
        parts.append("<p><b>" + html.escape(result.reason) + "</b></p>")
    if result.assumptions:
        items = "".join(f"<li>{html.escape(a)}</li>" for a in result.assumptions)
        parts.append("<p>" + html.escape(_("Assumptions made:")) + f"</p><ul>{items}</ul>")
    return "".join(parts)


class ResultBox(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.result: LabGrade | None = None
        self._term_name = ""
        self._term: CtcaeTerm | None = None

    def show_result(
        self, result: LabGrade | None, term_name: str = "", term: CtcaeTerm | None = None
    ) -> None:
        self.result, self._term_name, self._term = result, term_name, term
        self.retranslate()

    def show_error(self, message: str) -> None:
        self.result = None
        self.label.setText("<p><b>" + html.escape(message) + "</b></p>")

    def retranslate(self) -> None:
        if self.result is None:
            self.label.setText("")
        else:
            self.label.setText(result_html(self.result, self._term_name, self._term))
