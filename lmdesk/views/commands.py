"""A screen's keyboard commands as QActions the shell lists in its menus, shortcut shown.

A view makes each command with :func:`command` instead of a hidden ``QShortcut`` and offers them
through ``file_actions()`` (print, export: the File menu), ``edit_actions()`` (new, save, find,
correct: the Edit menu) and ``view_actions()`` (a screen's tabs: the View menu). The shell puts
the shown view's actions into its menus when the view is shown, so a menu lists exactly what the
keys do on that screen. The action's text is marked with ``N_()`` and translated by the shell
each time it fills the menu (a language switch needs nothing from the view).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from lmdesk.i18n import _

TEXT_PROPERTY = "lmdesk_text"

Keys = str | QKeySequence.StandardKey


def key_sequence(keys: Keys) -> QKeySequence:
    """A standard key (Print, Find, Save, New ...: the platform's own binding) or a literal."""
    return QKeySequence(keys)


def command(owner: QWidget, text: str, slot: Callable[[], object], keys: Keys) -> QAction:
    """An action on ``owner`` with its keys, active while ``owner`` is shown (a hidden view's
    commands are not).

    ``text`` is marked with ``N_()``; the shell shows it translated."""
    action = QAction(_(text), owner)
    action.setProperty(TEXT_PROPERTY, text)
    action.setProperty("shortcut", key_sequence(keys))  # not setShortcut: see main_window
    # The default context, WindowShortcut, as a QShortcut(owner) had: (setting it would load
    # PySide's Qt namespace, ~15 ms, before the first paint.)
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def translate_action(action: QAction) -> None:
    """Re-read the text of an action made by :func:`command` (others translate themselves)."""
    text = action.property(TEXT_PROPERTY)
    if isinstance(text, str) and text:
        action.setText(_(text))


def offered(view: QWidget | None, kind: str) -> list[QAction]:
    """The view's ``file_actions()`` / ``edit_actions()`` / ``view_actions()``, or none."""
    method = getattr(view, f"{kind}_actions", None)
    if not callable(method):
        return []
    actions = method()
    return [a for a in actions if isinstance(a, QAction)]
