"""Issue 25's done-when case: two lmdesk workstations on one ward server, each with its Courses
screen and its own signed-in person. A dose given on one shows on the other within a second;
a competing give from the other's stale copy is refused, naming who gave it and when."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from view_staff import PASSWORD

from lmdesk.devtools import bedside_demo as demo
from lmdesk.models.local_time import local_time_text
from lmdesk.store.course_repo import CourseRepository
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.courses.give_dialog import GiveDialog
from lmdesk.views.live_changes import LiveChanges

Drive = Callable[[GiveDialog], None]


class DialogAsker:
    """Opens the real give dialog, lets the test drive it, returns its answer (no exec)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.drive: Drive = lambda dialog: None
        self.warnings: list[tuple[str, str]] = []

    def give(self, session, now, user, check, overdose_card=None, drug_name="", authorize=None):
        dialog = GiveDialog(session, now, user, check, overdose_card=overdose_card,
                            drug_name=drug_name, authorize=authorize)  # fmt: skip
        self.qtbot.addWidget(dialog)
        self.drive(dialog)
        return dialog.answer

    def warn(self, title: str, text: str) -> None:
        self.warnings.append((title, text))


def screen(qtbot, ctx) -> tuple[CoursesView, DialogAsker, LiveChanges]:
    """A workstation's Courses screen, following the ward's changes."""
    live = LiveChanges()
    live.follow(ctx.patients)
    asker = DialogAsker(qtbot)
    view = CoursesView(ctx, asker=asker, live=live)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: live.up is True, timeout=5000)
    return view, asker, live


def sign_and_give(qtbot, dialog: GiveDialog, login: str) -> None:
    assert dialog.gate_result is not None and dialog.gate_result.clear, dialog.gate_result
    dialog.who.setText(login)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    assert dialog.answer is not None, dialog.error.text()


@pytest.fixture
def ward_course(station):
    """A verified course with today's labs, planned and verified by the ward's own people."""
    doctor = station("dr.chen")
    demo.add_patient(doctor)
    course = demo.add_course(doctor)
    demo.add_labs(doctor)
    demo.verify(station("pharm.zhao"), course, who="Zhao Min (赵敏)")
    return course


def test_a_dose_given_on_one_shows_on_the_other_within_a_second(qtbot, station, ward_course):
    # the pharmacy's workstation (a pharmacist's connection may not give, the server says so);
    # the nurse signs for the give there: it must run on her own connection
    desk = station("pharm.zhao")
    bedside = station("dr.chen")
    view_a, asker_a, live_a = screen(qtbot, desk)
    view_b, _asker_b, live_b = screen(qtbot, bedside)
    for view in (view_a, view_b):
        assert view.course is not None and view.course.session(1).status == "planned"
    view_a.select_session(1)
    asker_a.drive = lambda dialog: sign_and_give(qtbot, dialog, "nurse.li")
    qtbot.mouseClick(view_a.buttons["give"], Qt.MouseButton.LeftButton)
    assert not asker_a.warnings
    assert view_a.course is not None and view_a.course.session(1).status == "given"
    qtbot.waitUntil(
        lambda: view_b.course is not None and view_b.course.session(1).status == "given",
        timeout=1000,
    )
    given = view_b.course.session(1).given
    assert given is not None and given.given_by.startswith("Li Na")
    # the nurse signed on the doctor's workstation: her own connection wrote it
    stored = CourseRepository(desk.patients).get(ward_course.id)
    last = desk.patients.last_change("course", ward_course.id)
    assert last is not None and last.user.startswith("Li Na")
    assert stored.session(1).status == "given"
    assert desk.patients.conn.execute("SELECT session_user").fetchone()[0] == "pharm.zhao"
    for live in (live_a, live_b):
        live.stop()


def test_a_competing_give_from_a_stale_copy_is_refused_with_who_and_when(
    qtbot, station, ward_course, monkeypatch
):
    """Both pass the gate at the same moment; the other workstation saves first. (With the
    dialog opened later the gate itself stops the second dose: an IT dose already given.)"""
    view_a, asker_a, live_a = screen(qtbot, station("nurse.li"))
    view_b, asker_b, live_b = screen(qtbot, station("dr.chen"))
    view_a.select_session(1)
    view_b.select_session(1)
    asker_a.drive = lambda dialog: sign_and_give(qtbot, dialog, "nurse.li")
    asker_b.drive = lambda dialog: sign_and_give(qtbot, dialog, "dr.chen")
    courses_b = view_b._stores.courses
    save = courses_b.apply

    def the_other_saves_first(course, action):
        qtbot.mouseClick(view_a.buttons["give"], Qt.MouseButton.LeftButton)
        assert view_a.course.session(1).status == "given"
        return save(course, action)

    monkeypatch.setattr(courses_b, "apply", the_other_saves_first)
    qtbot.mouseClick(view_b.buttons["give"], Qt.MouseButton.LeftButton)
    assert len(asker_b.warnings) == 1, asker_b.warnings
    title, message = asker_b.warnings[0]
    assert title == "Not given"
    assert "Li Na" in message and "given" in message.lower()
    at = view_a.course.session(1).given.at
    assert local_time_text(at.isoformat()) in message
    shown = view_b.course.session(1)  # the screen shows what is stored: her dose
    assert shown.status == "given" and shown.given.given_by.startswith("Li Na")
    for live in (live_a, live_b):
        live.stop()
