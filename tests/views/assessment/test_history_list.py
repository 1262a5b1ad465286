"""The assessment history sorts by any column and filters (issue 26: a QTableWidget in the
screen's order only); the selected row answers its own assessment whatever the order."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))

from test_assessment_view import Answers, _course, _pick_course, _view

from lmdesk.models.response.assessment import parse_assessment
from lmdesk.store.assessment_repo import AssessmentRepository


def test_the_history_sorts_filters_and_keeps_the_selected_assessment(qtbot: Any, ctx: Any) -> None:
    course_id = _course(ctx)
    repo = AssessmentRepository(ctx.patients)
    for day, kps in ((date(2026, 12, 11), 60), (date(2027, 1, 2), 80)):
        repo.add(parse_assessment({"course_id": course_id, "assessed_on": day, "kps": kps}))
    view = _view(qtbot, ctx, Answers())
    _pick_course(qtbot, view)
    table = view.history.table
    assert [table.text(r, 2) for r in range(table.rowCount())] == ["60", "80"]
    latest = view.history.selected()
    assert latest is not None and latest.kps == 80  # the latest is shown first
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # a click on KPS, twice
    assert [table.text(r, 2) for r in range(table.rowCount())] == ["80", "60"]
    assert view.history.selected() is latest
    table.selectRow(1)
    chosen = view.history.selected()
    assert chosen is not None and chosen.kps == 60 and table.text(1, 1) == "baseline"
    qtbot.keyClicks(view.history.filter, "follow")
    assert table.rowCount() == 1 and table.text(0, 2) == "80"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_column_of_the_history_is_in_view_at_1280x800(
    qtbot: Any, ctx: Any, language: str
) -> None:
    """The overall call and the imaging grade were behind a horizontal scroll bar: the markers'
    long text, sized to its contents in the middle, pushed them off. Now the markers come last
    and take what is left (elided, whole in the tooltip)."""
    from lmdesk.i18n import set_language
    from lmdesk.views.assessment.history_table import MARKERS

    set_language(language)
    course_id = _course(ctx)
    repo = AssessmentRepository(ctx.patients)
    marker = {"name": "CEA", "value": "48.0", "unit": "ng/mL"}
    for day, value in ((date(2026, 12, 11), "48.0"), (date(2027, 1, 2), "29.5")):
        csf = {"cytology": "positive", "markers": [{**marker, "value": value}]}
        repo.add(parse_assessment({"course_id": course_id, "assessed_on": day, "csf": csf}))
    view = _view(qtbot, ctx, Answers())
    view.resize(1040, 690)  # what the main window leaves a screen at 1280x800
    view.retranslate()
    _pick_course(qtbot, view)
    table = view.history.table

    def all_in_view() -> bool:
        last = table.model().columnCount() - 1
        right = table.columnViewportPosition(last) + table.columnWidth(last)
        return table.horizontalScrollBar().maximum() == 0 and right <= table.viewport().width()

    qtbot.waitUntil(all_in_view, timeout=3000)
    assert table.model().columnCount() - 1 == MARKERS
    cell = table.proxy.index(1, MARKERS)
    assert "CEA 29.5" in cell.data() and cell.data(Qt.ItemDataRole.ToolTipRole) == cell.data()
