"""Guard: PySide6 6.12.0 under Python 3.11 decrements None's refcount on every void call.

None's count starts near 16 000, so after that many Qt calls (a minute of PK what-if)
the process died with "deallocating None". pyproject pins PySide6 below 6.12; this test
fails if a build with the bug comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QGraphicsRectItem, QLabel


def test_void_qt_calls_do_not_release_none(qtbot) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    item = QGraphicsRectItem()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("y")
        item.setPos(1.0, 2.0)
        item.setVisible(True)
    assert sys.getrefcount(None) - before > -100
