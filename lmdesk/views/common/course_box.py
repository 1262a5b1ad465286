"""Course pickers' items: the protocol named in the viewer's language, kept so after a switch."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from lmdesk.i18n import current_language
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.labels import course_choice_label

COURSE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Course itself; UserRole holds its id


def add_course_items(box: QComboBox, courses: Iterable[Course]) -> None:
    """Append one item per course (data: the course id), labelled in the active language."""
    for course in courses:
        box.addItem(course_choice_label(course, current_language()), course.id)
        box.setItemData(box.count() - 1, course, COURSE_ROLE)


def relabel_course_items(box: QComboBox) -> None:
    """Re-word every course item in the active language (after a language switch)."""
    for index in range(box.count()):
        course = box.itemData(index, COURSE_ROLE)
        if isinstance(course, Course):
            box.setItemText(index, course_choice_label(course, current_language()))
