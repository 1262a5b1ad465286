"""Date boxes that can say "not known yet" as "—" instead of an arbitrary date."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

#: The box's minimum, shown as "—": an unset box used to read "2000-01-01 周六".
UNKNOWN_DATE = QDate(1900, 1, 1)


def dash_when_unknown(edit: QDateEdit) -> QDateEdit:
    """Let ``edit`` show "—" at :data:`UNKNOWN_DATE`, and start it there."""
    edit.setMinimumDate(UNKNOWN_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(UNKNOWN_DATE)
    return edit


def is_unknown(edit: QDateEdit) -> bool:
    return edit.date() == UNKNOWN_DATE
