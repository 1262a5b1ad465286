"""Drug cards screen: type to search (any name, either language), filter, read, compare, export.

Keyboard first: the search box has focus; Up/Down move through the results, Enter opens
the card for reading. Ctrl+D adds the shown card to the comparison; Ctrl+E exports it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import _, current_language
from lmdesk.models.drug_card import IT_STATUSES, DrugCard
from lmdesk.models.drug_catalog import DrugCatalog
from lmdesk.models.drug_labels import FATAL_BANNER, STATUS_SHORT, status_label
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.views.drugs.card_html import card_html
from lmdesk.views.drugs.compare_widget import CompareWidget
from lmdesk.views.drugs.evidence_model import SORT_ROLE, EvidenceModel
from lmdesk.views.drugs.pdf_export import PdfExportJob, start_export

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DANGER = QColor("#b00020")
STATUS_STRIP_STYLE = (
    "background: #fff1c2; color: #4a3b00; font-weight: bold; padding: 5px;"
    " border: 1px solid #c9a400;"
)
BANNER_STYLE = (
    "background: #b00020; color: white; font-weight: bold; font-size: 15pt; padding: 8px;"
)


class DrugCardsView(QWidget):
    """The drug-cards screen. Takes its catalog from ``ctx.reference`` (or one given)."""

    card_shown = Signal(str)
    pdf_exported = Signal(str)
    pdf_failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext | None = None,
        parent: QWidget | None = None,
        *,
        catalog: DrugCatalog | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        if catalog is None:
            if ctx is None:
                raise ValueError("DrugCardsView needs an AppContext or a DrugCatalog")
            catalog = DrugRepository(ctx.reference).catalog()
        self.catalog = catalog
        self.pool = pool or QThreadPool.globalInstance()
        self.current: DrugCard | None = None
        self._jobs: list[PdfExportJob] = []

        self.search = QLineEdit()
        self.search.setObjectName("drug_search")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.class_filter = QComboBox()
        self.class_filter.setObjectName("class_filter")
        self.results_model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setObjectName("drug_results")
        self.results.setModel(self.results_model)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.count_label = QLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.status_filter)
        left_layout.addWidget(self.class_filter)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.count_label)

        self.banner = QLabel()
        self.banner.setObjectName("fatal_banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        self.status_strip = QLabel()
        self.status_strip.setObjectName("status_strip")
        self.status_strip.setWordWrap(True)
        self.status_strip.setStyleSheet(STATUS_STRIP_STYLE)
        self.status_strip.setVisible(False)
        self.browser = QTextBrowser()
        self.browser.setObjectName("card_browser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow_anchor)
        self.evidence_title = QLabel()
        self.evidence_model = EvidenceModel(self)
        self.evidence_proxy = QSortFilterProxyModel(self)
        self.evidence_proxy.setSourceModel(self.evidence_model)
        self.evidence_proxy.setSortRole(SORT_ROLE)
        self.evidence_view = QTableView()
        self.evidence_view.setObjectName("evidence_table")
        self.evidence_view.setModel(self.evidence_proxy)
        self.evidence_view.setSortingEnabled(True)
        self.evidence_view.setWordWrap(True)
        header = self.evidence_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(96)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.evidence_proxy.sort(-1)
        self.compare_button = QPushButton()
        self.export_button = QPushButton()
        self.copy_refs_button = QPushButton()
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)

        card_page = QWidget()
        card_layout = QVBoxLayout(card_page)
        card_layout.addWidget(self.banner)
        card_layout.addWidget(self.status_strip)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.browser)
        self.evidence_box = evidence_box = QWidget()
        evidence_layout = QVBoxLayout(evidence_box)
        evidence_layout.setContentsMargins(0, 0, 0, 0)
        evidence_layout.addWidget(self.evidence_title)
        evidence_layout.addWidget(self.evidence_view)
        split.addWidget(evidence_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 260])
        card_layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        for button in (self.compare_button, self.export_button, self.copy_refs_button):
            buttons.addWidget(button)
        buttons.addWidget(self.export_status, 1)
        card_layout.addLayout(buttons)

        self.compare = CompareWidget(self.catalog)
        self.tabs = QTabWidget()
        self.tabs.addTab(card_page, "")
        self.tabs.addTab(self.compare, "")

        outer = QSplitter()
        outer.addWidget(left)
        outer.addWidget(self.tabs)
        outer.setStretchFactor(1, 1)
        outer.setSizes([280, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(outer)

        self.search.textChanged.connect(self.refresh_results)
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)
        self.status_filter.currentIndexChanged.connect(self.refresh_results)
        self.class_filter.currentIndexChanged.connect(self.refresh_results)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.results.activated.connect(lambda _index: self._enter())
        self.compare_button.clicked.connect(self.add_current_to_compare)
        self.export_button.clicked.connect(self._choose_pdf_target)
        self.copy_refs_button.clicked.connect(self.copy_references)
        QShortcut(QKeySequence("Ctrl+D"), self, self.add_current_to_compare)
        QShortcut(QKeySequence("Ctrl+E"), self, self._choose_pdf_target)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)

        self.retranslate()
        self.setFocusProxy(self.search)

    # --- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search any name: MTX, 甲氨蝶呤, Alimta, Ara-C …"))
        self._fill_filters()
        self.banner.setText(f"⚠ {FATAL_BANNER} ⚠")
        self.evidence_title.setText(_("Evidence (click a column title to sort)"))
        self.compare_button.setText(_("Add to comparison (Ctrl+D)"))
        self.export_button.setText(_("Export PDF… (Ctrl+E)"))
        self.copy_refs_button.setText(_("Copy references"))
        self.tabs.setTabText(0, _("Card"))
        self.tabs.setTabText(1, _("Compare"))
        self.compare.retranslate()
        self.refresh_results()
        if self.current is not None:
            self.show_card(self.current.id)

    def _fill_filters(self) -> None:
        lang = current_language()
        keep_status = self.status_filter.currentData()
        keep_class = self.class_filter.currentData()
        for combo in (self.status_filter, self.class_filter):
            combo.blockSignals(True)
            combo.clear()
        self.status_filter.addItem(_("All statuses"), None)
        for status in IT_STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.class_filter.addItem(_("All classes"), None)
        labels: dict[str, str] = {}
        for card in self.catalog.all():
            labels.setdefault(card.drug_class, card.class_label.get(lang))
        for drug_class, label in sorted(labels.items(), key=lambda kv: kv[1].casefold()):
            self.class_filter.addItem(label, drug_class)
        for combo, keep in ((self.status_filter, keep_status), (self.class_filter, keep_class)):
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)
            combo.blockSignals(False)

    # --- search ------------------------------------------------------------------------
    def matching_cards(self) -> list[DrugCard]:
        status = self.status_filter.currentData()
        drug_class = self.class_filter.currentData()
        return [
            c
            for c in self.catalog.search(self.search.text())
            if (status is None or c.it_status == status)
            and (drug_class is None or c.drug_class == drug_class)
        ]

    def refresh_results(self) -> None:
        lang = current_language()
        keep = self.current.id if self.current else None
        cards = self.matching_cards()
        self.results_model.clear()
        for card in cards:
            other = card.name_zh if not lang.startswith("zh") else card.name_en
            text = f"{card.name(lang)} · {other}"
            if card.it_status != "standard":
                text += f"  [{_(STATUS_SHORT[card.it_status])}]"
            item = QStandardItem(("⚠ " if card.it_status == "never" else "") + text)
            item.setData(card.id, ID_ROLE)
            item.setToolTip(", ".join(card.aliases))
            if card.it_status == "never":
                item.setForeground(DANGER)
            self.results_model.appendRow(item)
        self.count_label.setText(
            _("{n} of {total} cards").format(n=len(cards), total=len(self.catalog))
        )
        if not cards:
            return
        row = next((n for n, c in enumerate(cards) if c.id == keep), 0)
        self.results.setCurrentIndex(self.results_model.index(row, 0))

    def result_ids(self) -> list[str]:
        return [
            str(self.results_model.item(r).data(ID_ROLE))
            for r in range(self.results_model.rowCount())
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1)
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        rows = self.results_model.rowCount()
        if rows == 0:
            return
        row = min(max(self.results.currentIndex().row() + step, 0), rows - 1)
        self.results.setCurrentIndex(self.results_model.index(row, 0))

    def _enter(self) -> None:
        if self.current is not None:
            self.tabs.setCurrentIndex(0)
            self.browser.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _current_changed(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self.show_card(str(index.data(ID_ROLE)))

    # --- card page ---------------------------------------------------------------------
    def show_card(self, drug_id: str) -> None:
        card = self.catalog.get(drug_id)
        if card is None:
            return
        lang = current_language()
        self.current = card
        self.banner.setVisible(card.it_status == "never")
        plain = card.it_status in ("discontinued", "investigational", "systemic")
        self.status_strip.setVisible(plain)
        if plain:
            self.status_strip.setText(status_label(card.it_status).upper())
        self.browser.setHtml(card_html(card, lang, with_banner=False, with_evidence=False))
        self.evidence_model.set_card(card, lang)
        has_evidence = bool(card.evidence)
        self.evidence_box.setVisible(has_evidence)
        self.evidence_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.evidence_proxy.sort(-1)
        for column, width in ((0, 170), (3, 150), (4, 190)):
            self.evidence_view.setColumnWidth(column, width)
        self.evidence_view.resizeRowsToContents()
        self.export_status.clear()
        self.card_shown.emit(card.id)

    def _follow_anchor(self, url: QUrl) -> None:
        if url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())

    def references_text(self) -> str:
        if self.current is None:
            return ""
        return "\n".join(f"[{r.key}] {r.full_text()}" for r in self.current.references)

    def copy_references(self) -> None:
        QGuiApplication.clipboard().setText(self.references_text())
        self.export_status.setText(_("References copied to the clipboard."))

    # --- compare -----------------------------------------------------------------------
    def add_current_to_compare(self) -> None:
        if self.current is None:
            return
        self.compare.add_card(self.current.id)
        self.tabs.setCurrentWidget(self.compare)

    # --- PDF ---------------------------------------------------------------------------
    def _choose_pdf_target(self) -> None:
        if self.current is None:
            return
        suggested = str(Path.home() / f"lmdesk-{self.current.id}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export drug card as PDF"), suggested, _("PDF files (*.pdf)")
        )
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, target: Path) -> PdfExportJob | None:
        """Write the shown card to ``target`` in the thread pool; result by signal."""
        if self.current is None:
            return None
        self.export_status.setText(_("Writing {path} …").format(path=target))
        self.export_button.setEnabled(False)
        job = start_export(self.current, current_language(), target, self.pool)
        job.signals.finished.connect(self._exported)
        job.signals.failed.connect(self._export_failed)
        self._jobs.append(job)
        return job

    def _exported(self, path: str) -> None:
        self.export_button.setEnabled(True)
        self.export_status.setText(_("Saved {path}").format(path=path))
        self._jobs = [j for j in self._jobs if j.signals is not self.sender()]
        self.pdf_exported.emit(path)

    def _export_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.export_status.setText(_("Could not write the PDF: {error}").format(error=message))
        self.pdf_failed.emit(message)

    # --- selftest ----------------------------------------------------------------------
    def selftest(self) -> None:
        """Search in both languages, open a never-IT card, compare, export a PDF."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        self.search.setText("甲氨蝶呤")
        if self.result_ids()[:1] != ["methotrexate"]:
            raise RuntimeError("search for 甲氨蝶呤 did not find methotrexate first")
        self.search.setText("VCR")
        if self.current is None or self.current.id != "vincristine" or self.banner.isHidden():
            raise RuntimeError("vincristine card without the FATAL banner")
        self.compare.set_cards(["methotrexate", "pemetrexed"])
        if self.compare.table.columnCount() != 2:
            raise RuntimeError("compare table does not show two agents")
        self.show_card("methotrexate")
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "card.pdf"
            self.export_pdf(target)
            timer = QElapsedTimer()
            timer.start()
            while not target.exists() and timer.elapsed() < 20000:
                QCoreApplication.processEvents()
                self.pool.waitForDone(50)
            QCoreApplication.processEvents()
            if not target.exists() or target.stat().st_size < 1000:
                raise RuntimeError("card PDF was not written")
        self.search.clear()
