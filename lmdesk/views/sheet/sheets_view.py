"""Regimen sheets screen: pick a course, preview/print or export its sheet, browse the archive.

Every sheet that leaves the screen (printer or PDF) is archived with its SHA-256; a
reprint (``ArchivePanel``) hands out the archived bytes, not a new rendering. A course
changed since its last printed sheet is shown as "out of date" (in red: the ward holds a
stale sheet).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _
from lmdesk.models.errors import LmdeskError
from lmdesk.printing.sheet_pdf import RenderedPdf, paint_sheet, render_pdf
from lmdesk.printing.sheet_service import SheetJob, SheetService, temp_beside, write_file
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.sheet_archive import SheetKind
from lmdesk.store.sheet_courses import CourseRow, list_courses
from lmdesk.views.commands import command
from lmdesk.views.common.list_table import ListTable
from lmdesk.views.common.status_line import status_line
from lmdesk.views.file_dialogs import SaveDialog, save_dialog
from lmdesk.views.jobs import Job, JobControl, start_job
from lmdesk.views.live_changes import FollowChanges, LiveChanges
from lmdesk.views.print_preview import PrintPreviewDialog
from lmdesk.views.progress import JobProgress
from lmdesk.views.sheet.archive_panel import ArchivePanel
from lmdesk.views.sheet.archive_table import LANGUAGES

COLUMNS = (
    N_("Course"),
    N_("MRN"),
    N_("Patient"),
    N_("Protocol"),
    N_("First session"),
    N_("Revision"),
    N_("Printed sheet"),
)
STATES = {
    "never": N_("Never printed"),
    "current": N_("Up to date"),
    "out_of_date": N_("OUT OF DATE: course changed since the last print"),
}
DANGER = QColor("#b00020")
#: Newest courses listed (a search narrows to the patient): keeps each keystroke quick.
SHOWN = 100
AskPath = Callable[[QWidget, str, str, str], str]


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
    """A save dialog that remembers nothing (views use ``file_dialogs.save_dialog(ctx)``)."""
    return SaveDialog()(parent, title, suggested, file_filter)


class SheetsView(QWidget):
    sheet_archived = Signal(int)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
        ask_path: AskPath | None = None,
        preview_factory: Callable[[QWidget], QPrintPreviewDialog] | None = None,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = SheetService(ctx)
        self.pool = pool or QThreadPool.globalInstance()
        self.ask_path: AskPath = ask_path or save_dialog(ctx)  # starts in the last folder
        self.preview_factory = preview_factory or self._make_preview
        self.courses: list[CourseRow] = []
        self.jobs: list[Job] = []
        self._build()
        self.follow = FollowChanges(
            self, live, self.refresh, entities=("sheet", "course", "patient")
        )
        self.retranslate()  # also fills the list (once)

    # -- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.textChanged.connect(self.refresh)
        # sortable by any column (common.list_table); the search box above is its filter
        self.list = ListTable("sheet_courses")
        self.list.take_filter().hide()
        self.table = self.list.view
        self.table.verticalHeader().setVisible(False)
        # Fixed widths from the font (``_fit_columns``): sizing to contents would measure
        # every row on each refresh, i.e. on each keystroke in the search field.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._course_changed)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem("", code)
        index = self.language.findData(self.ctx.settings.sheet_language)
        self.language.setCurrentIndex(max(0, index))
        self.language_label = QLabel()
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview_and_print)
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self._choose_pdf)
        self.ics_button = QPushButton()
        self.ics_button.clicked.connect(self._choose_ics)
        self.status = status_line(QLabel())
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.archive = ArchivePanel(self.service.archive, self.ask_path)
        self.archive.message.connect(lambda text, bad: (self._error if bad else self._info)(text))

        top = QHBoxLayout()
        self.search_label = QLabel()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        self.shown_label = QLabel()
        top.addWidget(self.shown_label)
        actions = QHBoxLayout()
        actions.addWidget(self.language_label)
        actions.addWidget(self.language)
        for button in (self.preview_button, self.pdf_button, self.ics_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self.progress = JobProgress(self)  # a long sheet: its progress and Cancel
        layout.addWidget(self.progress)
        layout.addWidget(self.archive, 1)
        # In the File menu with their keys (the shell lists file_actions()).
        print_keys = QKeySequence.StandardKey.Print
        self.print_action = command(
            self, N_("Preview and print the sheet…"), self.preview_and_print, print_keys
        )
        self.export_action = command(
            self, N_("Export the sheet as PDF…"), self._choose_pdf, "Ctrl+E"
        )

    def file_actions(self) -> list[QAction]:
        return [self.print_action, self.export_action]

    def retranslate(self) -> None:
        self.search_label.setText(_("Find patient (MRN or name):"))
        self.search.setPlaceholderText(_("MRN or name, either script"))
        self.language_label.setText(_("Sheet language:"))
        for i in range(self.language.count()):
            self.language.setItemText(i, _(LANGUAGES[str(self.language.itemData(i))]))
        self.preview_button.setText(_("Preview and print… (Ctrl+P)"))
        self.pdf_button.setText(_("Export PDF… (Ctrl+E)"))
        self.ics_button.setText(_("Export calendar (.ics)…"))
        self.archive.retranslate()
        self.refresh()

    def _fit_columns(self) -> None:
        metrics = self.table.fontMetrics()
        samples = (
            "000000",
            "W00000000",
            "王王王王 Wangwang",
            "Pemetrexed 50 mg + dexamethasone (Fan 2021)",
            "0000-00-00",
            "000",
        )
        for column, sample in enumerate(samples):
            title = _(COLUMNS[column])
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            self.table.setColumnWidth(column, width + 3 * metrics.averageCharWidth())

    # -- data -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload courses (search by MRN/name) with their print state; keep the selection."""
        keep = self.selected_course()
        rows = list_courses(self.ctx.patients, self.search.text(), limit=SHOWN)
        self.courses = rows
        more = len(rows) >= SHOWN
        self.shown_label.setText(
            _("Newest {n} courses shown; type an MRN or name for others.").format(n=SHOWN)
            if more
            else ""
        )
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        values_rows, colours = [], []
        for course in rows:
            values = [
                str(course.id),
                course.mrn,
                course.patient_name,
                course.protocol_name(self.ctx.language),
                course.first_date.isoformat() if course.first_date else "-",
                str(course.revision),
                _(STATES[course.state]),
            ]
            values_rows.append(values)
            colours.append({6: DANGER.name()} if course.state == "out_of_date" else {})
        headers = [_(c) for c in COLUMNS]
        self.list.set_rows(headers, values_rows, rows, colours, fit_columns=False)
        self._fit_columns()
        if keep is not None and keep.id is not None:
            self.select_course(keep.id)
        selection.blockSignals(False)
        if self.selected_course() is None and rows:
            self.table.selectRow(0)
        self._course_changed()

    def selected_course(self) -> CourseRow | None:
        chosen = self.list.selected()  # the row's own course, whatever the sorting
        return chosen if isinstance(chosen, CourseRow) else None

    def select_course(self, course_id: int) -> None:
        for r, course in enumerate(self.list.shown_payloads()):
            if isinstance(course, CourseRow) and course.id == course_id:
                self.table.selectRow(r)

    def _course_changed(self) -> None:
        course = self.selected_course()
        has = course is not None
        for button in (self.preview_button, self.pdf_button, self.ics_button):
            button.setEnabled(has)
        self.archive.show_course(course.id if course else None)

    def sheet_language(self) -> str:
        return str(self.language.currentData())

    def _job(self) -> SheetJob | None:
        course = self.selected_course()
        if course is None:
            return None
        from lmdesk.views.users.rights_ui import RECORD, refusal_for

        why = refusal_for(self.ctx, RECORD)  # a printed or exported sheet is archived, audited
        if why is not None:
            self._error(why)
            return None
        try:
            return self.service.for_course(course.id, self.sheet_language())
        except LmdeskError as exc:
            self._error(str(exc))
            return None

    def _error(self, message: str) -> None:
        self.status.setStyleSheet(f"color: {DANGER.name()}")
        self.status.setText(message)

    def _info(self, message: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(message)

    # -- export, print ----------------------------------------------------------------

    def _choose_pdf(self) -> None:
        course = self.selected_course()
        if course is None:
            return
        suggested = f"sheet-{course.mrn}-course{course.id}-r{course.revision}.pdf"
        path = self.ask_path(self, _("Export regimen sheet"), suggested, _("PDF (*.pdf)"))
        if path:
            self.export_pdf(Path(path))

    def export_pdf(self, target: Path) -> Job | None:
        """Build the sheet now, render it in the pool, archive and write it on return."""
        job = self._job()
        if job is None:
            return None
        return self._render(job, "pdf", target)

    def _render(self, job: SheetJob, kind: SheetKind, target: Path | None) -> Job:
        """Paint the sheet in the pool (no database work there: the sheet is built, and
        it is archived here on the GUI thread when the bytes arrive); a long sheet shows
        its progress in the status line."""
        self._info(_("Preparing the sheet …"))
        self.pdf_button.setEnabled(False)
        sheet = job.sheet

        def work(control: JobControl) -> RenderedPdf:
            return render_pdf(sheet, control.fraction)

        def done(rendered: object) -> None:
            self.jobs.remove(worker)
            assert isinstance(rendered, RenderedPdf)
            self._archive(job, kind, target, rendered.data, rendered.pages)

        def failed(message: str) -> None:
            self.jobs.remove(worker)
            self.pdf_button.setEnabled(True)
            self._error(_("The sheet could not be made: {error}").format(error=message))

        def progressed(percent: int) -> None:
            if percent < 100:
                self._info(_("Preparing the sheet … {percent} %").format(percent=percent))

        def cancelled() -> None:
            self.jobs.remove(worker)
            self.pdf_button.setEnabled(True)
            self._info(_("Cancelled: no sheet was made or archived."))

        worker = start_job(
            work,
            self.pool,
            name="regimen sheet",
            on_done=done,
            on_failed=failed,
            on_progress=progressed,
            on_cancelled=cancelled,
        )
        self.jobs.append(worker)
        self.progress.watch(worker, _("Preparing the sheet"))
        return worker

    def _archive(
        self, job: SheetJob, kind: SheetKind, target: Path | None, data: bytes, pages: int
    ) -> None:
        self.pdf_button.setEnabled(True)
        try:
            tmp = temp_beside(target, data) if target is not None else None
            try:
                name = target.name if target is not None else ""
                archived = self.service.archive_pdf(job, data, pages, kind, name)
                if tmp is not None and target is not None:
                    tmp.replace(target)
            finally:
                if tmp is not None:
                    tmp.unlink(missing_ok=True)
        except (LmdeskError, OSError) as exc:
            self._error(str(exc))
            return
        where = str(target) if target is not None else _("the printer")
        self._info(
            _("Sheet sent to {where} and archived as sheet {id} (SHA-256 {sha}).").format(
                where=where, id=archived.id, sha=archived.sha256[:16] + "…"
            )
        )
        self.refresh()
        self.sheet_archived.emit(archived.id)

    def _make_preview(self, parent: QWidget) -> QPrintPreviewDialog:
        return SheetPreviewDialog(parent)

    def preview_and_print(self) -> None:
        """Show the print preview; once printed, archive the same sheet (kind "print")."""
        job = self._job()
        if job is None:
            return
        dialog = self.preview_factory(self)
        dialog.setWindowTitle(_("Regimen sheet — print preview"))

        def paint(printer: QPrinter) -> None:
            painter = QPainter(printer)
            try:
                paint_sheet(painter, printer, job.sheet)
            finally:
                painter.end()

        dialog.paintRequested.connect(paint)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._render(job, "print", None)
        else:
            self._info(_("Not printed."))

    def _choose_ics(self) -> None:
        course = self.selected_course()
        if course is None:
            return
        suggested = f"course{course.id}-{course.mrn}.ics"
        path = self.ask_path(self, _("Export calendar"), suggested, _("Calendar (*.ics)"))
        if path:
            self.export_ics(Path(path))

    def export_ics(self, target: Path) -> None:
        course = self.selected_course()
        if course is None:
            return
        try:
            write_file(target, self.service.calendar(course.id))
            CourseRepository(self.ctx.patients).record_calendar_export(course.id, target.name)
        except LmdeskError as exc:
            self._error(str(exc))
            return
        self._info(_("Calendar written to {path}.").format(path=target))

    # -- selftest -----------------------------------------------------------------------

    def selftest(self) -> None:
        """Render a demo sheet from a reference protocol offscreen (nothing is saved)."""
        from lmdesk.views.sheet.demo import demo_pdf

        rendered = demo_pdf(self.ctx, self.sheet_language())
        if not rendered.data.startswith(b"%PDF") or rendered.pages < 1:
            raise RuntimeError("the demo regimen sheet did not render")
        self.refresh()


class SheetPreviewDialog(PrintPreviewDialog):
    """The sheet's print preview: the one every printable uses (``views/print_preview``)."""
