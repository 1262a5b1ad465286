"""The shell's desktop habits: size and splitters kept, every command in a menu with its keys,
F1 opens the user guide at the screen's section in the screen's language."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QVBoxLayout, QWidget

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, set_language
from lmdesk.views.commands import command
from lmdesk.views.help_window import GUIDE_DIR, guide_file
from lmdesk.views.main_window import MainWindow
from lmdesk.views.registry import VIEW_SPECS, ViewSpec
from lmdesk.views.ui_settings import UiSettings


class SplitView(QWidget):
    """A screen with a splitter and one command of each kind (not shipped)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.splitter = QSplitter()
        self.splitter.addWidget(QLabel("left"))
        self.splitter.addWidget(QLabel("right"))
        QVBoxLayout(self).addWidget(self.splitter)
        self.printed = 0
        self.print_action = command(self, N_("Print…"), self._print, QKeySequence.StandardKey.Print)
        self.find_action = command(self, N_("Find"), lambda: None, QKeySequence.StandardKey.Find)
        self.tab_action = command(self, N_("All terms"), lambda: None, "Alt+3")

    def _print(self) -> None:
        self.printed += 1

    def file_actions(self) -> list[QAction]:
        return [self.print_action]

    def edit_actions(self) -> list[QAction]:
        return [self.find_action]

    def view_actions(self) -> list[QAction]:
        return [self.tab_action]

    def retranslate(self) -> None:
        pass


class PlainView(QLabel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("plain", parent)

    def retranslate(self) -> None:
        pass


SPECS = [
    ViewSpec("courses", N_("Courses"), "tests_views_habits:SplitView", "Ctrl+3"),
    ViewSpec("grading", N_("AE grading"), "tests_views_habits:PlainView", "Ctrl+4"),
]


@pytest.fixture(autouse=True)
def habits_module(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("tests_views_habits")
    module.SplitView = SplitView  # type: ignore[attr-defined]
    module.PlainView = PlainView  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_views_habits", module)


def _window(qtbot, ctx: AppContext, settings: UiSettings | None) -> MainWindow:
    window = MainWindow(ctx, SPECS, ui_settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_size_position_and_splitters_come_back(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    first = _window(qtbot, ctx, UiSettings(tmp_path / "window.ini"))
    first.resize(710, 520)  # within the offscreen screen (800x600)
    first.shell_splitter.setSizes([250, 460])
    view = first.view("courses")
    assert isinstance(view, SplitView)
    view.splitter.setSizes([120, 300])
    wanted_view_sizes = view.splitter.sizes()
    wanted_shell = first.shell_splitter.sizes()
    first.close()  # saves

    second = _window(qtbot, ctx, UiSettings(tmp_path / "window.ini"))
    assert (second.width(), second.height()) == (710, 520)  # not the default size
    assert second.shell_splitter.sizes() == wanted_shell
    again = second.view("courses")
    assert isinstance(again, SplitView)
    assert again.splitter.sizes() == wanted_view_sizes


def test_the_geometry_is_kept_per_screen_size(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    settings = UiSettings(tmp_path / "window.ini")
    window = _window(qtbot, ctx, settings)
    window.close()
    screen = window.screen()
    size = screen.size()
    assert settings.qsettings.contains(f"window/{size.width()}x{size.height()}/geometry")


def test_without_settings_the_window_starts_at_its_default(qtbot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx, None)
    room = window.screen().availableGeometry()
    assert window.width() == min(1200, room.width())


def test_file_edit_and_view_menus_list_the_shown_screens_commands(qtbot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx, None)
    window.open_view("courses")
    view = window.current_view()
    assert isinstance(view, SplitView)
    assert view.print_action in window.file_menu.actions()
    assert view.find_action in window.edit_menu.actions()
    assert view.tab_action in window.view_menu.actions()  # after the screens, a separator
    assert window.view_menu.actions()[len(SPECS)].isSeparator()
    assert window._view_screen_start.isVisible()
    assert not window.nothing_to_edit.isVisible()
    assert view.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    window.print_action_check = view.print_action
    view.print_action.trigger()
    assert view.printed == 1

    window.open_view("grading")  # a screen with no commands: they leave the menus
    assert view.print_action not in window.file_menu.actions()
    assert view.find_action not in window.edit_menu.actions()
    assert view.tab_action not in window.view_menu.actions()
    assert not window._view_screen_start.isVisible()
    assert window.nothing_to_edit.isVisible() and not window.nothing_to_edit.isEnabled()


def test_every_shell_command_is_in_a_menu_with_its_keys(qtbot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx, None)
    in_menus = [
        a for menu in (window.file_menu, window.view_menu, window.help_menu) for a in menu.actions()
    ]
    assert window.guide_action in in_menus
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    for action, spec in zip(window._view_actions, SPECS, strict=True):
        assert action in in_menus and action.shortcut() == QKeySequence(spec.shortcut)


def _top_text(window: MainWindow) -> str:
    """The text at the top of the guide's visible area."""
    help_window = window.help_window
    assert help_window is not None
    browser = help_window.browser
    cursor = browser.cursorForPosition(QPoint(4, 4))
    return cursor.block().text()


@pytest.mark.parametrize(
    ("language", "key", "heading"),
    [
        ("en", "courses", "Courses (Ctrl+3)"),
        ("en", "grading", "AE grading (Ctrl+4)"),
        ("zh_CN", "courses", "疗程（Ctrl+3）"),
        ("zh_CN", "grading", "不良事件分级（Ctrl+4）"),
    ],
)
def test_f1_opens_the_guide_at_the_shown_screen_in_its_language(
    qtbot, ctx: AppContext, language: str, key: str, heading: str
) -> None:
    set_language(language)
    ctx.language = language
    window = _window(qtbot, ctx, None)
    window.open_view(key)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = window.help_window
    assert help_window is not None and help_window.isVisible()
    source = help_window.browser.source()
    assert source.fragment() == key
    assert Path(source.toLocalFile()) == guide_file(language)
    qtbot.waitUntil(lambda: _top_text(window) == heading)


def test_every_screen_has_a_section_with_its_screenshot_in_both_guides() -> None:
    for language in ("en", "zh_CN"):
        text = guide_file(language).read_text(encoding="utf-8")
        for spec in VIEW_SPECS:
            assert f'<a name="{spec.key}"></a>' in text, (language, spec.key)
            assert spec.shortcut in text
        for image in re.findall(r'<img src="([^"]+)"', text):
            assert (GUIDE_DIR / language / image).is_file(), image
        assert "does not replace" in text or "不取代" in text


def test_the_sheet_screens_print_and_export_are_in_the_file_menu(qtbot, ctx: AppContext) -> None:
    spec = next(s for s in VIEW_SPECS if s.key == "sheets")
    window = MainWindow(ctx, [spec])
    qtbot.addWidget(window)
    window.show()
    view = window.open_view("sheets")
    listed = {a.shortcut().toString(): a.text() for a in window.file_menu.actions()}
    assert QKeySequence(QKeySequence.StandardKey.Print).toString() in listed  # Ctrl+P
    assert "Ctrl+E" in listed
    assert listed["Ctrl+E"] == "Export the sheet as PDF…"
    from PySide6.QtGui import QShortcut

    assert view.findChildren(QShortcut) == []


def test_the_edit_menu_offers_the_courses_correction(qtbot, ctx: AppContext) -> None:
    spec = next(s for s in VIEW_SPECS if s.key == "courses")
    window = MainWindow(ctx, [spec])
    qtbot.addWidget(window)
    window.show()
    view = window.open_view("courses")
    assert view.correct_action in window.edit_menu.actions()
    assert view.correct_action.text() == "Correct last mark…"
    assert not window.nothing_to_edit.isVisible()
