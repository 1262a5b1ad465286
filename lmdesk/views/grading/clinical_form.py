"""Guided clinical grading: choose a term (IT-relevant neurological terms first), read its
descriptors with the ADL definitions, pick the grade."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import N_, _, current_language
from lmdesk.models.ctcae.clinical import (
    ADL_INSTRUMENTAL,
    ADL_SELF_CARE,
    GRADE_MEANINGS,
    SEMICOLON_RULE,
    descriptors,
    grade_clinical,
)
from lmdesk.models.ctcae.rules import Version
from lmdesk.models.ctcae.terms import CtcaeTerm
from lmdesk.models.errors import LmdeskError
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.views.grading.result_box import ResultBox

GROUP_LABELS = {"neuro": N_("Neurological"), "lab": N_("Lab"), "other": N_("Other")}


class ClinicalGradeForm(QWidget):
    """Emits ``graded`` with the chosen grade as a result."""

    graded = Signal(object)

    def __init__(self, repo: CtcaeRepo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repo = repo
        self._version: Version = "5.0"
        self.term: CtcaeTerm | None = None
        self.search = QLineEdit()
        self.search.textChanged.connect(self._fill_terms)
        self.term_list = QListWidget()
        self.term_list.currentItemChanged.connect(self._term_chosen)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.PlainText)  # "ANC <1000/mm3" is not a tag
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.grade_group = QButtonGroup(self)
        self.grade_texts: dict[int, QLabel] = {}
        self.grade_area = QWidget()
        grade_column = QVBoxLayout(self.grade_area)
        self.grade_layout = QVBoxLayout()
        grade_column.addLayout(self.grade_layout)
        grade_column.addWidget(self.rules)  # how to read the grades scrolls with them
        grade_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("grade_list")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grade_area)
        # at least three grades in view: a 40-px list showed only Grade 1 (issue 26)
        scroll.setMinimumHeight(3 * self.fontMetrics().height() * 2)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose)
        self.result_box = ResultBox()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.term_list)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.definition)
        right_layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.result_box, 1)
        right_layout.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate()

    def set_version(self, version: Version) -> None:
        self._version = version
        self._fill_terms()

    def _fill_terms(self) -> None:
        """IT-relevant terms (neurological first) when the search is empty, else matches."""
        current = self.term.term if self.term else None
        text = self.search.text().strip()
        terms = (
            self._repo.search(text, self._version)
            if text
            else self._repo.it_relevant(self._version)
        )
        language = current_language()
        self.term_list.blockSignals(True)
        self.term_list.clear()
        for term in terms:
            label = term.name(language)
            if term.group:
                label = f"{label}  [{_(GROUP_LABELS[term.group])}]"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, term.term)
            self.term_list.addItem(item)
            if term.term == current:
                self.term_list.setCurrentItem(item)
        self.term_list.blockSignals(False)
        if current and self.term_list.currentItem() is None:
            self.select_term(current)

    def select_term(self, name: str) -> bool:
        for row in range(self.term_list.count()):
            item = self.term_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.term_list.setCurrentItem(item)
                return True
        term = self._repo.term(self._version, name)
        if term is not None:
            self._show(term)
            return True
        return False

    def _term_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        term = self._repo.term(self._version, item.data(Qt.ItemDataRole.UserRole))
        if term is not None:
            self._show(term)

    def _show(self, term: CtcaeTerm) -> None:
        self.term = term
        self.result_box.show_result(None)
        self._render()

    def _render(self) -> None:
        self.grade_texts = {}
        for button in self.grade_group.buttons():
            self.grade_group.removeButton(button)
        while self.grade_layout.count():
            item = self.grade_layout.takeAt(0)
            child = item.widget() if item is not None else None
            if child is not None:
                child.deleteLater()
        term = self.term
        if term is None:
            self.title.setText(_("Choose a term on the left."))
            self.definition.setText("")
            return
        language = current_language()
        self.title.setText(f"<b>{html.escape(term.name(language))}</b> — CTCAE v{term.version}")
        shown, english = term.definition_texts(language)
        self.definition.setText(f"{shown}\n({english})" if english else shown)
        for d in descriptors(term, language):
            text = _("Grade {grade}: {text}").format(grade=d.grade, text=d.text)
            if language == "zh_CN" and d.text != d.text_en:
                text += f"\n({d.text_en})"
            if d.post_lumbar_puncture:
                text += "\n" + _("After lumbar puncture: {text}").format(
                    text=d.post_lumbar_puncture
                )
            text += "\n" + _(GRADE_MEANINGS[d.grade])
            self.grade_layout.addWidget(self._grade_choice(d.grade, text))
        self.grade_layout.addStretch(1)
        # Lay the new rows out now, not on the next event: a click (or a test's click) right
        # after choosing a term must land on a grade where it is drawn.
        area_layout = self.grade_area.layout()
        if area_layout is not None:
            area_layout.activate()

    def _grade_choice(self, grade: int, text: str) -> QWidget:
        """One grade: a short radio button, its whole description wrapped beside it (a radio
        button's own text never wraps: long CTCAE grades ran off a 1200-px window)."""
        row = QWidget()
        row.setObjectName(f"grade_row{grade}")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        button = QRadioButton(_("Grade {grade}").format(grade=grade))
        button.setObjectName(f"grade{grade}")
        button.setAccessibleDescription(text)
        button.setFixedSize(button.sizeHint())  # its short label is all it is, laid out or not
        self.grade_group.addButton(button, grade)
        words = _GradeText(text, button)
        words.setObjectName(f"grade_text{grade}")
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(words, 1)
        self.grade_texts[grade] = words
        if self.grade_area.isVisible():
            row.show()
        return row

    def choose(self) -> None:
        if self.term is None or self.grade_group.checkedId() < 1:
            self.result_box.show_error(_("Choose a term and one grade first."))
            return
        try:
            result = grade_clinical(self.term, self.grade_group.checkedId())
        except LmdeskError as err:
            self.result_box.show_error(str(err))
            return
        self.result_box.show_result(result, self.term.name(current_language()), self.term)
        self.graded.emit(result)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search any CTCAE term (English or Chinese)"))
        self.choose_button.setText(_("Use this grade"))
        self.rules.setText("\n".join((_(SEMICOLON_RULE), _(ADL_INSTRUMENTAL), _(ADL_SELF_CARE))))
        self._fill_terms()
        checked = self.grade_group.checkedId()
        self._render()
        if checked > 0 and self.grade_group.button(checked) is not None:
            self.grade_group.button(checked).setChecked(True)
        self.result_box.retranslate()


class _GradeText(QLabel):
    """A grade's description, word-wrapped; a click on it chooses the grade."""

    def __init__(self, text: str, button: QRadioButton) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._button = button

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._button.setChecked(True)
        super().mousePressEvent(event)
