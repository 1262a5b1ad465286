"""Browse every CTCAE term of a version (837 in v5.0, 850 in v6.0): filter, sort, read."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _, current_language
from lmdesk.models.ctcae.rules import Version
from lmdesk.models.ctcae.soc_labels import soc_text
from lmdesk.models.ctcae.synonyms import words_for
from lmdesk.models.ctcae.terms import CtcaeTerm, pinyin_key, search_key, sort_key
from lmdesk.store.ctcae_repo import CtcaeRepo

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


class TermBrowser(QWidget):
    def __init__(self, repo: CtcaeRepo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repo = repo
        self._version: Version = "5.0"
        self._filled_for: tuple[Version, str] | None = None
        self.count_label = QLabel()
        self.filter_edit = QLineEdit()
        self.model = QStandardItemModel(0, 3, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(KEY_ROLE)
        self.proxy.setSortRole(SORT_ROLE)  # Chinese names in pinyin order, not code points
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.textChanged.connect(self._filter)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.detail = QTextBrowser()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def set_version(self, version: Version) -> None:
        self._version = version
        if self.isVisible():
            self.ensure_filled()

    def ensure_filled(self) -> None:
        """Fill the table for the current version and language, once (it is shown lazily:
        reading and listing 850 terms is kept off the view's start-up)."""
        if self._filled_for != (self._version, current_language()):
            self._fill()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_filled()
        super().showEvent(event)

    def _fill(self) -> None:
        language = current_language()
        self._filled_for = (self._version, language)
        self.model.removeRows(0, self.model.rowCount())
        for term in self._repo.terms(self._version):
            name = QStandardItem(term.name(language))
            name.setData(term.term, NAME_ROLE)
            words = " ".join((term.term, term.name_zh or "", *words_for(term.term)))
            name.setData(search_key(words), KEY_ROLE)
            name.setData(sort_key(term, language), SORT_ROLE)
            soc = QStandardItem(soc_text(term.soc))
            soc.setData(pinyin_key(soc.text()) if language == "zh_CN" else soc.text(), SORT_ROLE)
            grades = QStandardItem(", ".join(str(g) for g in sorted(term.grades)))
            grades.setData(grades.text(), SORT_ROLE)
            self.model.appendRow([name, soc, grades])
        self.proxy.sort(0)
        self._filter()
        self.table.setColumnWidth(0, 360)
        self.table.setColumnWidth(1, 320)

    def _filter(self) -> None:
        # the key column holds English + Chinese names and clinical synonyms, by search_key
        self.proxy.setFilterFixedString(search_key(self.filter_edit.text()))
        self.count_label.setText(
            _("{shown} of {total} CTCAE v{version} terms").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount(), version=self._version
            )
        )

    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        name = self.proxy.index(index.row(), 0).data(NAME_ROLE)
        term = self._repo.term(self._version, name)
        if term is not None:
            self.detail.setHtml(term_html(term, current_language()))

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(_("Filter by name (English or Chinese)"))
        self.model.setHorizontalHeaderLabels([_("Term"), _("System organ class"), _("Grades")])
        if self.isVisible():
            self.ensure_filled()
        self._show_current()


def term_html(term: CtcaeTerm, language: str) -> str:
    """The term in full: name, SOC, definition, every grade (Chinese beside English), note."""
    e = html.escape
    rows = []
    for grade in sorted(term.grades):
        text = e(term.grades[grade])
        if language == "zh_CN" and grade in term.grades_zh:
            text = e(term.grades_zh[grade]) + "<br><small>" + text + "</small>"
        rows.append(f"<tr><td><b>{grade}</b></td><td>{text}</td></tr>")
    parts = [
        f"<h3>{e(term.name(language))}</h3>",
        f"<p>{e(term.term)} — {e(soc_text(term.soc))} — MedDRA {e(term.meddra_code)} — CTCAE "
        f"v{e(term.version)}</p>",
    ]
    shown, english = term.definition_texts(language)
    if shown:
        beside = f"<br><small>{e(english)}</small>" if english else ""
        parts.append("<p>" + e(_("Definition: {text}").format(text=shown)) + beside + "</p>")
    parts.append(f"<table cellpadding='3'>{''.join(rows)}</table>")
    if term.navigational_note:
        parts.append("<p>" + e(_("Note: {text}").format(text=term.navigational_note)) + "</p>")
    return "".join(parts)
