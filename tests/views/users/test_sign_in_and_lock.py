"""Sign-in at start, the first ward administrator, Ctrl+L lock / switch user, idle lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from view_staff import PASSWORD

from lmdesk.app_context import AppContext
from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.users_repo import UsersRepository
from lmdesk.views.app import GuiController
from lmdesk.views.users.session import UserSession

GENERIC = "Sign-in failed: unknown login name or wrong password."


def start(qtbot, ctx: AppContext) -> tuple[GuiController, UserSession]:
    controller = GuiController(ctx, QApplication.instance())
    qtbot.addWidget(controller.window)
    controller.cover()
    session = controller.start_session()
    return controller, session


def sign_in(qtbot, session: UserSession, login: str, password: str = PASSWORD) -> None:
    form = session.sign_in_form
    form.login.clear()
    qtbot.keyClicks(form.login, login)
    qtbot.keyClicks(form.password, password)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)


def test_start_is_locked_until_someone_signs_in(qtbot, ctx, staff):
    controller, session = start(qtbot, ctx)
    assert session.locked and ctx.signed_in is None
    assert not controller.window.stack.isEnabled() and not controller.window.nav.isEnabled()
    assert session.screen.isVisibleTo(controller.window)
    sign_in(qtbot, session, "nurse.li")
    assert ctx.signed_in is not None and ctx.signed_in.login == "nurse.li"
    assert not session.locked and not session.screen.isVisibleTo(controller.window)
    assert controller.window.stack.isEnabled()
    assert "Li Na" in session.who_label.text() and "nurse" in session.who_label.text()
    assert ctx.patients.user == "Li Na (李娜)"  # the audit user
    assert session.sign_in_form.password.text() == ""


def test_failures_do_not_say_which_was_wrong_and_clear_the_password(qtbot, ctx, staff):
    _controller, session = start(qtbot, ctx)
    sign_in(qtbot, session, "nurse.li", "not the password")
    wrong_password = session.sign_in_form.error.text()
    sign_in(qtbot, session, "nobody.here", "not the password")
    unknown_login = session.sign_in_form.error.text()
    assert wrong_password == unknown_login == GENERIC
    assert session.sign_in_form.password.text() == ""
    assert session.locked and ctx.signed_in is None


def test_lock_out_says_until_when(qtbot, ctx, staff):
    _controller, session = start(qtbot, ctx)
    for _i in range(5):
        sign_in(qtbot, session, "nurse.li", "not the password")
    sign_in(qtbot, session, "nurse.li")  # the right password, but locked out
    error = session.sign_in_form.error.text()
    assert "locked" in error and "09:15" in error  # the fixed clock's 09:00 + 15 min
    assert ctx.signed_in is None


def test_first_start_creates_the_ward_administrator(qtbot, app_paths, clock):
    from lmdesk.settings import Settings

    ctx = AppContext(paths=app_paths, settings=Settings(), language="en", clock=clock)
    try:
        controller, session = start(qtbot, ctx)
        form = session.first_admin
        assert form is not None and session.screen.form is form
        qtbot.keyClicks(form.name_en, "Zhang Min")
        form.name_zh.setText("张敏")  # QTest cannot type CJK characters
        qtbot.keyClicks(form.login, "zhang.min")
        qtbot.keyClicks(form.staff_no, "W0042")
        qtbot.keyClicks(form.password, "short")
        qtbot.keyClicks(form.again, "short")
        qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
        assert "at least 10 characters" in form.error.text()
        assert form.password.text() == "" and form.again.text() == ""
        qtbot.keyClicks(form.password, "a long ward password")
        qtbot.keyClicks(form.again, "a long ward passwort")
        qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
        assert "differ" in form.error.text()
        qtbot.keyClicks(form.password, "a long ward password")
        qtbot.keyClicks(form.again, "a long ward password")
        qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
        assert ctx.signed_in is not None and ctx.signed_in.login == "zhang.min"
        assert ctx.signed_in.staff_no == "W0042" and ctx.signed_in.name_zh == "张敏"
        assert not session.locked
        stored = UsersRepository(ctx.patients).authenticate("zhang.min", "a long ward password")
        assert stored.has_role(stored.role_list[0]) and "admin" in {r.value for r in stored.roles}
        controller.window.close()
    finally:
        ctx.close()


def test_ctrl_l_locks_and_another_user_becomes_the_audit_user(qtbot, ctx, staff):
    controller, session = start(qtbot, ctx)
    window = controller.window
    sign_in(qtbot, session, "nurse.li")
    assert session.lock_action.shortcut().toString() == "Ctrl+L"
    assert session.lock_action in window.file_menu.actions()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    if not session.locked:  # no active window on some offscreen platforms: the menu item
        session.lock_action.trigger()
    assert session.locked and ctx.signed_in is None
    assert "Li Na" in session.screen.message.text()
    assert session.sign_in_form.login.text() == "nurse.li"  # the same user, or another
    sign_in(qtbot, session, "dr.wang")
    assert ctx.signed_in is not None, session.sign_in_form.error.text()
    assert ctx.signed_in.login == "dr.wang"
    PatientRepository(ctx.patients).add(Patient(mrn="L1", name="Test"))
    who = ctx.patients.conn.execute("SELECT user FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert who[0] == "Wang Wei (王伟)"


def test_idle_lock_after_the_ward_minutes(qtbot, ctx, staff):
    from lmdesk.store.ward_settings_repo import WardSettingsRepository

    WardSettingsRepository(ctx.patients).set("idle_lock_minutes", 3, staff["admin"])
    _controller, session = start(qtbot, ctx)
    assert not session.idle.timer.isActive()  # no idle lock while locked
    sign_in(qtbot, session, "nurse.li")
    assert session.idle.timer.isActive() and session.idle.timer.interval() == 3 * 60_000
    session.idle.timer.setInterval(40)  # drive the timer: 3 minutes pass
    session.idle.timer.start()
    qtbot.waitUntil(lambda: session.locked, timeout=2000)
    assert ctx.signed_in is None and "Li Na" in session.screen.message.text()


def test_open_views_refresh_their_rights_on_switch(qtbot, ctx, staff):
    controller, session = start(qtbot, ctx)
    sign_in(qtbot, session, "dr.wang")
    courses = controller.window.open_view("courses")
    assert courses.plan_button.isEnabled()
    session.lock()
    sign_in(qtbot, session, "nurse.li")
    assert not courses.plan_button.isEnabled()
    assert "prescriber on the IT register" in courses.plan_button.toolTip()
