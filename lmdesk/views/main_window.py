"""The shell: navigation list + stacked views, menus, status bar. No clinical logic here.

The menus list every command with its keys: the shell's own (views, backup, language, the user
guide on F1, quit) and the shown screen's (its ``file_actions()`` and ``edit_actions()``, see
``views/commands.py``). Size, position and splitters are kept in :class:`UiSettings`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import LANGUAGE_NAMES, LANGUAGES, _
from lmdesk.views.commands import offered, translate_action
from lmdesk.views.common.status_line import clear_status_lines
from lmdesk.views.disclaimer import disclaimer_text
from lmdesk.views.registry import ViewSpec

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QScrollArea

    from lmdesk.views.help_window import HelpWindow
    from lmdesk.views.live_changes import LiveChanges
    from lmdesk.views.ui_settings import UiSettings

# QScrollArea and QMessageBox are imported where used: each costs ~1 ms before the first paint.


def _set_shortcut(action: QAction, keys: QKeySequence) -> None:
    """``action.setShortcut(keys)`` through the Qt property: resolving the Python overloads of
    setShortcut loads PySide's whole ``Qt`` namespace (~15 ms), too much before the first paint.
    """
    action.setProperty("shortcut", keys)


class _PageLayout(QVBoxLayout):
    """Holds a view in its page without passing on the view's height-for-width.

    A resizable QScrollArea whose widget's layout has height-for-width (any word-wrapped
    label) sizes that widget to its full size hint, not its minimum: the Assessment screen
    then needed 1074 px and scrolled its Save feedback below a 800-px screen (issue 26).
    Without it the page scrolls only when the view's minimum does not fit, and the view's
    own layouts still wrap their labels in the height they get.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setContentsMargins(0, 0, 0, 0)

    def hasHeightForWidth(self) -> bool:
        return False


class MainWindow(QMainWindow):
    """Shows the registered views; creates each one the first time it is opened."""

    language_requested = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        specs: list[ViewSpec],
        on_backup: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        open_first_view: bool = True,
        ui_settings: UiSettings | None = None,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.live = live  # other workstations' changes (ward server), given to the views
        self.specs = list(specs)
        self._on_backup = on_backup
        self.ui_settings = ui_settings
        self.help_window: HelpWindow | None = None
        self._screen_actions: list[QAction] = []  # the shown view's, now in File, Edit, View
        self._views: dict[str, QWidget] = {}
        self._pages: dict[str, QScrollArea] = {}
        self._view_actions: list[QAction] = []
        self._views_wait = not open_first_view  # until show_first_view(): paint the shell first

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        self.empty = QLabel()  # blank until the first view is shown; says so if there is none
        self.empty.setWordWrap(True)
        if not self.specs:
            from PySide6.QtCore import Qt  # ~15 ms on first use: not on the start-up path

            self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)

        splitter = QSplitter()
        splitter.setObjectName("shell")
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.shell_splitter = splitter

        self.disclaimer = QLabel()
        self.disclaimer.setObjectName("disclaimer")
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet("color: #5a4a00; background: #fff6d5; padding: 3px 8px;")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner_area = QVBoxLayout()  # the ward server's banner goes here, above the screens
        self.banner_area.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.banner_area)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.disclaimer)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.ref_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.ref_label)

        self.nav.currentRowChanged.connect(self._show_row)
        self._build_menus()
        self.retranslate()
        if ui_settings is None or not ui_settings.restore_window(self):
            self._fit_to_screen(1200, 780)
        if ui_settings is not None:
            ui_settings.restore_splitters("shell", self.shell_splitter)
        if self.specs and open_first_view:  # run_gui opens it after the first paint
            self.nav.setCurrentRow(0)

    # -- navigation -------------------------------------------------------------------------

    def view(self, key: str) -> QWidget:
        """The view with ``key``, created on first use."""
        if key not in self._views:
            self._settle_views()
            spec = next(s for s in self.specs if s.key == key)
            widget = spec.create(self.ctx, self.live)
            widget.setObjectName(f"view-{key}")
            self._views[key] = widget
            from PySide6.QtWidgets import QScrollArea

            # A view taller or wider than a small ward screen scrolls inside the window
            # instead of growing the window past the screen (and hiding the status bar).
            page = QScrollArea()
            page.setObjectName(f"page-{key}")
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            body = QWidget()
            _PageLayout(body).addWidget(widget)
            page.setWidget(body)
            self._pages[key] = page
            self.stack.addWidget(page)
            if self.ui_settings is not None:
                self.ui_settings.restore_splitters(key, widget)
        return self._views[key]

    def _settle_views(self) -> None:
        """Let the open views finish their background loading (the drug cards parse theirs
        after the first paint) before another view imports modules they may be importing."""
        for widget in self._views.values():
            wait = getattr(widget, "wait_for_loading", None)
            if callable(wait):
                wait()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Start at the preferred size, or smaller on a small screen (title bar included)."""
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height() - 40)
        self.resize(width, height)

    def current_view(self) -> QWidget | None:
        """The view on screen (not the scroll area around it)."""
        page = self.stack.currentWidget()
        return next((self._views[k] for k, p in self._pages.items() if p is page), None)

    def open_view(self, key: str) -> QWidget:
        row = next(i for i, s in enumerate(self.specs) if s.key == key)
        self.nav.setCurrentRow(row)
        return self.view(key)

    def created_views(self) -> dict[str, QWidget]:
        return dict(self._views)

    def show_first_view(self) -> None:
        """Create and show the selected (or first) view; run_gui calls it after the first paint.

        The view gets the keyboard focus (its focus proxy: the drug search box), so what the
        user types at start-up goes where they expect it, not into the navigation list.
        """
        self._views_wait = False
        self.ref_label.setText(_("Reference data {version}").format(version=self._ref_version()))
        if self.specs:
            row = max(self.nav.currentRow(), 0)
            self.nav.setCurrentRow(row)
            self._show_row(row)
            shown = self.current_view()
            if shown is not None:
                shown.setFocus()

    def _show_row(self, row: int) -> None:
        if self._views_wait:
            return
        if 0 <= row < len(self.specs):
            key = self.specs[row].key
            self.view(key)
            self.stack.setCurrentWidget(self._pages[key])
            self._fill_screen_menus()

    def current_key(self) -> str:
        """The key of the shown view ('' before any is shown): the guide's section for F1."""
        view = self.current_view()
        return next((k for k, w in self._views.items() if w is view), "")

    # -- state kept between runs ------------------------------------------------------------

    def save_ui_state(self) -> None:
        """Size, position and every splitter of every opened view, for the next start."""
        if self.ui_settings is None:
            return
        self.ui_settings.save_window(self)
        self.ui_settings.save_splitters("shell", self.shell_splitter)
        for key, widget in self._views.items():
            self.ui_settings.save_splitters(key, widget)
        self.ui_settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_ui_state()
        if self.help_window is not None:
            self.help_window.close()
        super().closeEvent(event)

    # -- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.setObjectName("menu-file")
        self._file_screen_end = self.file_menu.addSeparator()  # the screen's actions go above
        self.backup_action = QAction(self)
        self.backup_action.triggered.connect(self._backup)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        _set_shortcut(self.quit_action, QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("")
        self.edit_menu.setObjectName("menu-edit")
        self.nothing_to_edit = QAction(self)
        self.nothing_to_edit.setEnabled(False)
        self.edit_menu.addAction(self.nothing_to_edit)

        self.view_menu = bar.addMenu("")
        for spec in self.specs:
            action = QAction(self)
            _set_shortcut(action, QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _checked=False, k=spec.key: self.open_view(k))
            self.view_menu.addAction(action)
            self.addAction(action)  # shortcut works even when the menu bar is not shown
            self._view_actions.append(action)
        self._view_screen_start = self.view_menu.addSeparator()  # the screen's own below

        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[code], self, checkable=True)
            action.setChecked(code == self.ctx.language)
            action.triggered.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.guide_action = QAction(self)
        _set_shortcut(self.guide_action, QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(lambda _checked=False: self.show_guide())
        self.help_menu.addAction(self.guide_action)
        self.addAction(self.guide_action)  # F1 works even when the menu bar is not shown
        self.help_menu.addSeparator()
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        self.setWindowTitle(_("lmdesk — intrathecal therapy decision support"))
        self.file_menu.setTitle(_("&File"))
        self.backup_action.setText(_("&Back up patient database now"))
        self.quit_action.setText(_("&Quit"))
        self.view_menu.setTitle(_("&View"))
        for action, spec in zip(self._view_actions, self.specs, strict=True):
            action.setText(_(spec.title))
        self.settings_menu.setTitle(_("&Settings"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.guide_action.setText(_("User &guide"))
        self.about_action.setText(_("&About lmdesk"))
        self.edit_menu.setTitle(_("&Edit"))
        self.nothing_to_edit.setText(_("Nothing to edit on this screen"))
        for action in self._screen_actions:
            translate_action(action)
        if self.help_window is not None:
            self.help_window.retranslate()
        current = self.nav.currentRow()
        self.nav.blockSignals(True)
        self.nav.clear()
        for spec in self.specs:
            item = QListWidgetItem(f"{_(spec.title)}")
            item.setToolTip(spec.shortcut)
            self.nav.addItem(item)
        self.nav.setCurrentRow(current)
        self.nav.blockSignals(False)
        self.empty.setText("" if self.specs else _("No views are installed."))
        self.disclaimer.setText(disclaimer_text())
        self.db_label.setText(_("Patient database: {path}").format(path=self._db_where()))
        if not self._views_wait:  # opening the reference DB can wait for the first paint
            version = self._ref_version()
            self.ref_label.setText(_("Reference data {version}").format(version=version))
        for code, action in self.language_actions.items():
            action.setChecked(code == self.ctx.language)
        clear_status_lines(self)  # results said in the old language; screens say theirs anew
        stale = []
        for key, widget in self._views.items():
            retranslate = getattr(widget, "retranslate", None)
            if callable(retranslate):
                retranslate()
            else:
                stale.append(key)
        for key in stale:  # views that cannot re-read their texts are rebuilt
            self._views.pop(key)
            page = self._pages.pop(key)
            self.stack.removeWidget(page)
            page.deleteLater()
        if stale:
            self._show_row(self.nav.currentRow())

    def _db_where(self) -> object:
        if self.ctx.server_url is not None:
            from lmdesk.store.server.url import shown_url

            return shown_url(self.ctx.server_url)
        return self.ctx.paths.patient_db

    def _ref_version(self) -> str:
        try:
            return self.ctx.reference.content_version
        except Exception:
            return "?"

    def _fill_screen_menus(self) -> None:
        """File and Edit list the shown view's commands (only its: a hidden view's keys are
        not active either)."""
        for action in self._screen_actions:
            self.file_menu.removeAction(action)
            self.edit_menu.removeAction(action)
            self.view_menu.removeAction(action)
        view = self.current_view()
        file_actions, edit_actions = offered(view, "file"), offered(view, "edit")
        view_actions = offered(view, "view")
        for action in file_actions:
            translate_action(action)
            self.file_menu.insertAction(self._file_screen_end, action)
        for action in edit_actions:
            translate_action(action)
            self.edit_menu.insertAction(self.nothing_to_edit, action)
        self.nothing_to_edit.setVisible(not edit_actions)
        for action in view_actions:
            translate_action(action)
            self.view_menu.addAction(action)
        self._view_screen_start.setVisible(bool(view_actions))
        self._screen_actions = file_actions + edit_actions + view_actions

    def show_guide(self, section: str | None = None) -> HelpWindow:
        """The user guide in the screen's language, at the shown screen's section (F1)."""
        from lmdesk.views.help_window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        key = self.current_key() if section is None else section
        self.help_window.show_section(self.ctx.language, key)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()
        return self.help_window

    def show_about(self) -> None:
        from lmdesk.views.about_dialog import AboutDialog

        ref = self.ctx.reference
        AboutDialog(ref.content_version, ref.reviewed_on, self).exec()

    def _backup(self) -> None:
        if self._on_backup is not None:
            self._on_backup()
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, _("Backup"), _("Backups are not available here."))
