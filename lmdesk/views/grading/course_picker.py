"""Choose the patient and the course an AE is recorded on.

The patient comes from the shared ``PatientPicker`` (a bounded query as the user types),
so the grading screen never lists every patient.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from lmdesk.i18n import _
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.common.course_box import add_course_items, relabel_course_items
from lmdesk.views.common.patient_context import PatientContext
from lmdesk.views.common.patient_picker import PatientPicker


class CoursePicker(QWidget):
    """Emits ``changed(course_id or None, same)``; ``same`` is True when the list was re-read
    and the chosen course stayed the same (so the caller keeps its work in progress)."""

    changed = Signal(object, bool)

    def __init__(
        self,
        stores: SchedulerStores,
        parent: QWidget | None = None,
        shared: PatientContext | None = None,
    ) -> None:
        super().__init__(parent)
        self._stores = stores
        self.patient_picker = PatientPicker(stores.patients, shared=shared)
        self.course_box = QComboBox()
        self.patient_picker.chosen.connect(self._load_courses)
        self.course_box.currentIndexChanged.connect(
            lambda _i: self.changed.emit(self.course_box.currentData(), False)
        )
        self.patient_label, self.course_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.patient_label, self.patient_picker)
        form.addRow(self.course_label, self.course_box)
        self.retranslate()

    def refresh(self) -> None:
        """Re-read the chosen patient (or take the most recently changed) and its courses."""
        self.patient_picker.refresh()
        self._load_courses()

    def _load_courses(self, *_args: object) -> None:
        mrn = self.patient_picker.current_mrn()
        current = self.course_box.currentData()
        self.course_box.blockSignals(True)
        self.course_box.clear()
        if mrn:
            add_course_items(self.course_box, self._stores.courses.for_patient(mrn))
        kept = self.course_box.findData(current) if current is not None else -1
        self.course_box.setCurrentIndex(kept if kept >= 0 else self.course_box.count() - 1)
        self.course_box.blockSignals(False)
        self.changed.emit(self.course_box.currentData(), kept >= 0)

    def select(self, mrn: str, course_id: int) -> None:
        if self.patient_picker.select_mrn(mrn, emit=False):
            self._load_courses()
        self.course_box.setCurrentIndex(self.course_box.findData(course_id))

    def retranslate(self) -> None:
        self.patient_label.setText(_("Patient"))
        self.patient_picker.retranslate()
        self.course_label.setText(_("Course"))
        relabel_course_items(self.course_box)
