"""The plan dialog previews at least one session for every catalog protocol; where the
sources leave the schedule open it shows the default as not confirmed and saves it only
after the clinician ticks the confirmation or enters numbers."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.courses.plan_dialog import PlanCourseDialog
from lmdesk.views.courses.session_table import COLUMNS
from lmdesk.views.courses.status_style import UNCONFIRMED_COLOUR

STATUS = COLUMNS.index("Status")


@pytest.fixture
def dialog(qtbot, ctx):
    patient = PatientRepository(ctx.patients).add(Patient(mrn="P1", name="Test"))
    stores = SchedulerStores(ctx.reference, ctx.patients)
    box = PlanCourseDialog(stores, patient, datetime(2027, 1, 4, 9, 0), "tester")
    qtbot.addWidget(box)
    return box, stores


def choose(box, protocol_id):
    index = box.protocol.findData(protocol_id)
    assert index >= 0, protocol_id
    box.protocol.setCurrentIndex(index)


def save_button(box):
    return box.buttons.button(box.buttons.StandardButton.Save)


def test_every_protocol_previews_at_least_one_session(dialog):
    box, stores = dialog
    ids = [p.id for p in stores.protocols.list(include_custom=False)]
    assert len(ids) >= 12
    for protocol_id in ids:
        choose(box, protocol_id)
        assert box.sessions.rowCount() >= 1, (protocol_id, box.findings.text())


def test_open_schedule_is_saved_only_after_confirming(qtbot, dialog):
    box, _stores = dialog
    choose(box, "pemetrexed-li2023-ommaya")
    assert box.sessions.rowCount() == 4
    status = box.sessions.index(0, STATUS).data()
    assert "not confirmed" in status
    background = box.sessions.index(0, STATUS).data(Qt.ItemDataRole.BackgroundRole)
    assert background.name() == UNCONFIRMED_COLOUR
    assert "NOT CONFIRMED" in box.findings.text()
    assert box.confirm_default.isVisibleTo(box)
    assert not save_button(box).isEnabled()
    qtbot.mouseClick(box.confirm_default, Qt.MouseButton.LeftButton)
    assert box.confirm_default.isChecked()
    assert "not confirmed" not in box.sessions.index(0, STATUS).data()
    assert save_button(box).isEnabled()
    qtbot.mouseClick(save_button(box), Qt.MouseButton.LeftButton)
    assert box.course is not None and box.course.id is not None
    assert [c.origin for c in box.course.schedule_choices] == ["default_confirmed"]


def test_confirmation_does_not_carry_over_to_another_protocol(qtbot, dialog):
    box, _stores = dialog
    choose(box, "pemetrexed-li2023-ommaya")
    box.confirm_default.setChecked(True)
    choose(box, "sintilimab-lmis")
    assert not box.confirm_default.isChecked()
    assert not save_button(box).isEnabled()


def test_entered_numbers_replace_the_default(qtbot, dialog):
    box, _stores = dialog
    choose(box, "sintilimab-lmis")
    assert box.sessions.rowCount() == 3
    box.every.setValue(21)
    box.count.setValue(2)
    assert box.sessions.rowCount() == 2
    assert save_button(box).isEnabled()
    assert "not confirmed" not in box.sessions.index(1, STATUS).data()


def test_confirmed_protocols_show_no_confirmation_box(dialog):
    box, _stores = dialog
    choose(box, "pemetrexed-pan2019")
    assert not box.confirm_default.isVisibleTo(box)


def test_maintenance_start_is_a_default_to_confirm_by_click(qtbot, dialog):
    """Issue 22: the first monthly dose is no silent fifth weekly one; saving waits for a tick."""
    box, _stores = dialog
    choose(box, "mtx-classic")
    box.maintenance.setValue(1)
    assert box.confirm_default.isVisibleTo(box)
    save = box.buttons.button(box.buttons.StandardButton.Save)
    assert not save.isEnabled()
    assert "NOT CONFIRMED" in box.findings.text()
    qtbot.mouseClick(box.confirm_default, Qt.MouseButton.LeftButton)
    assert save.isEnabled()
