import hashlib
import subprocess
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QDialog
from sheet_factories import patient

from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.sheet_archive import SheetArchive
from lmdesk.views.sheet.sheets_view import SheetsView


def cell(view: SheetsView, row: int, column: int) -> str:
    """A course list cell as shown (read from the sorted list's model)."""
    return str(view.table.model().index(row, column).data())


@pytest.fixture
def stores(ctx):
    return SchedulerStores(ctx.reference, ctx.patients)


@pytest.fixture
def course(ctx, stores):
    stores.patients.add(patient())
    protocol = stores.protocols.get("mtx-classic")
    plan = plan_course(
        protocol,
        PlanOptions(start=ctx.clock.today(), confirm_default_schedule=True),
        stores.protocols.limits(),
        stores.catalog,
    )
    return stores.courses.add(course_from_plan(plan, "MRN-001", "Dr Wang", ctx.clock.now()))


@pytest.fixture
def view(qtbot, ctx, course):
    paths = {}

    def ask(parent, title, suggested, file_filter):
        return str(paths["next"])

    widget = SheetsView(ctx, ask_path=ask)
    widget.paths = paths
    qtbot.addWidget(widget)
    return widget


def pdf_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_lists_the_course_as_never_printed(view, course):
    assert view.table.model().rowCount() == 1
    assert cell(view, 0, 0) == str(course.id)
    assert cell(view, 0, 6) == "Never printed"
    assert view.pdf_button.isEnabled() and not view.archive.copy_button.isEnabled()


def test_export_pdf_button_archives_and_writes_the_same_bytes(qtbot, view, ctx, course, tmp_path):
    target = tmp_path / "sheet.pdf"
    view.paths["next"] = target
    with qtbot.waitSignal(view.sheet_archived, timeout=20000) as blocker:
        qtbot.mouseClick(view.pdf_button, __import__("PySide6").QtCore.Qt.MouseButton.LeftButton)
    archived = SheetArchive(ctx.patients).get(blocker.args[0])
    assert hashlib.sha256(target.read_bytes()).hexdigest() == archived.sha256
    assert archived.kind == "pdf" and archived.course_revision == course.revision
    text = pdf_text(target)
    assert "Zhang San" in text and "INTRATHECAL / 鞘内注射" in text
    assert cell(view, 0, 6) == "Up to date"
    assert view.archive.table.rowCount() == 1
    assert view.archive.table.text(0, 9) == archived.sha256
    shown_at = view.archive.table.text(0, 3)
    assert shown_at == archived.printed_at.astimezone().strftime("%Y-%m-%d %H:%M")  # local
    assert "Times are local time" in view.archive.title()


def test_changed_course_shows_out_of_date_in_red(qtbot, view, ctx, stores, course, tmp_path):
    view.paths["next"] = tmp_path / "a.pdf"
    with qtbot.waitSignal(view.sheet_archived, timeout=20000):
        view.export_pdf(tmp_path / "a.pdf")
    changed = act.hold(stores.courses.get(course.id), 2, "platelets low")
    stores.courses.apply(stores.courses.get(course.id), changed)
    view.refresh()
    index = view.table.model().index(0, 6)
    assert str(index.data()).startswith("OUT OF DATE")
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"


def test_reprint_saves_the_archived_bytes_exactly(qtbot, view, ctx, tmp_path):
    with qtbot.waitSignal(view.sheet_archived, timeout=20000):
        view.export_pdf(tmp_path / "first.pdf")
    view.paths["next"] = tmp_path / "copy.pdf"
    view.archive.copy_button.click()
    assert (tmp_path / "copy.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    sheet_id = view.archive.table.selected().id
    actions = [h.action for h in ctx.patients.history("sheet", sheet_id)]
    assert actions == ["sheet.pdf", "sheet.reprint"]


def test_print_preview_paints_and_archives_a_print(qtbot, ctx, course, tmp_path):
    painted = []

    class FakePreview(QDialog):
        from PySide6.QtCore import Signal

        paintRequested = Signal(object)

        def exec(self):
            from PySide6.QtPrintSupport import QPrinter

            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(tmp_path / "printed.pdf"))
            self.paintRequested.emit(printer)
            painted.append(printer)
            return QDialog.DialogCode.Accepted

    view = SheetsView(ctx, preview_factory=lambda parent: FakePreview(parent))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.sheet_archived, timeout=20000) as blocker:
        view.preview_and_print()
    assert painted and "Page 1 of" in pdf_text(tmp_path / "printed.pdf")
    assert SheetArchive(ctx.patients).get(blocker.args[0]).kind == "print"


def test_cancelled_preview_archives_nothing(qtbot, ctx, course):
    class Cancelled(QDialog):
        from PySide6.QtCore import Signal

        paintRequested = Signal(object)

        def exec(self):
            return QDialog.DialogCode.Rejected

    view = SheetsView(ctx, preview_factory=lambda parent: Cancelled(parent))
    qtbot.addWidget(view)
    view.preview_and_print()
    assert SheetArchive(ctx.patients).list() == [] and view.status.text() == "Not printed."


def test_the_real_print_preview_opens_paints_and_closes(qtbot, ctx, course):
    """The shipped preview (no stand-in): its printer must outlive the call that made it,
    or exec() paints on a collected printer and the application crashes."""
    import gc

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from lmdesk.views.sheet.sheets_view import SheetPreviewDialog

    view = SheetsView(ctx)
    qtbot.addWidget(view)
    seen = []

    def close_it():
        gc.collect()  # what would free a printer held by nobody
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        if isinstance(dialog, SheetPreviewDialog):
            seen.append(dialog.printer().pageLayout().pageSize().id())
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(500, close_it)
    view.preview_and_print()
    assert isinstance(seen[0], SheetPreviewDialog)
    assert seen[1] == QPageSize.PageSizeId.A4
    assert SheetArchive(ctx.patients).list() == []  # cancelled: nothing printed


def test_export_calendar(view, tmp_path):
    from icalendar import Calendar

    view.paths["next"] = tmp_path / "c.ics"
    view.ics_button.click()
    cal = Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    dates = [e.decoded("dtstart") for e in cal.walk() if e.name == "VEVENT"]
    assert dates == [
        s.date for s in view.service.stores.courses.get(view.selected_course().id).sessions
    ]


def test_search_filters_courses(qtbot, view):
    qtbot.keyClicks(view.search, "nobody")
    assert view.table.model().rowCount() == 0 and not view.pdf_button.isEnabled()
    view.search.clear()
    view.search.setText("张三")  # QTest cannot type CJK characters
    assert view.table.model().rowCount() == 1


def test_chinese_screen_and_selftest(qtbot, zh, view):
    view.retranslate()
    assert view.table.model().headerData(0, Qt.Orientation.Horizontal) == "疗程"
    assert view.pdf_button.text().startswith("导出 PDF")
    view.selftest()


def test_screenshot(qtbot, view, tmp_path):
    with qtbot.waitSignal(view.sheet_archived, timeout=20000):
        view.export_pdf(tmp_path / "s.pdf")
    view.resize(1000, 640)
    assert not view.grab().isNull()


def test_given_session_keeps_its_recorded_name(qtbot, view, ctx, stores, course, tmp_path):
    current = stores.courses.get(course.id)
    result = act.give(
        current,
        1,
        at=datetime(2027, 1, 4, 10, 0),
        dose_mg=12,
        route="lp",
        given_by="Nurse Li",
        limits=stores.protocols.limits(),
    )
    stores.courses.apply(current, result)
    view.refresh()
    with qtbot.waitSignal(view.sheet_archived, timeout=20000):
        view.export_pdf(tmp_path / "g.pdf")
    assert "Nurse Li" in pdf_text(tmp_path / "g.pdf")


def test_show_all_lists_plan_sheets_too(view, ctx):
    SheetArchive(ctx.patients).record(
        b"%PDF-1.4 plan",
        course_id=None,
        course_revision=0,
        patient_mrn="",
        kind="pdf",
        language="en",
        pages=1,
    )
    assert view.archive.table.rowCount() == 0
    view.archive.show_all.setChecked(True)
    assert view.archive.table.rowCount() == 1 and view.archive.copy_button.isEnabled()


def test_tampered_archive_is_refused_on_reprint(qtbot, view, ctx, tmp_path):
    with qtbot.waitSignal(view.sheet_archived, timeout=20000):
        view.export_pdf(tmp_path / "first.pdf")
    ctx.patients.conn.execute("DROP TRIGGER sheet_archive_no_update")
    ctx.patients.conn.execute("UPDATE sheet_archive SET pdf = x'25504446'")
    view.archive.save_archived(tmp_path / "copy.pdf")
    assert not (tmp_path / "copy.pdf").exists()
    assert "SHA-256" in view.status.text()


def test_a_user_without_the_right_to_record_prints_nothing(view, ctx, course, tmp_path):
    """Issue 23: a retired user (no clinical rights): the missing right, no sheet, no archive."""
    from lmdesk.models.users.user import User

    ctx.sign_in(
        User(login="gone", name_en="Retired Nurse", roles=frozenset({"nurse"}), active=False)
    )
    target = tmp_path / "refused.pdf"
    assert view.export_pdf(target) is None
    assert not target.exists()
    assert SheetArchive(ctx.patients).list(course.id) == []
    assert view.status.text().strip()  # the missing right, said on the status line


def test_the_course_list_sorts_and_keeps_the_chosen_course(qtbot, ctx, course):
    """Issue 26: the course list did not sort; sorting keeps the chosen course selected."""
    stores = SchedulerStores(ctx.reference, ctx.patients)
    plan = plan_course(
        stores.protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=datetime(2026, 11, 2).date()),
        stores.protocols.limits(),
        None,
    )
    other = stores.courses.add(course_from_plan(plan, "MRN-001", "Dr A", datetime(2026, 11, 1, 9)))
    view = SheetsView(ctx)
    qtbot.addWidget(view)
    ids = [cell(view, r, 0) for r in range(view.table.model().rowCount())]
    assert sorted(ids) == sorted([str(course.id), str(other.id)])
    view.select_course(other.id)
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # by first date: other first
    assert cell(view, 0, 0) == str(other.id)
    assert view.selected_course() is not None and view.selected_course().id == other.id
    view.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert cell(view, 0, 0) == str(course.id)
    assert view.selected_course().id == other.id  # the same course, now on another row


def test_the_archive_sorts_numbers_as_numbers_filters_and_keeps_the_chosen_sheet(qtbot, view, ctx):
    """The archive list is model/view like every list (issue 26): sheet 10 sorts after sheet
    9, the filter keeps matching rows, and the chosen row is the sheet it shows."""
    from PySide6.QtCore import Qt

    archive = SheetArchive(ctx.patients)
    for n in range(11):
        archive.record(
            b"%PDF-1.4 plan " + bytes([n]),
            course_id=None,
            course_revision=0,
            patient_mrn=f"MRN-{n}",
            kind="pdf",
            language="en",
            pages=1 + n % 3,
        )
    view.archive.show_all.setChecked(True)
    table = view.archive.table
    assert table.rowCount() == 11 and table.text(0, 0) == "11"  # newest first
    header = table.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 0))
    ids = [int(table.text(r, 0)) for r in range(table.rowCount())]
    assert ids in (sorted(ids), sorted(ids, reverse=True)) and ids != [11, *range(1, 11)]
    table.filter.setText("MRN-7")
    assert table.rowCount() == 1
    table.view.selectRow(0)
    chosen = table.selected()
    assert chosen is not None and chosen.patient_mrn == "MRN-7"


def _section_centre(header, section):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)
