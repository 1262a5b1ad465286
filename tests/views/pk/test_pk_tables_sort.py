"""The PK screen's tables sort on a header click, numbers as numbers (issue 26), and a
measured level removed after sorting is the one the user selected."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from lmdesk.views.pk.pk_view import PkView


def click_header(qtbot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def shown_column(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def add_levels(qtbot, view: PkView, levels: tuple[tuple[float, float], ...]) -> None:
    panel = view.levels
    for hours, value in levels:
        panel.time.setValue(hours)
        panel.value.setValue(value)
        qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)


def test_a_header_click_sorts_the_metrics_by_number(make_view, qtbot) -> None:
    view: PkView = make_view()
    view.show()
    qtbot.waitExposed(view)
    metrics = view.metrics
    first = metrics.shown_compartments()
    assert first[0] == "ventricular" and first[-1] == "lumbar"  # from the head down
    click_header(qtbot, metrics, 3)  # AUC: lumbar's is the largest, over 1000
    auc = [float(t) for t in shown_column(metrics, 3)]
    assert auc == sorted(auc) and auc[-1] > 1000  # "1273" is not before "186.9"
    assert metrics.shown_compartments()[-1] == "lumbar"
    click_header(qtbot, metrics, 3)
    assert metrics.shown_compartments()[0] == "lumbar"
    assert [float(t) for t in shown_column(metrics, 3)] == sorted(auc, reverse=True)
    # read by compartment, whatever the order; a what-if edit keeps the user's order
    assert metrics.cell_text("lumbar", 1) == "480"
    view.controls.dose.setValue(6.0)
    assert metrics.cell_text("lumbar", 1) == "240"
    assert metrics.shown_compartments()[0] == "lumbar"
    click_header(qtbot, metrics, 0)  # back to the anatomical order
    assert metrics.shown_compartments() == first


def test_a_header_click_sorts_the_tki_comparators(make_view, qtbot) -> None:
    view: PkView = make_view()
    view.show()
    qtbot.waitExposed(view)
    view.tabs.setCurrentWidget(view.context_panel)
    panel = view.context_panel
    panel.drug.setCurrentIndex(panel.drug.findData("gefitinib"))
    unsorted = [row[2] for row in panel.shown_rows()]
    assert len(unsorted) == 2 and unsorted[0] != unsorted[1]
    orders = []
    for _ in range(2):
        click_header(qtbot, panel.table, 2)  # CSF/plasma
        orders.append([row[2] for row in panel.shown_rows()])
    assert orders[0] == orders[1][::-1] and unsorted in orders
    ratios = [c.ratio_pct for c in panel.comparators if c.drug == "gefitinib"]
    low = min(ratios)
    assert orders[0][0].startswith(f"{low:g}")  # ascending by the published ratio


def test_tki_notes_stay_the_rows_tooltips(make_view) -> None:
    view: PkView = make_view()
    panel = view.context_panel
    noted = next(c for c in panel.comparators if c.note)
    panel.drug.setCurrentIndex(panel.drug.findData(noted.drug))
    assert noted.note in panel.shown_tooltips()
    row = panel.shown_tooltips().index(noted.note)
    assert panel.shown_rows()[row][2].endswith(" *")
    model = panel.table.model()
    tips = {model.index(row, c).data(Qt.ItemDataRole.ToolTipRole) for c in range(5)}
    assert tips == {noted.note}  # every cell of the row, as before


def test_removing_a_level_after_sorting_removes_the_selected_one(make_view, qtbot) -> None:
    view: PkView = make_view()
    view.show()
    qtbot.waitExposed(view)
    panel = view.levels
    add_levels(qtbot, view, ((1.0, 250.0), (4.0, 90.0), (8.0, 40.0)))
    click_header(qtbot, panel.table, 2)  # Value, ascending: 40, 90, 250 (not "250" first)
    assert shown_column(panel.table, 2) == ["40", "90", "250"]
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert [(m.time_h, m.value) for m in panel.levels] == [(1.0, 250.0), (4.0, 90.0)]
    assert shown_column(panel.table, 2) == ["90", "250"]  # still sorted
    assert len(view.plot._measured) == 2


def test_the_levels_filter_keeps_matching_rows_and_removal_follows_it(make_view, qtbot) -> None:
    view: PkView = make_view()
    panel = view.levels
    add_levels(qtbot, view, ((1.0, 250.0), (4.0, 90.0)))
    panel.site.setCurrentIndex(panel.site.findData("ventricular"))
    add_levels(qtbot, view, ((6.0, 30.0),))
    qtbot.keyClicks(panel.levels_filter, "ventric")
    assert [m.time_h for m in panel.shown_levels()] == [6.0]
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert [m.time_h for m in panel.levels] == [1.0, 4.0]


def test_remove_without_a_selection_keeps_every_level(make_view, qtbot) -> None:
    view: PkView = make_view()
    panel = view.levels
    add_levels(qtbot, view, ((1.0, 250.0),))
    panel.table.clearSelection()
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert [m.time_h for m in panel.levels] == [1.0]
