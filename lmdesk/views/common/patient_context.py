"""The patient the user is working on, shared by every screen of one window.

Courses, assessment and AE grading each had a patient field of their own, so grading opened
on another patient than the one just used. A ``PatientContext`` holds the MRN last chosen on
any screen; each screen's ``PatientPicker`` publishes a choice to it and follows it (a hidden
screen when it is next shown, so a question about unsaved work is asked where the user
looks). One lives on the ``AppContext`` of the window (``shared_patient``); no global.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from lmdesk.app_context import AppContext


class PatientContext(QObject):
    """Emits ``changed(mrn)`` when another patient is chosen on any screen."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mrn = ""

    def mrn(self) -> str:
        return self._mrn

    def set_mrn(self, mrn: str) -> None:
        if mrn and mrn != self._mrn:
            self._mrn = mrn
            self.changed.emit(mrn)


def shared_patient(ctx: AppContext) -> PatientContext:
    """The window's one patient context, made on first use and kept on ``ctx``."""
    found = ctx.patient_focus
    if not isinstance(found, PatientContext):
        found = PatientContext()
        ctx.patient_focus = found
    return found
