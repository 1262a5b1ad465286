"""The AE form starts empty for the next event (issue 26): the previous event's note,
attribution and step reason were carried over to the next one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.toxicity_rules import Attribution, Step
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.grading.grading_view import GradingView


def _course(ctx: Any) -> Any:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(Patient(mrn="LM-1", name="Test Patient"))
    plan = plan_course(
        stores.protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=date(2027, 1, 4)),
        stores.protocols.limits(),
        None,
    )
    return stores.courses.add(course_from_plan(plan, "LM-1", "Dr A", datetime(2027, 1, 3, 9)))


def _view(qtbot: Any, ctx: Any) -> GradingView:
    view = GradingView(ctx, confirm=lambda _question: True)
    qtbot.addWidget(view)
    return view


def _type_lab(qtbot: Any, view: GradingView, term: str, value: str, unit: str, lln: str) -> None:
    view.lab.select_term(term)
    view.lab.value_edit.clear()
    qtbot.keyClicks(view.lab.value_edit, value)
    view.lab.unit_box.setCurrentText(unit)
    view.lab.lln_edit.clear()
    qtbot.keyClicks(view.lab.lln_edit, lln)
    qtbot.mouseClick(view.lab.grade_button, Qt.MouseButton.LeftButton)


def test_the_next_event_starts_without_the_previous_note_and_reason(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Platelet count decreased", "42", "10^9/L", "125")
    record = view.record
    record.attribution_box.setCurrentIndex(record.attribution_box.findData(Attribution.PROCEDURE))
    qtbot.keyClicks(record.note_edit, "bleeding at the puncture site")
    qtbot.mouseClick(record.record_button, Qt.MouseButton.LeftButton)
    first = AdverseEventRepository(ctx.patients).for_course(course.id)
    assert [a.note for a in first] == ["bleeding at the puncture site"]
    record.choose_step(Step.HOLD)
    assert "Platelet" in record.reason_edit.text()
    # a second, different event is graded: nothing of the first one is kept
    _type_lab(qtbot, view, "Neutrophil count decreased", "700", "/mm3", "2000")
    assert record.note_edit.text() == ""
    assert record.attribution_box.currentIndex() == 0
    assert record.reason_edit.text() == "" and record.dose_edit.text() == ""
    qtbot.mouseClick(record.record_button, Qt.MouseButton.LeftButton)
    notes = [a.note for a in AdverseEventRepository(ctx.patients).for_course(course.id)]
    assert sorted(notes) == ["", "bleeding at the puncture site"]
