"""The main window shell: navigation, every registered view, language switch, About, crashes."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _
from lmdesk.printing.fonts import chinese_families
from lmdesk.views.about_dialog import AboutDialog
from lmdesk.views.app import GuiController
from lmdesk.views.crash_handler import CrashReporter
from lmdesk.views.main_window import MainWindow
from lmdesk.views.registry import VIEW_SPECS, ViewSpec


class DummyView(QLabel):
    """A minimal view used to test the shell's mechanics (not shipped)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(_("Nothing changed."))


DUMMY = [
    ViewSpec("one", N_("Backup"), "tests_views_shell_dummy:DummyView", "Ctrl+8"),
    ViewSpec("two", N_("Reference data"), "tests_views_shell_dummy:DummyView", "Ctrl+9"),
]


@pytest.fixture
def dummy_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    module = types.ModuleType("tests_views_shell_dummy")
    module.DummyView = DummyView  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_views_shell_dummy", module)


def test_bundled_font_provides_chinese() -> None:
    assert "WenQuanYi Micro Hei" in chinese_families()


def test_window_shows_db_path_reference_version_and_disclaimer(qtbot, ctx: AppContext) -> None:
    window = MainWindow(ctx, [])
    qtbot.addWidget(window)
    window.show()
    assert str(ctx.paths.patient_db) in window.db_label.text()
    assert ctx.reference.content_version in window.ref_label.text()
    assert "does not replace" in window.disclaimer.text()


def test_every_registered_view_opens(qtbot, ctx: AppContext) -> None:
    window = MainWindow(ctx, VIEW_SPECS)
    qtbot.addWidget(window)
    window.show()
    for spec in VIEW_SPECS:
        widget = window.open_view(spec.key)
        assert window.current_view() is widget
        assert widget.isVisible()
    assert window.nav.count() == len(VIEW_SPECS)


def test_views_are_created_lazily_and_navigated(qtbot, ctx: AppContext, dummy_module) -> None:
    window = MainWindow(ctx, DUMMY)
    qtbot.addWidget(window)
    assert set(window.created_views()) == {"one"}
    window.nav.setCurrentRow(1)
    assert set(window.created_views()) == {"one", "two"}
    assert window.current_view() is window.created_views()["two"]


def test_view_shortcut_opens_the_view(qtbot, ctx: AppContext, dummy_module) -> None:
    window = MainWindow(ctx, DUMMY)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 1


def test_language_switch_retranslates_shell_and_views(
    qtbot, ctx: AppContext, dummy_module, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lmdesk.views.app.VIEW_SPECS", DUMMY)
    controller = GuiController(ctx, QApplication.instance())
    window = controller.window
    qtbot.addWidget(window)
    controller.switch_language("zh_CN")
    assert window.file_menu.title() == "文件(&F)"
    assert window.nav.item(0).text() == "备份"
    assert window.created_views()["one"].text() == "未做任何更改。"
    assert "不替代" in window.disclaimer.text()
    assert ctx.settings.language == "zh_CN"
    assert ctx.paths.settings_file.exists(), "the choice is saved for the next start"
    controller.switch_language("en")
    assert window.file_menu.title() == "&File"


def test_about_box_has_version_reference_disclaimer_and_font_licence(qtbot) -> None:
    dialog = AboutDialog("2026.11.1", "2026-11-27")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "lmdesk 0." in text
    assert "2026.11.1" in text and "2026-11-27" in text
    assert "does not replace" in text
    assert "WenQuanYi" in text and "Apache" in text


def test_uncaught_exception_is_logged_and_shown(
    qtbot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.detailedText()) or 0)
    reporter = CrashReporter("/tmp/lmdesk.log")
    with caplog.at_level(logging.CRITICAL, logger="lmdesk.crash"):
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            reporter._excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: bool(shown))
    assert "ZeroDivisionError: boom" in shown[0]
    assert "ZeroDivisionError" in caplog.text


def test_gui_refuses_a_too_new_patient_db_and_says_why(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import sqlite3

    from lmdesk.views.app import open_patient_db_or_explain

    ctx.paths.patient_db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(ctx.paths.patient_db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = hashlib.sha256(ctx.paths.patient_db.read_bytes()).hexdigest()
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert open_patient_db_or_explain(ctx) is False
    assert "999" in messages[0] and "newer" in messages[0]
    assert hashlib.sha256(ctx.paths.patient_db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_window_fits_a_1366x768_screen_with_every_view_open(
    qtbot, ctx: AppContext, language: str
) -> None:
    """Large views scroll inside the window; the window never outgrows a small ward screen."""
    from lmdesk.i18n import set_language

    set_language(language)
    window = MainWindow(ctx, VIEW_SPECS)
    qtbot.addWidget(window)
    window.show()
    for spec in VIEW_SPECS:
        window.open_view(spec.key)
    QApplication.processEvents()
    minimum = window.minimumSizeHint()
    assert minimum.width() <= 1366 and minimum.height() <= 700, minimum
