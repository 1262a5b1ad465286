"""Drug cards screen: type to search (any name, either language), filter, read, compare, export.

Keyboard first: the search box has focus; Up/Down move through the results, Enter opens
the card for reading. Ctrl+D adds the shown card to the comparison; Ctrl+E exports it, Ctrl+P
previews and prints it; Ctrl+F goes back to the search (Edit and File menus list them).

It is lmdesk's first screen, so it takes input before the full cards are parsed: the list
and the search run on the card listings (names, status, class), and the cards themselves
are validated on a worker thread once the screen has painted (``finish_loading``,
``card_loader``). The card selected at start-up is shown when they arrive; any card the
user asks for waits for them (or is parsed then, if nothing started the worker).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _, current_language
from lmdesk.models.drugs.labels import STATUS_SHORT, status_label
from lmdesk.models.drugs.listing import IT_STATUSES, DrugListing
from lmdesk.models.drugs.name_index import DrugNameIndex
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.views.commands import command
from lmdesk.views.drugs.card_loader import CardLoader
from lmdesk.views.drugs.card_page import CardPage
from lmdesk.views.drugs.compare_tab import CompareTab
from lmdesk.views.file_dialogs import save_dialog

if TYPE_CHECKING:
    from lmdesk.models.drugs.card import DrugCard
    from lmdesk.models.drugs.name_index import DrugCatalog
    from lmdesk.views.drugs.compare_widget import CompareWidget
    from lmdesk.views.jobs import Job
    from lmdesk.views.print_preview import PreviewFactory

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DANGER = QColor("#b00020")


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
        self.save_dialog = save_dialog(ctx)  # starts in the last folder used
        if catalog is None:
            if ctx is None:
                raise ValueError("DrugCardsView needs an AppContext or a DrugCatalog")
            self.loader = CardLoader(DrugRepository(ctx.reference), parent=self)
        else:
            self.loader = CardLoader(catalog=catalog, parent=self)
        self.listing: DrugNameIndex[DrugListing] = DrugNameIndex(self.loader.listings())
        self.pool = pool or QThreadPool.globalInstance()
        self.current: DrugCard | None = None
        self._starting = True  # the start-up selection waits for the cards, nothing else does
        self._pending: str | None = None  # selected while the cards were being parsed
        self._loaded_callbacks: list[Callable[[], None]] = []
        self._jobs: list[Job] = []

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

        self.page = CardPage()
        page = self.page  # its parts, by the names the tests and the selftest use
        self.banner, self.status_strip, self.browser = page.banner, page.status_strip, page.browser
        self.evidence_model, self.evidence_proxy = page.evidence_model, page.evidence_proxy
        self.evidence_view, self.export_status = page.evidence_view, page.export_status
        self.compare_button, self.export_button = page.compare_button, page.export_button
        self.print_button = page.print_button
        self.copy_refs_button = page.copy_refs_button
        self.compare_tab = CompareTab(self.listing.all(), self.loader.catalog)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.page, "")
        self.tabs.addTab(self.compare_tab, "")

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
        self.print_button.clicked.connect(self.preview_and_print)
        #: Makes the print preview (tests give one that does not block).
        self.preview_factory: PreviewFactory | None = None
        # In the menus with their keys (the shell lists file_actions() and edit_actions()).
        self.compare_action = command(
            self, N_("Add the card to the comparison"), self.add_current_to_compare, "Ctrl+D"
        )
        self.export_action = command(
            self, N_("Export the card as PDF…"), self._choose_pdf_target, "Ctrl+E"
        )
        self.print_action = command(
            self, N_("Preview and print the card…"), self.preview_and_print,
            QKeySequence.StandardKey.Print,
        )  # fmt: skip
        self.find_action = command(
            self, N_("Find a drug"), self.focus_search, QKeySequence.StandardKey.Find
        )

        self.loader.loaded.connect(self._cards_arrived)
        self.loader.failed.connect(self._cards_failed)
        self.retranslate()
        self.setFocusProxy(self.search)
        self._starting = False
        self._load_scheduled = False

    @property
    def compare(self) -> CompareWidget:
        """The comparison (built when first needed: it is not on the start-up screen)."""
        return self.compare_tab.widget()

    @property
    def catalog(self) -> DrugCatalog:
        """The validated cards (waits for the background parse if it is still running)."""
        return self.loader.catalog()

    # --- start-up ----------------------------------------------------------------------
    def _cards_arrived(self) -> None:
        if current_language().startswith("zh"):  # the pinyin order is known now
            self.refresh_results()
        pending, self._pending = self._pending, None
        if pending is not None and self.current is None and self._selected_id() == pending:
            self.show_card(pending)
        self._run_loaded_callbacks()

    def _cards_failed(self, message: str) -> None:
        self._pending = None
        self.page.show_error(_("The drug cards could not be loaded: {error}").format(error=message))
        self._run_loaded_callbacks()

    def _run_loaded_callbacks(self) -> None:
        callbacks, self._loaded_callbacks = self._loaded_callbacks, []
        for callback in callbacks:
            callback()

    def finish_loading(self, callback: Callable[[], None]) -> None:
        """Parse the cards on a worker and call ``callback`` once the card selected at start-up
        is on the page (now, if nothing waits). The shell calls this once the screen is
        painted: a worker started earlier would slow that paint down (it holds the GIL)."""
        if self._pending is None:
            callback()
            return
        self._loaded_callbacks.append(callback)
        self.loader.start_background()

    #: If the shell does not call ``finish_loading`` (the screen opened some other way),
    #: the cards start loading this long after the screen is first shown.
    UNPROMPTED_LOAD_MS = 300

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending is not None and not self._load_scheduled:
            self._load_scheduled = True
            QTimer.singleShot(self.UNPROMPTED_LOAD_MS, self.loader.start_background)

    def wait_for_loading(self) -> None:
        """Wait for the card parse (the shell calls this before opening another screen)."""
        self.loader.wait()

    # --- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search any name: MTX, 甲氨蝶呤, Alimta, Ara-C …"))
        self._fill_filters()
        self.page.retranslate()
        self.tabs.setTabText(0, _("Card"))
        self.tabs.setTabText(1, _("Compare"))
        self.compare_tab.retranslate()
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
        for card in self.listing.all():
            labels.setdefault(card.drug_class, card.class_label.get(lang))
        for drug_class, label in sorted(labels.items(), key=lambda kv: kv[1].casefold()):
            self.class_filter.addItem(label, drug_class)
        for combo, keep in ((self.status_filter, keep_status), (self.class_filter, keep_class)):
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep else 0)
            combo.blockSignals(False)

    # --- search ------------------------------------------------------------------------
    def matching_cards(self) -> list[DrugListing]:
        status = self.status_filter.currentData()
        drug_class = self.class_filter.currentData()
        return [
            c
            for c in self.listing.search(self.search.text())
            if (status is None or c.it_status == status)
            and (drug_class is None or c.drug_class == drug_class)
        ]

    def _apply_order(self) -> None:
        """Chinese lists in pinyin order (once the loader knows it), English ones by name."""
        chinese = current_language().startswith("zh")
        self.listing.set_order((self.loader.chinese_order() if chinese else None) or {})

    def refresh_results(self) -> None:
        self._apply_order()
        lang = current_language()
        keep = self.current.id if self.current else self._pending
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
            _("{n} of {total} cards").format(n=len(cards), total=len(self.listing))
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

    def _selected_id(self) -> str | None:
        index = self.results.currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def _current_changed(self) -> None:
        drug_id = self._selected_id()
        if drug_id is None:
            return
        if self._starting and not self.loader.is_loaded():
            self._pending = drug_id  # shown by _cards_arrived: start-up never waits for it
            return
        self._pending = None
        self.show_card(drug_id)

    # --- card page ---------------------------------------------------------------------
    def show_card(self, drug_id: str) -> None:
        card = self.catalog.get(drug_id)
        if card is None:
            return
        self.current = card
        self.page.show_card(card, current_language())
        self.card_shown.emit(card.id)

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
        self.tabs.setCurrentWidget(self.compare_tab)

    def file_actions(self) -> list[QAction]:
        return [self.print_action, self.export_action]

    def edit_actions(self) -> list[QAction]:
        return [self.find_action, self.compare_action]

    # --- PDF and print ------------------------------------------------------------------
    def preview_and_print(self) -> None:
        """The card's print preview (fit to the page's width): the PDF's pages."""
        if self.current is None:
            return
        from lmdesk.printing.card_pdf import paint_card  # QtPrintSupport: only when printing
        from lmdesk.views.drugs.pdf_export import printed_card
        from lmdesk.views.print_preview import preview

        html, _title, lines = printed_card(self.current, current_language())
        printed = preview(
            self,
            _("Drug card — print preview"),
            lambda painter, printer: paint_card(painter, printer, html, lines),
            self.preview_factory,
        )
        self.export_status.setText(_("Sent to the printer.") if printed else _("Not printed."))

    def _choose_pdf_target(self) -> None:
        if self.current is None:
            return
        path = self.save_dialog(
            self,
            _("Export drug card as PDF"),
            f"lmdesk-{self.current.id}.pdf",
            _("PDF files (*.pdf)"),
        )
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, target: Path) -> Job | None:
        """Write the shown card to ``target`` in the thread pool; result by signal."""
        if self.current is None:
            return None
        self.export_status.setText(_("Writing {path} …").format(path=target))
        self.export_button.setEnabled(False)
        from lmdesk.views.drugs.pdf_export import start_export  # QPdfWriter: ~4 ms to load

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
