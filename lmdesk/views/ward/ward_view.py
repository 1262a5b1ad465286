"""Ward settings screen: hospital, ward, idle lock and backups; users and the IT register;
the pre-dose gate's policy values with their sourced defaults. Ward administrators only.

The rights table decides (``Action.WARD_SETTINGS`` / ``MANAGE_USERS``); the repositories
check again and audit every change. Hashing a password (argon2, a fraction of a second)
runs once per click, never in a loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.ward_policy import (
    WARD_POLICY_SOURCE,
    Breach,
    PolicyItem,
    WardPolicy,
)
from lmdesk.models.users.rights import Action
from lmdesk.models.users.user import User
from lmdesk.models.users.ward_settings import SPECS
from lmdesk.store.users_repo import UsersRepository
from lmdesk.store.ward_policy_repo import WardPolicyRepository
from lmdesk.store.ward_settings_repo import WardSettingsRepository
from lmdesk.views.common.list_table import ListTable
from lmdesk.views.live_changes import FollowChanges, LiveChanges
from lmdesk.views.users.rights_ui import refusal_for
from lmdesk.views.users.sign_in import ERROR_STYLE
from lmdesk.views.ward.user_dialog import PasswordDialog, UserDialog

DialogRunner = Callable[[QDialog], bool]
Confirm = Callable[[str], bool]


def run_dialog(dialog: QDialog) -> bool:
    return bool(dialog.exec())


def _user_columns() -> list[str]:
    return [
        _("Login name"),
        _("Name"),
        _("Staff number"),
        _("Roles"),
        _("IT register"),
        _("Status"),
    ]


class WardView(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        dialog_runner: DialogRunner = run_dialog,
        confirm: Confirm | None = None,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._run_dialog = dialog_runner
        self._confirm = confirm or self._ask
        self._settings = WardSettingsRepository(ctx.patients)
        self._policy_repo = WardPolicyRepository(ctx.patients)
        self._users = UsersRepository(ctx.patients)
        self.refused = QLabel()
        self.refused.setObjectName("ward_refused")
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet(ERROR_STYLE)
        self.message = QLabel()
        self.message.setObjectName("ward_message")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ward_tabs")

        # -- ward ---------------------------------------------------------------------------
        ward_page = QWidget()
        self.ward_form = QFormLayout()
        self.fields: dict[str, QLineEdit | QSpinBox] = {}
        self._field_labels: dict[str, QLabel] = {}
        for spec in SPECS:
            field: QLineEdit | QSpinBox
            if spec.kind is str:
                field = QLineEdit()
                field.setMaxLength(80)
            else:
                field = QSpinBox()
                field.setRange(spec.low, spec.high)
            field.setObjectName(f"setting_{spec.key}")
            label = QLabel()
            self.fields[spec.key] = field
            self._field_labels[spec.key] = label
            self.ward_form.addRow(label, field)
        self.save_settings_button = QPushButton()
        self.save_settings_button.setObjectName("save_settings")
        self.save_settings_button.clicked.connect(self.save_settings)
        ward_layout = QVBoxLayout(ward_page)
        ward_layout.addLayout(self.ward_form)
        ward_layout.addWidget(self.save_settings_button)
        ward_layout.addStretch(1)

        # -- users --------------------------------------------------------------------------
        users_page = QWidget()
        self.user_list = ListTable("user_table")  # sortable by any column, filter box above
        self.user_table = self.user_list.view
        self.user_table.doubleClicked.connect(self.edit_user)
        self.user_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, slot in (
            ("add", self.add_user),
            ("edit", self.edit_user),
            ("retire", self.retire_user),
            ("password", self.reset_password),
        ):
            button = QPushButton()
            button.setObjectName(f"user_{key}")
            button.clicked.connect(slot)
            self.user_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        users_layout = QVBoxLayout(users_page)
        users_layout.addLayout(row)
        users_layout.addWidget(self.user_list, 1)

        # -- pre-dose gate policy -----------------------------------------------------------
        policy_page = QWidget()
        self.policy_intro = QLabel()
        self.policy_intro.setWordWrap(True)
        self.policy_table = QTableWidget(0, 5)
        self.policy_table.setObjectName("policy_table")
        self.policy_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.policy_table.setWordWrap(True)
        header = self.policy_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.policy_spins: dict[str, QDoubleSpinBox] = {}
        self.policy_breach: dict[str, QComboBox] = {}
        self.policy: WardPolicy = WardPolicy()
        self.save_policy_button = QPushButton()
        self.save_policy_button.setObjectName("save_policy")
        self.save_policy_button.clicked.connect(self.save_policy)
        policy_layout = QVBoxLayout(policy_page)
        policy_layout.addWidget(self.policy_intro)
        policy_layout.addWidget(self.policy_table, 1)
        policy_layout.addWidget(self.save_policy_button)

        self.tabs.addTab(ward_page, "")
        self.tabs.addTab(users_page, "")
        self.tabs.addTab(policy_page, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.refused)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        # the user list follows other workstations at once; the forms (maybe being edited)
        # get a notice with a Reload button instead
        self.follow_users = FollowChanges(self, live, self._reload_users, entities=("user",))
        self.follow_forms = FollowChanges(
            self, live, self.user_changed, entities=("ward_settings", "ward_policy"),
            dirty=lambda: True,
        )  # fmt: skip
        self.retranslate()

    # -- texts and state ------------------------------------------------------------------

    def retranslate(self) -> None:
        for spec in SPECS:
            text = _(spec.label)
            self._field_labels[spec.key].setText(text)
            field = self.fields[spec.key]
            if isinstance(field, QSpinBox):
                field.setSuffix(f" {_(spec.unit)}" if spec.unit else "")
        self.save_settings_button.setText(_("Save ward settings"))
        self.tabs.setTabText(0, _("Ward"))
        self.tabs.setTabText(1, _("Users and IT register"))
        self.tabs.setTabText(2, _("Pre-dose check policy"))
        for key, text in (
            ("add", _("Add user…")),
            ("edit", _("Edit roles and register…")),
            ("retire", _("Retire…")),
            ("password", _("Reset password…")),
        ):
            self.user_buttons[key].setText(text)
        self.user_list.retranslate()  # the headers follow with load() below
        self.policy_intro.setText(
            _(
                "Each value starts at its sourced default (citation keys as in the drug cards); "
                "a change is the ward's decision and is audited."
            )
        )
        self.policy_table.setHorizontalHeaderLabels(
            [_("Value"), _("Setting"), _("When breached"), _("Default"), _("Sources and notes")]
        )
        self.save_policy_button.setText(_("Save policy values"))
        self.user_changed()

    def user_changed(self) -> None:
        """Re-read everything and what the signed-in user may change."""
        why = refusal_for(self._ctx, Action.WARD_SETTINGS)
        self.refused.setText(why or "")
        self.refused.setVisible(why is not None)
        self.tabs.setEnabled(why is None)
        self.message.clear()
        if why is None:
            self.load()

    def load(self) -> None:
        self._load_settings()
        self._load_users()
        self._load_policy()

    def _reload_users(self) -> None:
        if refusal_for(self._ctx, Action.WARD_SETTINGS) is None:
            self._load_users()

    def _load_settings(self) -> None:
        settings = self._ctx.ward_settings()
        for spec in SPECS:
            field = self.fields[spec.key]
            value = settings.value(spec.key)
            if isinstance(field, QLineEdit):
                field.setText(str(value))
            else:
                field.setValue(int(value))

    def _load_users(self) -> None:
        today = self._ctx.clock.today()
        users = self._users.list()
        self.users: list[User] = users
        rows = [
            (
                user.login,
                user.display_name,
                user.staff_no,
                user.roles_text(),
                user.register_text(today),
                _("can sign in") if user.active else _("retired: cannot sign in"),
            )
            for user in users
        ]
        self.user_list.set_rows(_user_columns(), rows, users)

    def _load_policy(self) -> None:
        self.policy = self._policy_repo.get()
        items = self.policy.items
        self.policy_table.setRowCount(len(items))
        self.policy_spins.clear()
        self.policy_breach.clear()
        for i, item in enumerate(items):
            spin = QDoubleSpinBox()
            spin.setObjectName(f"policy_{item.key}")
            spin.setDecimals(1)
            spin.setRange(item.lowest, item.highest)
            spin.setValue(item.value)
            spin.setSuffix(f" {item.unit}" if item.unit else "")
            breach = QComboBox()
            breach.addItem(_("stop"), "stop")
            breach.addItem(_("warning"), "warn")
            breach.setCurrentIndex(max(0, breach.findData(item.breach)))
            self.policy_spins[item.key] = spin
            self.policy_breach[item.key] = breach
            self.policy_table.setCellWidget(i, 0, spin)
            self.policy_table.setItem(i, 1, QTableWidgetItem(_(item.label)))
            self.policy_table.setCellWidget(i, 2, breach)
            default = f"{item.default:g} {item.unit}".strip()
            self.policy_table.setItem(i, 3, QTableWidgetItem(default))
            self.policy_table.setItem(i, 4, QTableWidgetItem(_sources(item)))
        self.policy_table.resizeColumnsToContents()
        self.policy_table.resizeRowsToContents()

    # -- actions ----------------------------------------------------------------------------

    def _acting(self, action: Action) -> User | None:
        """The signed-in user when they hold ``action``'s right; else say why, None."""
        why = refusal_for(self._ctx, action)
        if why is not None or self._ctx.signed_in is None:
            self._show(why or _("Sign in first."), bad=True)
            return None
        return self._ctx.signed_in

    def _show(self, text: str, *, bad: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if bad else "")

    def save_settings(self) -> None:
        by = self._acting(Action.WARD_SETTINGS)
        if by is None:
            return
        values: dict[str, str | int] = {}
        for spec in SPECS:
            field = self.fields[spec.key]
            values[spec.key] = field.text() if isinstance(field, QLineEdit) else field.value()
        try:
            self._settings.set_many(values, by)
        except LmdeskError as err:
            self._show(str(err), bad=True)
            return
        self._load_settings()
        self._show(_("Ward settings saved (audited)."))

    def save_policy(self) -> None:
        by = self._acting(Action.WARD_SETTINGS)
        if by is None:
            return
        changed = 0
        try:
            for item in self.policy.items:
                value = self.policy_spins[item.key].value()
                breach: Breach = self.policy_breach[item.key].currentData()
                if abs(value - item.value) > 1e-9 or breach != item.breach:
                    self._policy_repo.set(item.key, value, by.display_name, breach)
                    changed += 1
        except LmdeskError as err:
            self._show(str(err), bad=True)
            self._load_policy()
            return
        self._load_policy()
        self._show(_("{n} policy values changed (audited).").format(n=changed))

    def selected_user(self) -> User | None:
        chosen = self.user_list.selected()
        return chosen if isinstance(chosen, User) else None

    def add_user(self) -> None:
        by = self._acting(Action.MANAGE_USERS)
        if by is None:
            return
        dialog = UserDialog(None, self._ctx.clock.today(), self)
        if not self._run_dialog(dialog) or dialog.result_user is None:
            return
        password, dialog.password = dialog.password, None
        try:
            saved = self._users.add(dialog.result_user, password or "", by)
        except LmdeskError as err:
            self._show(str(err), bad=True)
            return
        self._load_users()
        self._show(_("{name} added.").format(name=saved.name()))

    def edit_user(self, *_args: object) -> None:
        by = self._acting(Action.MANAGE_USERS)
        user = self.selected_user()
        if by is None or user is None:
            return
        dialog = UserDialog(user, self._ctx.clock.today(), self)
        if not self._run_dialog(dialog) or dialog.result_user is None:
            return
        try:
            saved = self._users.update(dialog.result_user, by)
        except LmdeskError as err:
            self._show(str(err), bad=True)
            self._load_users()
            return
        self._load_users()
        self._show(_("{name} saved.").format(name=saved.name()))

    def retire_user(self) -> None:
        by = self._acting(Action.MANAGE_USERS)
        user = self.selected_user()
        if by is None or user is None or not user.active:
            return
        question = _(
            "Retire {name}? They can no longer sign in; their name stays on what they did."
        ).format(name=user.name())
        if not self._confirm(question):
            return
        try:
            self._users.retire(user, by)
        except LmdeskError as err:
            self._show(str(err), bad=True)
            return
        self._load_users()
        self._show(_("{name} retired.").format(name=user.name()))

    def reset_password(self) -> None:
        by = self._acting(Action.MANAGE_USERS)
        user = self.selected_user()
        if by is None or user is None:
            return
        dialog = PasswordDialog(user, self)
        if not self._run_dialog(dialog) or dialog.password is None:
            return
        password, dialog.password = dialog.password, None
        try:
            self._users.set_password(user, password, by)
        except LmdeskError as err:
            self._show(str(err), bad=True)
            return
        self._load_users()
        self._show(_("New password set for {name}.").format(name=user.name()))

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Ward settings"), question)
        return answer == QMessageBox.StandardButton.Yes

    def selftest(self) -> None:
        self.user_changed()
        if self.policy_table.rowCount() != len(self.policy.items):
            raise RuntimeError("the policy table misses values")


def _sources(item: PolicyItem) -> str:
    keys = ", ".join(_("ward policy") if k == WARD_POLICY_SOURCE else k for k in item.source_keys())
    note = item.note_text()
    return f"[{keys}]" + (f" — {note}" if note else "")
