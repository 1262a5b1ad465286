"""The Patients screen reads a page at a time, sorts in SQL, and searches with the index."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.patients.patient_table import PatientTableModel
from lmdesk.views.patients.patients_view import PatientsView


def _fill(ctx: Any, n: int) -> PatientRepository:
    repo = PatientRepository(ctx.patients)
    for i in range(n):
        repo.add(Patient(mrn=f"M{i:03d}", name=f"Chen {i}" if i % 2 else f"王{i}", kps=80))
    return repo


def test_model_pages_in_as_the_table_asks(qtbot: Any, ctx: Any) -> None:
    repo = _fill(ctx, 25)
    model = PatientTableModel(repo, page=10)
    model.set_query("")
    assert model.rowCount() == 10 and model.total() == 25 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    assert [model.patient(i).mrn for i in range(25)] == [f"M{i:03d}" for i in range(25)]
    model.set_query("chen")
    assert (model.rowCount(), model.total()) == (10, 12)


def test_scrolling_loads_more_and_sorting_rereads_in_order(qtbot: Any, ctx: Any) -> None:
    _fill(ctx, 450)
    view = PatientsView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    assert view.model.rowCount() == 200  # one page, not 450
    assert "450 patients" in view.count_label.text()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > 200)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.model.index(0, 0).data() == "M449"
    assert view.model.rowCount() == 200  # back to one page, in the new order
    view.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # KPS: not sortable
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert view.model.index(0, 0).data() == "M449"


def test_search_counts_all_matches_and_edit_reads_the_whole_record(qtbot: Any, ctx: Any) -> None:
    _fill(ctx, 30)
    seen: list[Patient | None] = []

    def runner(patient: Patient | None, _parent: Any) -> Patient | None:
        seen.append(patient)
        return patient.model_copy(update={"name": "Chen 1 renamed"}) if patient else None

    view = PatientsView(ctx, form_runner=runner)
    qtbot.addWidget(view)
    view.search.setText("chen 1")  # normalised: spaces do not matter
    assert view.model.total() == 6  # Chen 1, 11, 13, 15, 17, 19
    view.table.selectRow(0)
    view.edit_selected()
    assert seen and seen[0] is not None and seen[0].kps == 80  # the full record
    assert view.selected() is not None and view.selected().name == "Chen 1 renamed"


def test_column_widths_come_from_the_font_not_the_rows(qtbot: Any, ctx: Any) -> None:
    view = PatientsView(ctx)
    qtbot.addWidget(view)
    empty = [view.table.columnWidth(c) for c in range(7)]
    _fill(ctx, 5)
    view.refresh()
    assert [view.table.columnWidth(c) for c in range(7)] == empty
    assert all(w > 20 for w in empty)


def test_opening_reads_one_page_once(qtbot: Any, ctx: Any) -> None:
    from lmdesk.devtools.row_spy import patient_reads

    _fill(ctx, 450)
    with patient_reads(ctx.patients.conn) as reads:
        view = PatientsView(ctx)
        qtbot.addWidget(view)
    pages = [n for sql, n in reads.statements if "OFFSET" in sql]
    assert pages == [200]
