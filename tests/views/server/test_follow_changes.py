"""How a screen follows other workstations' changes: a burst is one reload, other records are
ignored, a hidden screen waits until shown, unsaved edits get a notice instead of a reload,
and the server coming back reloads what was missed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from lmdesk.store.server.listener import Change
from lmdesk.views.live_changes import COALESCE_MS, FollowChanges, LiveChanges


def change(entity: str = "course", user: str = "Li Na (李娜)") -> Change:
    return Change(entity, "1", f"{entity}.give", user, "2027-01-04T09:42:00+08:00", 7)


def screen(qtbot, live: LiveChanges, dirty=None) -> tuple[QWidget, FollowChanges, list[int]]:
    widget = QWidget()
    QVBoxLayout(widget).addWidget(QLineEdit())
    qtbot.addWidget(widget)
    widget.show()
    reloads: list[int] = []
    follow = FollowChanges(widget, live, lambda: reloads.append(1), entities=("course",),
                           dirty=dirty)  # fmt: skip
    return widget, follow, reloads


def test_a_burst_is_one_reload_and_other_records_are_ignored(qtbot) -> None:
    live = LiveChanges()
    _widget, _follow, reloads = screen(qtbot, live)
    for _n in range(5):
        live.changed.emit(change())
    live.changed.emit(change("user"))
    qtbot.waitUntil(lambda: len(reloads) == 1, timeout=1000)
    qtbot.wait(2 * COALESCE_MS)
    assert reloads == [1]
    live.changed.emit(change("user"))
    qtbot.wait(2 * COALESCE_MS)
    assert reloads == [1]


def test_a_hidden_screen_reloads_when_shown(qtbot) -> None:
    live = LiveChanges()
    widget, follow, reloads = screen(qtbot, live)
    widget.hide()
    live.changed.emit(change())
    qtbot.waitUntil(lambda: follow.stale, timeout=1000)
    assert reloads == []
    widget.show()
    qtbot.waitUntil(lambda: reloads == [1], timeout=1000)
    assert not follow.stale


def test_unsaved_edits_get_a_notice_not_a_reload(qtbot) -> None:
    live = LiveChanges()
    edited = [True]
    _widget, follow, reloads = screen(qtbot, live, dirty=lambda: edited[0])
    live.changed.emit(change())
    qtbot.waitUntil(lambda: follow.notice is not None and follow.notice.isVisible(), timeout=1000)
    assert follow.notice is not None
    assert "Li Na (李娜)" in follow.notice.text.text() and "09:42" in follow.notice.text.text()
    qtbot.wait(2 * COALESCE_MS)
    assert reloads == []
    qtbot.mouseClick(follow.notice.button, Qt.MouseButton.LeftButton)
    assert reloads == [1] and not follow.notice.isVisible()


def test_the_server_coming_back_reloads_what_was_missed(qtbot) -> None:
    live = LiveChanges()
    _widget, _follow, reloads = screen(qtbot, live)
    live.report(True)
    qtbot.wait(2 * COALESCE_MS)
    assert reloads == []  # the first connection: nothing was missed
    live.report(False, "gone")
    live.report(True)
    qtbot.waitUntil(lambda: reloads == [1], timeout=1000)


def test_the_courses_screen_keeps_a_name_being_typed(qtbot, ctx) -> None:
    """A change from elsewhere re-reads the shown course, never the patient field's text."""
    from lmdesk.devtools import bedside_demo as demo
    from lmdesk.views.courses.course_view import CoursesView

    demo.add_patient(ctx)
    demo.add_course(ctx)
    live = LiveChanges()
    view = CoursesView(ctx, live=live)
    qtbot.addWidget(view)
    view.show()
    shown = view.course
    assert shown is not None
    view.patient_picker.edit.setText("zha")  # someone is typing another name
    live.changed.emit(change())
    qtbot.wait(3 * COALESCE_MS)
    assert view.patient_picker.edit.text() == "zha"
    assert view.course is not None and view.course.id == shown.id
