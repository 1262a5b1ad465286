"""Every screen's keys are listed in the File, Edit or View menu with their keys (issue 26:
hidden QShortcuts on Patients, Courses, PK, Drugs, Assessment, AE grading), Qt's standard keys
where one exists, and no key means two things on a screen (PK's log axis was Ctrl+L, the
window's lock key: with both active neither worked)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence, QShortcut

from lmdesk.app_context import AppContext
from lmdesk.views.main_window import MainWindow
from lmdesk.views.registry import VIEW_SPECS
from lmdesk.views.users.session import LOCK_SHORTCUT

SCREENS = tuple(spec.key for spec in VIEW_SPECS)


def _expected(key: str) -> set[str]:
    """The keys each screen offers (Qt's standard keys read once a QApplication exists)."""
    std = QKeySequence.StandardKey
    find, new, save, print_ = (
        QKeySequence(k).toString() for k in (std.Find, std.New, std.Save, std.Print)
    )
    return {
        "patients": {new, find},
        "courses": {find},
        "pk": {"Ctrl+Shift+L", "Ctrl+B", "Ctrl+E"},
        "drugs": {find, print_, "Ctrl+D", "Ctrl+E"},
        "assessment": {save, print_},
        "grading": {find, "Alt+1", "Alt+2", "Alt+3"},
    }.get(key, set())


@pytest.mark.parametrize("key", SCREENS)
def test_a_screens_keys_are_in_its_menus_and_unique(qtbot, ctx: AppContext, key: str) -> None:
    window = MainWindow(ctx, VIEW_SPECS)
    qtbot.addWidget(window)
    window.show()
    view = window.open_view(key)
    menus = (window.file_menu, window.edit_menu, window.view_menu)
    listed = [a for menu in menus for a in menu.actions()]
    keys = [a.shortcut().toString() for a in listed if not a.shortcut().isEmpty()]
    assert _expected(key) <= set(keys), keys
    assert all(a.text() for a in listed if not a.isSeparator())
    assert view.findChildren(QShortcut) == []  # no hidden key left on the screen itself
    shell = [
        a.shortcut().toString()
        for a in window.actions()
        if not a.shortcut().isEmpty() and a not in listed
    ]
    every = keys + shell + [LOCK_SHORTCUT]
    assert len(every) == len(set(every)), sorted(every)
