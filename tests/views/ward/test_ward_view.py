"""Ward settings screen (issue 23): hidden and refused for non-administrators; an administrator
saves the ward's settings, users and the IT register, and the gate's policy values (audited)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from view_staff import PASSWORD

from lmdesk.store.users_repo import UsersRepository
from lmdesk.store.ward_policy_repo import WardPolicyRepository
from lmdesk.views.app import GuiController
from lmdesk.views.ward.user_dialog import PasswordDialog, UserDialog
from lmdesk.views.ward.ward_view import WardView

pytestmark = pytest.mark.usefixtures("staff")


def ward_view(qtbot, ctx, runner=lambda d: False, confirm=lambda q: True) -> WardView:
    view = WardView(ctx, dialog_runner=runner, confirm=confirm)
    qtbot.addWidget(view)
    return view


def test_a_non_administrator_neither_sees_nor_changes_ward_settings(qtbot, ctx, staff):
    controller = GuiController(ctx, QApplication.instance())
    qtbot.addWidget(controller.window)
    controller.cover()
    session = controller.start_session()
    session.sign_in_form.login.setText("dr.wang")
    qtbot.keyClicks(session.sign_in_form.password, PASSWORD)
    qtbot.mouseClick(session.sign_in_form.button, Qt.MouseButton.LeftButton)
    keys = [s.key for s in controller.window.specs]
    row = keys.index("ward")
    assert controller.window.nav.item(row).isHidden()
    view = controller.window.open_view("ward")  # reached anyway (Ctrl+9)
    assert not view.tabs.isEnabled()
    assert "Changing ward settings needs a ward administrator" in view.refused.text()
    view.save_settings()
    assert "ward administrator" in view.message.text()
    session.lock()
    session.sign_in_form.login.setText("admin")
    qtbot.keyClicks(session.sign_in_form.password, PASSWORD)
    qtbot.mouseClick(session.sign_in_form.button, Qt.MouseButton.LeftButton)
    assert not controller.window.nav.item(row).isHidden()
    assert view.tabs.isEnabled() and not view.refused.isVisibleTo(view)


def test_an_administrator_saves_the_ward_settings(qtbot, ctx, staff):
    ctx.sign_in(staff["admin"])
    view = ward_view(qtbot, ctx)
    view.fields["hospital"].clear()
    qtbot.keyClicks(view.fields["hospital"], "Ward Hospital")
    view.fields["idle_lock_minutes"].setValue(5)
    qtbot.mouseClick(view.save_settings_button, Qt.MouseButton.LeftButton)
    assert "saved" in view.message.text()
    settings = ctx.ward_settings()
    assert settings.hospital == "Ward Hospital" and settings.idle_lock_minutes == 5
    who = ctx.patients.conn.execute(
        "SELECT user FROM audit WHERE action = 'ward.set' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert who[0] == "Ward Admin (病区管理员)"


def test_policy_values_show_their_sources_and_changes_are_audited(qtbot, ctx, staff):
    ctx.sign_in(staff["admin"])
    view = ward_view(qtbot, ctx)
    texts = [view.policy_table.item(r, 4).text() for r in range(view.policy_table.rowCount())]
    assert any("R200" in t for t in texts)
    assert any("not sourced" in t for t in texts)
    view.policy_spins["lp_platelets_min"].setValue(40)
    qtbot.mouseClick(view.save_policy_button, Qt.MouseButton.LeftButton)
    assert "1 policy values changed" in view.message.text()
    assert WardPolicyRepository(ctx.patients).get().value("lp_platelets_min") == 40
    row = ctx.patients.conn.execute(
        "SELECT user FROM audit WHERE action = 'policy.set' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row is not None


def test_an_administrator_adds_edits_resets_and_retires_a_user(qtbot, ctx, staff):
    ctx.sign_in(staff["admin"])

    def add(dialog):
        assert isinstance(dialog, UserDialog)
        qtbot.keyClicks(dialog.name_en, "Ma Li")
        dialog.name_zh.setText("马丽")
        qtbot.keyClicks(dialog.login, "nurse.ma")
        dialog.roles[next(r for r in dialog.roles if r.value == "nurse")].setChecked(True)
        dialog.on_register.setChecked(True)
        dialog.register_until.setDate(QDate(2027, 6, 30))
        qtbot.keyClicks(dialog.passwords.first, "a new ward password")
        qtbot.keyClicks(dialog.passwords.again, "a new ward password")
        return dialog.try_accept()

    view = ward_view(qtbot, ctx, runner=add)
    qtbot.mouseClick(view.user_buttons["add"], Qt.MouseButton.LeftButton)
    repo = UsersRepository(ctx.patients)
    added = repo.get_by_login("nurse.ma")
    assert added.register_until == date(2027, 6, 30) and added.name_zh == "马丽"
    assert repo.authenticate("nurse.ma", "a new ward password").login == "nurse.ma"

    row = next(i for i, u in enumerate(view.users) if u.login == "nurse.ma")
    view.user_table.selectRow(row)

    def end_register(dialog):
        dialog.on_register.setChecked(False)
        return dialog.try_accept()

    view._run_dialog = end_register
    qtbot.mouseClick(view.user_buttons["edit"], Qt.MouseButton.LeftButton)
    assert repo.get_by_login("nurse.ma").register_until is None

    def new_password(dialog):
        assert isinstance(dialog, PasswordDialog)
        qtbot.keyClicks(dialog.passwords.first, "another password!")
        qtbot.keyClicks(dialog.passwords.again, "another password!")
        return dialog.try_accept()

    view.user_table.selectRow(row)
    view._run_dialog = new_password
    qtbot.mouseClick(view.user_buttons["password"], Qt.MouseButton.LeftButton)
    assert repo.authenticate("nurse.ma", "another password!").login == "nurse.ma"

    view.user_table.selectRow(row)
    qtbot.mouseClick(view.user_buttons["retire"], Qt.MouseButton.LeftButton)
    assert not repo.get_by_login("nurse.ma").active
    assert view.user_table.model().index(row, 5).data() == "retired: cannot sign in"
