"""The assessment history sorts by any column and filters (issue 26: a QTableWidget in the
screen's order only); the selected row answers its own assessment whatever the order."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

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
