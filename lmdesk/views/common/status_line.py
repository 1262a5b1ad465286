"""A screen's result line: what the last action said, in the language it was said in.

A result is formatted when it is said ("Saved", a refusal, a file's path); after a live
language switch it would stay in the old language. Lines marked with ``status_line`` are
cleared by the shell's retranslation (before the screens retranslate, so a screen that can
say its state again in the new language does), and so is the status bar's message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

PROPERTY = "lmdeskStatusLine"

#: How a result that stops or fails is said: bold, in the danger red every screen uses.
DANGER_STYLE = "color: #b00020; font-weight: bold;"


def status_line(label: QLabel) -> QLabel:
    """Mark ``label`` as a result line (cleared when the language changes); return it."""
    label.setProperty(PROPERTY, True)
    return label


def clear_status_lines(root: QWidget) -> None:
    """Clear every marked result line under ``root`` and a main window's bar message."""
    if isinstance(root, QMainWindow):
        root.statusBar().clearMessage()
    for label in root.findChildren(QLabel):
        if label.property(PROPERTY):
            label.clear()
            label.setStyleSheet("")
