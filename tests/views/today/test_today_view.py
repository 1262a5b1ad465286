"""Today's IT doses screen (issue 22): every due session across patients with its gate status,
sorted by time; double-click opens the course on the Courses screen."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from lmdesk.devtools import bedside_demo as demo
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.main_window import MainWindow
from lmdesk.views.registry import VIEW_SPECS
from lmdesk.views.today.today_view import TodayView


def wait_loaded(qtbot, view: TodayView) -> None:
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)


def cell(view: TodayView, row: int, column: int) -> str:
    """A cell as shown (read from the view's sorted and filtered model)."""
    return str(view.table.model().index(row, column).data())


def statuses(view: TodayView) -> list[tuple[str, str]]:
    return [(cell(view, r, 1), cell(view, r, 5)) for r in range(view.table.model().rowCount())]


def test_worklist_lists_due_sessions_with_their_status(qtbot, ctx):
    demo.add_patient(ctx, "B2", "Li")
    demo.add_patient(ctx, "A1", "Wang")
    ready = demo.verify(ctx, demo.add_course(ctx, mrn="A1"))
    demo.add_labs(ctx, mrn="A1")
    demo.add_course(ctx, mrn="B2")  # not verified, no labs
    view = TodayView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view)
    assert statuses(view) == [("Wang (A1)", "ready"), ("Li (B2)", "needs labs")]
    assert "2 IT doses" in view.note.text()
    assert ready.id is not None
    demo.add_labs(ctx, mrn="B2")
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    wait_loaded(qtbot, view)
    assert statuses(view)[1] == ("Li (B2)", "needs verification")
    view.day.setDate(QDate(2030, 1, 1))
    wait_loaded(qtbot, view)
    assert view.table.model().rowCount() == 0
    view.selftest()


def test_double_click_opens_the_course(qtbot, ctx):
    demo.add_patient(ctx)
    course = demo.add_course(ctx)
    window = MainWindow(ctx, VIEW_SPECS, open_first_view=False)
    qtbot.addWidget(window)
    view = window.open_view("today")
    assert isinstance(view, TodayView)
    wait_loaded(qtbot, view)
    window.show()
    qtbot.waitExposed(window)
    rect = view.table.visualRect(view.table.model().index(0, 1))
    with qtbot.waitSignal(view.courseChosen) as signal:
        QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [demo.MRN, course.id, 1]
    courses = window.created_views()["courses"]
    assert isinstance(courses, CoursesView)
    assert courses.course is not None and courses.course.id == course.id
    assert courses.side_tabs.currentIndex() == 1


def test_why_column_one_line_per_stop_in_chinese(qtbot, ctx, zh):
    """Issue 22: the stop messages of a line are not glued with "; " after a Chinese "。"."""
    demo.add_patient(ctx, "B2", "Li")
    demo.add_course(ctx, mrn="B2")  # not verified, no labs: two stops
    view = TodayView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view)
    why = cell(view, 0, 6)
    lines = why.splitlines()
    assert len(lines) == 2 and all(line.strip() for line in lines), why
    assert "; " not in why and "。;" not in why


def test_the_worklist_sorts_and_filters_and_opens_the_right_line(qtbot, ctx):
    """Issue 26: the list sorted only in the screen's order and had no filter."""
    demo.add_patient(ctx, "B2", "Li")
    demo.add_patient(ctx, "A1", "Wang")
    demo.verify(ctx, demo.add_course(ctx, mrn="A1"))
    demo.add_labs(ctx, mrn="A1")
    second = demo.add_course(ctx, mrn="B2")
    view = TodayView(ctx)
    qtbot.addWidget(view)
    wait_loaded(qtbot, view)
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # a click on "Patient"
    assert [name for name, _status in statuses(view)] == ["Li (B2)", "Wang (A1)"]
    qtbot.keyClicks(view.list.filter, "wang")
    assert statuses(view) == [("Wang (A1)", "ready")]
    view.list.filter.clear()
    with qtbot.waitSignal(view.courseChosen) as signal:
        view._open(view.table.model().index(0, 1))  # Li, first once sorted
    assert signal.args == ["B2", second.id, 1]
