"""What the user types is kept (issue 26): the plan dialog's dose box no longer reverts a typed
dose to the protocol's maximum, the dialog opens with no protocol chosen (unsavable), and an
empty reason leaves the hold dialog open with a message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit

from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.courses.action_dialogs import Asker
from lmdesk.views.courses.plan_dialog import PlanCourseDialog


def _dialog(qtbot: Any, ctx: Any) -> PlanCourseDialog:
    patient = PatientRepository(ctx.patients).add(Patient(mrn="K1", name="Test"))
    stores = SchedulerStores(ctx.reference, ctx.patients)
    box = PlanCourseDialog(stores, patient, datetime(2027, 1, 4, 9, 0), "tester")
    qtbot.addWidget(box)
    return box


def _save(box: PlanCourseDialog) -> Any:
    return box.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_the_plan_dialog_opens_with_nothing_chosen_and_unsavable(qtbot: Any, ctx: Any) -> None:
    box = _dialog(qtbot, ctx)
    assert box.protocol.currentIndex() == -1 and box.protocol.currentData() is None
    assert not _save(box).isEnabled()
    assert box.sessions.rowCount() == 0
    box.protocol.setCurrentIndex(box.protocol.findData("mtx-classic"))
    assert box.sessions.rowCount() > 0


def test_a_typed_dose_is_kept_and_refused_by_the_rules_with_a_message(qtbot: Any, ctx: Any) -> None:
    box = _dialog(qtbot, ctx)
    box.protocol.setCurrentIndex(box.protocol.findData("mtx-classic"))
    box.show()
    line = box.dose.lineEdit()
    box.dose.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "100")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert box.dose.value() == 100  # was reverted to the protocol's maximum
    assert "100" in line.text()
    assert not _save(box).isEnabled()
    assert "100" in box.findings.text()  # the dose rules say why, in the dialog


def test_hold_with_an_empty_reason_stays_open_with_a_message(qtbot: Any) -> None:
    asker = Asker()
    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # nothing typed
        seen["open"] = dialog.isVisible()
        message = dialog.findChild(QLabel, "reason_message")
        seen["message"] = message.text() if message is not None and message.isVisible() else ""
        qtbot.keyClicks(dialog.findChild(QLineEdit), "platelets 40")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    reason = asker.text("Hold session", "Reason for holding:")
    assert seen["open"] is True and seen["message"]
    assert reason == "platelets 40"
