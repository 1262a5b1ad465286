"""Find a course by its patient: type MRN or name, then pick one of that patient's courses.

For screens that need a course id (the PK curves) without the user knowing course
numbers. The patient comes from ``PatientPicker`` (a bounded query as the user types);
only the chosen patient's courses are read.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.common.course_box import add_course_items, relabel_course_items
from lmdesk.views.common.patient_context import PatientContext
from lmdesk.views.common.patient_picker import PatientPicker


class CourseFinder(QWidget):
    """Emits ``course_chosen(course id)`` when a course of the chosen patient is picked."""

    course_chosen = Signal(int)

    def __init__(
        self,
        patients: PatientRepository,
        courses: CourseRepository,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
        shared: PatientContext | None = None,
    ) -> None:
        super().__init__(parent)
        self._courses = courses
        self.patient_picker = PatientPicker(patients, compact=compact, shared=shared)
        self.patient_picker.chosen.connect(self._load_courses)
        self.course_box = QComboBox()
        self.course_box.setObjectName("course_finder_courses")
        self.course_box.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.patient_picker)
        layout.addWidget(self.course_box)

    def _load_courses(self, *_args: object) -> None:
        """List the chosen patient's courses, newest first, and offer the newest."""
        mrn = self.patient_picker.current_mrn()
        self.course_box.clear()
        found = self._courses.for_patient(mrn) if mrn else []
        add_course_items(self.course_box, reversed(found))
        if self.course_box.count():
            self._activated(0)

    def show_course(self, mrn: str, course_id: int) -> None:
        """Show ``course_id`` of ``mrn`` without emitting or publishing (put back after the
        user kept unsaved work on it)."""
        self.patient_picker.select_mrn(mrn, emit=False, share=False)
        self.course_box.clear()
        add_course_items(self.course_box, reversed(self._courses.for_patient(mrn)))
        self.course_box.setCurrentIndex(self.course_box.findData(course_id))

    def _activated(self, index: int) -> None:
        course_id = self.course_box.itemData(index)
        if isinstance(course_id, int):
            self.course_chosen.emit(course_id)

    def current_course(self) -> int | None:
        data = self.course_box.currentData()
        return data if isinstance(data, int) else None

    def retranslate(self) -> None:
        self.patient_picker.retranslate()
        relabel_course_items(self.course_box)
