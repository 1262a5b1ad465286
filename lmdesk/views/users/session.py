"""The window's signed-in session: sign-in at start, lock and switch user (Ctrl+L), idle lock.

While locked the content is covered by the lock screen and disabled, and nobody is signed
in (an action reaching the core is refused). Whoever signs in next, the same or another
user, becomes the audit user; open views re-read what they may do.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.users.rights import Action, allowed
from lmdesk.models.users.user import User
from lmdesk.store.users_repo import UsersRepository
from lmdesk.views.main_window import MainWindow
from lmdesk.views.users.lock_screen import IdleWatch, LockScreen
from lmdesk.views.users.sign_in import FirstAdminForm, SignInForm

LOCK_SHORTCUT = "Ctrl+L"
WARD_VIEW_KEY = "ward"


def cover_window(window: MainWindow) -> LockScreen:
    """Lay the lock screen over the window's content (before any view is built)."""
    central = window.centralWidget()
    assert central is not None, "the main window always has its content widget"
    screen = LockScreen(central)
    screen.cover()
    return screen


class UserSession(QObject):
    """Who is signed in at this window; ``changed`` after every sign-in and lock."""

    changed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        window: MainWindow,
        *,
        app: QApplication | None = None,
        screen: LockScreen | None = None,
        users: UsersRepository | None = None,
    ) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.app = app
        self._users = users  # on the ward server: opened by the first sign-in
        self.screen = screen or cover_window(window)
        self.sign_in_form = SignInForm(self._authenticate)
        self.sign_in_form.signed_in.connect(self.signed_in)
        self.first_admin: FirstAdminForm | None = None
        self.locked = False
        self.locked_at: datetime | None = None
        self.last_user: User | None = None
        self.who_label = QLabel()
        self.who_label.setObjectName("signed_in_user")
        window.statusBar().addPermanentWidget(self.who_label)
        self.lock_action = QAction(window)
        self.lock_action.setObjectName("lock_action")
        self.lock_action.setShortcut(QKeySequence(LOCK_SHORTCUT))
        self.lock_action.triggered.connect(self.lock)
        window.file_menu.insertAction(window.backup_action, self.lock_action)
        window.file_menu.insertSeparator(window.backup_action)
        window.addAction(self.lock_action)
        self.idle = IdleWatch(self._idle_minutes(), self)
        self.idle.idle.connect(self.lock)
        self.retranslate()

    @property
    def users(self) -> UsersRepository:
        if self._users is None:
            self._users = UsersRepository(self.ctx.patients)
        return self._users

    def _authenticate(self, login: str, password: str) -> User:
        """On the ward server signing in is connecting as that person (their own role)."""
        if self.ctx.on_server:
            from lmdesk.views.users.server_sign_in import sign_in_on_server

            return sign_in_on_server(self.ctx, login, password)
        return self.users.authenticate(login, password)

    # -- states ---------------------------------------------------------------------------

    def start(self) -> None:
        """At start: the first ward administrator on an empty database, else sign-in (the
        ward server always has its administrator: ``lmdesk db init-server`` made them)."""
        self.ctx.sign_in(None)
        if self.ctx.on_server or self.users.has_users():
            self._show_lock()
            return
        form = FirstAdminForm(self._create_first_admin)
        form.created.connect(self.signed_in)
        self.first_admin = form
        self._show_lock(form)
        form.name_en.setFocus()

    def _create_first_admin(self, user: User, password: str) -> User:
        return self.users.add(user, password, None)

    def lock(self) -> None:
        """Cover the content until the same or another user signs in (Ctrl+L, idle)."""
        if self.locked:
            return
        if self.ctx.signed_in is not None:
            self.last_user = self.ctx.signed_in
        self.locked_at = self.ctx.clock.now()
        self.ctx.sign_in(None)
        self._show_lock()

    def _show_lock(self, form: SignInForm | FirstAdminForm | None = None) -> None:
        self.locked = True
        self.idle.pause()
        self.window.nav.setEnabled(False)
        self.window.stack.setEnabled(False)
        self.window.menuBar().setEnabled(False)
        self.lock_action.setEnabled(False)
        self.screen.set_form(form or self.sign_in_form)
        self.retranslate()
        self.screen.cover()
        if form is None:
            self.sign_in_form.reset(self.last_user.login if self.last_user else "")
        self.changed.emit()

    def signed_in(self, user: User) -> None:
        """``user`` authenticated on the lock screen: they act from now on."""
        self.ctx.sign_in(user)
        self.last_user = user
        self.locked = False
        self.screen.hide()
        if self.first_admin is not None and self.screen.form is not self.first_admin:
            self.first_admin.deleteLater()
            self.first_admin = None
        self.window.nav.setEnabled(True)
        self.window.stack.setEnabled(True)
        self.window.menuBar().setEnabled(True)
        self.lock_action.setEnabled(True)
        self.show_user()
        for view in self.window.created_views().values():
            refresh = getattr(view, "user_changed", None)
            if callable(refresh):
                refresh()
        self.idle.set_minutes(self._idle_minutes())
        if self.app is not None:
            self.idle.watch(self.app)
        shown = self.window.current_view()
        if shown is not None:
            shown.setFocus()
        self.changed.emit()

    def _idle_minutes(self) -> int:
        if self.ctx.on_server and not self.ctx.patients_opened():
            return 10  # nobody connected yet: the ward's setting is read after sign-in
        try:
            return self.ctx.ward_settings().idle_lock_minutes
        except Exception:  # a damaged settings row must not keep the screen unlocked
            return 10

    # -- texts ----------------------------------------------------------------------------

    def show_user(self) -> None:
        user = self.ctx.signed_in
        if user is None:
            self.who_label.setText(_("Locked: nobody signed in"))
        else:
            self.who_label.setText(
                _("Signed in: {name} ({roles})").format(name=user.name(), roles=user.roles_text())
            )
        self._show_ward_entry(user)

    def _show_ward_entry(self, user: User | None) -> None:
        """The ward settings screen is listed for ward administrators only."""
        keys = [s.key for s in self.window.specs]
        if WARD_VIEW_KEY not in keys:
            return
        row = keys.index(WARD_VIEW_KEY)
        admin = user is not None and allowed(Action.WARD_SETTINGS, user, self.ctx.clock.today())
        item = self.window.nav.item(row)
        if item is not None:
            item.setHidden(not admin)
        view_actions = [a for a in self.window.view_menu.actions() if not a.isSeparator()]
        if row < len(view_actions):
            view_actions[row].setVisible(admin)
        if not admin and self.window.nav.currentRow() == row:
            self.window.nav.setCurrentRow(0)

    def retranslate(self) -> None:
        self.lock_action.setText(_("&Lock / switch user"))
        self.sign_in_form.retranslate()
        if self.first_admin is not None:
            self.first_admin.retranslate()
        if self.first_admin is not None and self.screen.form is self.first_admin:
            self.screen.title.setText(_("Welcome to lmdesk"))
            self.screen.message.setText(_("Create the ward administrator to start."))
        elif self.last_user is not None and self.locked_at is not None:
            self.screen.title.setText(_("Locked"))
            self.screen.message.setText(
                _(
                    "Locked at {time}; {name} was signed in. The same or another user signs "
                    "in to continue."
                ).format(time=self.locked_at.strftime("%H:%M"), name=self.last_user.name())
            )
        else:
            self.screen.title.setText(_("Sign in"))
            self.screen.message.setText(
                _("Sign in with your login name and password to use lmdesk.")
            )
        self.show_user()
