"""Verify and give need two different people, each signing on the Courses screen at that
moment; overrides of the pre-dose gate need a registered prescriber (issue 23)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from view_staff import PASSWORD

from lmdesk.devtools import bedside_demo as demo
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.courses.give_dialog import GiveDialog
from lmdesk.views.users.second_person import SignForActionDialog

pytestmark = pytest.mark.usefixtures("staff")  # stored staff sign in on screen


class ScreenAsker:
    """Opens the real verify and give dialogs and lets the test type into them."""

    def __init__(self, qtbot, drive_verify=None, drive_give=None):
        self.qtbot = qtbot
        self.drive_verify = drive_verify
        self.drive_give = drive_give
        self.warnings: list[str] = []
        self.dialog = None

    def verify(self, what, authorize, login=""):
        dialog = SignForActionDialog("Verify", what, authorize, login)
        self.qtbot.addWidget(dialog)
        self.dialog = dialog
        self.drive_verify(dialog)
        return dialog.signer

    def give(self, session, now, user, check, overdose_card=None, drug_name="", authorize=None):
        dialog = GiveDialog(session, now, user, check, authorize=authorize)
        self.qtbot.addWidget(dialog)
        self.dialog = dialog
        self.drive_give(dialog)
        return dialog.answer

    def warn(self, title, text):
        self.warnings.append(text)

    def text(self, title, label):
        return "a reason"


def planned_by(ctx, who: str):
    demo.add_patient(ctx)
    protocols = ProtocolRepository(ctx.reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=ctx.clock.today(), maintenance_count=2, confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    return CourseRepository(ctx.patients).add(
        course_from_plan(plan, demo.MRN, who, ctx.clock.now())
    )


def sign_verify(qtbot, login: str):
    def drive(dialog: SignForActionDialog) -> None:
        dialog.login.setText(login)
        qtbot.keyClicks(dialog.password, PASSWORD)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.password.text() == ""

    return drive


def sign_give(qtbot, login: str, override: str = ""):
    def drive(dialog: GiveDialog) -> None:
        dialog.who.setText(login)
        dialog.recheck()  # as when the login field loses focus
        qtbot.keyClicks(dialog.password, PASSWORD)
        if override:
            qtbot.keyClicks(dialog.override, override)
        qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
        if dialog.give_button.isEnabled():
            assert dialog.password.text() == ""

    return drive


def view_with(qtbot, ctx, asker):
    view = CoursesView(ctx, asker=asker)
    qtbot.addWidget(view)
    view.select_session(1)
    return view


def test_the_planner_cannot_verify_their_own_course(qtbot, ctx):
    planned_by(ctx, "Wang Wei (王伟)")
    asker = ScreenAsker(qtbot, drive_verify=sign_verify(qtbot, "dr.wang"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["verify"], Qt.MouseButton.LeftButton)
    assert "second person" in asker.dialog.error.text()
    assert "Wang Wei planned this course" in asker.dialog.error.text()
    assert view.course.verification is None


def test_a_pharmacist_signs_the_verification_on_the_same_screen(qtbot, ctx):
    planned_by(ctx, "Wang Wei (王伟)")
    asker = ScreenAsker(qtbot, drive_verify=sign_verify(qtbot, "pharm.zhao"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["verify"], Qt.MouseButton.LeftButton)
    assert view.course.verification.by == "Zhao Min (赵敏)"
    assert ctx.signed_in.login == "dr.wang"  # the session is not ended
    assert ctx.patients.user == "Wang Wei (王伟)"
    assert view.history_list.shown_texts(1)[0] == "Zhao Min (赵敏)"  # the audit names the signer


def test_a_nurse_not_on_the_register_cannot_verify(qtbot, ctx):
    planned_by(ctx, "Wang Wei (王伟)")
    asker = ScreenAsker(qtbot, drive_verify=sign_verify(qtbot, "nurse.zhou"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["verify"], Qt.MouseButton.LeftButton)
    assert "not on the IT register" in asker.dialog.error.text()
    assert view.course.verification is None


def given_setup(ctx, verifier: str):
    course = planned_by(ctx, "Wang Wei (王伟)")
    demo.verify(ctx, course, who=verifier)
    demo.add_labs(ctx)


def test_the_verifier_cannot_give(qtbot, ctx):
    given_setup(ctx, "Chen Jing (陈静)")
    asker = ScreenAsker(qtbot, drive_give=sign_give(qtbot, "dr.chen"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    # the pre-dose gate stops it (who verified may not give) before any password is asked
    assert "cannot also give" in asker.dialog.error.text()
    assert not asker.dialog.give_button.isEnabled()
    assert view.course.session(1).status == "planned"


def test_a_nurse_not_on_the_register_cannot_give(qtbot, ctx):
    given_setup(ctx, "Zhao Min (赵敏)")
    asker = ScreenAsker(qtbot, drive_give=sign_give(qtbot, "nurse.zhou"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    error = asker.dialog.error.text()
    assert "Giving an intrathecal dose needs" in error and "not on the IT register" in error
    assert view.course.session(1).status == "planned"


def test_a_wrong_password_gives_nothing(qtbot, ctx):
    given_setup(ctx, "Zhao Min (赵敏)")

    def drive(dialog: GiveDialog) -> None:
        dialog.who.setText("nurse.li")
        qtbot.keyClicks(dialog.password, "not her password")
        qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
        assert "Sign-in failed" in dialog.error.text() and dialog.password.text() == ""

    asker = ScreenAsker(qtbot, drive_give=drive)
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert view.course.session(1).status == "planned"


def test_a_registered_nurse_gives_and_the_record_names_her(qtbot, ctx):
    given_setup(ctx, "Zhao Min (赵敏)")
    asker = ScreenAsker(qtbot, drive_give=sign_give(qtbot, "nurse.li"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    given = view.course.session(1)
    assert given.status == "given" and given.given.given_by == "Li Na (李娜)"
    assert view.history_list.shown_texts(1)[0] == "Li Na (李娜)"
    assert ctx.signed_in.login == "dr.wang" and ctx.patients.user == "Wang Wei (王伟)"


def test_override_by_a_nurse_is_refused_and_by_a_prescriber_accepted(qtbot, ctx):
    given_setup(ctx, "Zhao Min (赵敏)")
    demo.add_labs(ctx, platelets="30")
    asker = ScreenAsker(qtbot, drive_give=sign_give(qtbot, "nurse.li", "transfused"))
    view = view_with(qtbot, ctx, asker)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert "Overriding a stop of the pre-dose check needs" in asker.dialog.error.text()
    assert view.course.session(1).status == "planned"
    asker.drive_give = sign_give(qtbot, "dr.chen", "transfused; haematology agreed")
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    given = view.course.session(1)
    assert given.status == "given" and given.given.given_by == "Chen Jing (陈静)"


def test_buttons_show_the_missing_right_and_actions_are_refused(qtbot, ctx, staff):
    demo.add_patient(ctx)
    demo.add_course(ctx)
    ctx.sign_in(staff["nurse.li"])
    asker = ScreenAsker(qtbot)
    view = view_with(qtbot, ctx, asker)
    assert not view.plan_button.isEnabled()
    assert "a prescriber on the IT register" in view.plan_button.toolTip()
    assert not view.buttons["hold"].isEnabled() and view.buttons["give"].isEnabled()
    view.hold()  # reached anyway (a shortcut): refused with the right named
    assert asker.warnings and "Changing a course" in asker.warnings[-1]
    assert view.course.session(1).status == "planned"
