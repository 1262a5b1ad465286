"""Screenshot scenes of issue 23: sign-in, the lock screen, the second person signing on the
same screen, and the ward settings screen. The demo ward's registered prescriber is signed in
again after each scene, so the scenes after them see the window as before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog

from lmdesk.devtools.screenshot_stage import Stage, click, settle, type_into
from lmdesk.devtools.users_demo import DEMO_PASSWORD
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.users_repo import UsersRepository

if TYPE_CHECKING:
    from lmdesk.views.users.session import UserSession

PRESCRIBER = "d2031"  # Chen Wei, the demo ward's registered prescriber
ADMIN = "w1001"
PHARMACIST = "p3007"
SECOND_MRN = "DEMO-0002"


def _session(stage: Stage) -> UserSession:
    """One lock-screen session on the stage's window (without the idle lock: a long run of
    scenes must not lock itself)."""
    from lmdesk.views.users.session import UserSession

    found = stage.window.findChild(UserSession)
    if isinstance(found, UserSession):
        return found
    return UserSession(stage.ctx, stage.window)


def _sign_in(stage: Stage, session: UserSession, login: str) -> None:
    form = session.sign_in_form
    form.login.clear()
    type_into(form.login, login)
    type_into(form.password, DEMO_PASSWORD)
    click(form.button)
    settle(0.2)
    if stage.ctx.signed_in is None or stage.ctx.signed_in.login != login:
        raise RuntimeError(f"could not sign in {login}: {form.error.text()}")


def _back_to_prescriber(stage: Stage, session: UserSession) -> None:
    if not session.locked:
        session.lock()
    _sign_in(stage, session, PRESCRIBER)


def users_sign_in(stage: Stage) -> None:
    """The sign-in screen covering the window: login typed, the password as dots."""
    session = _session(stage)
    session.lock()
    session.last_user = None
    session.locked_at = None
    session.retranslate()
    form = session.sign_in_form
    form.reset()
    type_into(form.login, "n4012")
    type_into(form.password, "*" * 12)
    stage.shoot(stage.window, 1.0)
    form.password.clear()
    _sign_in(stage, session, PRESCRIBER)


def users_lock(stage: Stage) -> None:
    """Ctrl+L: locked, saying who was signed in; the same or another user signs in."""
    session = _session(stage)
    stage.window.open_view("courses")
    session.lock_action.trigger()
    stage.shoot(stage.window, 1.0)
    _back_to_prescriber(stage, session)


def _unverified_course(stage: Stage) -> int:
    """A course planned by the signed-in prescriber for the second demo patient (once)."""
    repo = CourseRepository(stage.ctx.patients)
    for course in repo.for_patient(SECOND_MRN):
        if course.verification is None and course.status == "active":
            return course.id or 0
    protocols = ProtocolRepository(stage.ctx.reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=stage.ctx.clock.today(), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    planner = UsersRepository(stage.ctx.patients).get_by_login(PRESCRIBER).display_name
    saved = repo.add(course_from_plan(plan, SECOND_MRN, planner, stage.ctx.clock.now()))
    return saved.id or 0


def users_second_person(stage: Stage) -> None:
    """Verify on the Courses screen: the planner signing is refused with the rule named; a
    pharmacist or a second registered clinician signs here without ending the session."""
    from lmdesk.views.courses.course_view import CoursesView
    from lmdesk.views.users.second_person import SignForActionDialog

    _back_to_prescriber(stage, _session(stage))
    course_id = _unverified_course(stage)
    view = stage.view("courses", CoursesView)
    view.select_patient(SECOND_MRN)
    index = view.course_box.findData(course_id)
    view.course_box.setCurrentIndex(index)

    def sign(dialog: QDialog) -> None:
        if not isinstance(dialog, SignForActionDialog):
            raise TypeError("the verify button opened another dialog")
        dialog.login.setText(PRESCRIBER)
        type_into(dialog.password, DEMO_PASSWORD)
        click(dialog.ok_button)  # the planner: refused, the dialog stays open
        dialog.login.setText(PHARMACIST)
        stage.size_dialog(dialog, QSize(640, 300))
        stage.shoot(dialog)

    stage.in_modal(lambda: click(view.buttons["verify"]), sign)


def users_ward_settings(stage: Stage) -> None:
    """The ward administrator's screen: users and the IT register."""
    from lmdesk.views.ward.ward_view import WardView

    session = _session(stage)
    session.lock()
    _sign_in(stage, session, ADMIN)
    view = stage.view("ward", WardView)
    view.tabs.setCurrentIndex(1)
    view.user_table.selectRow(1)
    stage.shoot(stage.window, 1.0)
    _back_to_prescriber(stage, session)


def users_ward_policy(stage: Stage) -> None:
    """The pre-dose gate's policy values with their sourced defaults (administrator)."""
    from lmdesk.views.ward.ward_view import WardView

    session = _session(stage)
    session.lock()
    _sign_in(stage, session, ADMIN)
    view = stage.view("ward", WardView)
    view.tabs.setCurrentIndex(2)
    stage.shoot(stage.window, 1.0)
    _back_to_prescriber(stage, session)
