"""Unsaved edits are never dropped without asking (issue 26): "Edit selected" threw a filled-in,
unsaved assessment away; so did choosing another patient. Save, Discard and Cancel each do
what they say."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.assessment.assessment_view import AssessmentView


def _course(ctx: Any, mrn: str, name: str) -> int:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(Patient(mrn=mrn, name=name))
    plan = plan_course(
        stores.protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=date(2026, 12, 14)),
        stores.protocols.limits(),
        None,
    )
    course = stores.courses.add(course_from_plan(plan, mrn, "Dr A", datetime(2026, 12, 1, 9)))
    assert course.id is not None
    return course.id


class Unsaved:
    """Answers the unsaved-changes question as the user would, and remembers being asked."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, question: str) -> str:
        self.asked.append(question)
        return self.answer


def _view(qtbot: Any, ctx: Any, unsaved: Unsaved) -> AssessmentView:
    view = AssessmentView(
        ctx, confirm=lambda _q: True, ask_path=lambda *_a: "", ask_unsaved=unsaved
    )
    qtbot.addWidget(view)
    view.resize(1300, 760)
    view.show()
    return view


def _pick(qtbot: Any, view: AssessmentView, mrn: str) -> None:
    picker = view.finder.patient_picker
    picker.edit.setFocus()
    picker.edit.selectAll()
    qtbot.keyClicks(picker.edit, mrn)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)


def _saved_one(qtbot: Any, ctx: Any, view: AssessmentView, course_id: int) -> None:
    view.form.date.setDate(view.form.date.date().addDays(-3))  # the baseline, days ago
    view.form.performance.kps.setCurrentIndex(view.form.performance.kps.findData(60))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert len(AssessmentRepository(ctx.patients).for_course(course_id)) == 1
    view.history.table.selectRow(0)


def _fill(view: AssessmentView) -> None:
    """A new follow-up typed in (dated after the baseline), not saved."""
    view.form.date.setDate(view.form.date.maximumDate())  # today
    kps = view.form.performance.kps
    kps.setCurrentIndex(kps.findData(80))
    assert view.form.is_dirty()


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_edit_selected_asks_before_dropping_a_filled_in_form(
    qtbot: Any, ctx: Any, answer: str
) -> None:
    course_id = _course(ctx, "LM-8", "Test")
    unsaved = Unsaved(answer)
    view = _view(qtbot, ctx, unsaved)
    _pick(qtbot, view, "LM-8")
    _saved_one(qtbot, ctx, view, course_id)
    assert not view.form.is_dirty() and not unsaved.asked  # a clean form is not asked about
    _fill(view)
    qtbot.mouseClick(view.history.edit_button, Qt.MouseButton.LeftButton)
    assert len(unsaved.asked) == 1
    stored = AssessmentRepository(ctx.patients).for_course(course_id)
    if answer == "cancel":
        assert view.form.editing is None and view.form.performance.kps.currentData() == 80
        assert len(stored) == 1
    elif answer == "discard":
        assert view.form.editing is not None and view.form.performance.kps.currentData() == 60
        assert len(stored) == 1
    else:
        assert sorted(a.kps for a in stored) == [60, 80]


def test_choosing_another_patient_asks_and_cancel_keeps_the_form(qtbot: Any, ctx: Any) -> None:
    first = _course(ctx, "LM-8", "Test")
    _course(ctx, "LM-9", "Other")
    unsaved = Unsaved("cancel")
    view = _view(qtbot, ctx, unsaved)
    _pick(qtbot, view, "LM-8")
    assert view.course is not None and view.course.id == first
    kps = view.form.performance.kps
    kps.setCurrentIndex(kps.findData(70))
    _pick(qtbot, view, "LM-9")
    assert len(unsaved.asked) == 1
    assert view.course.id == first and kps.currentData() == 70  # nothing dropped
    assert view.finder.patient_picker.current_mrn() == "LM-8"
    unsaved.answer = "discard"
    _pick(qtbot, view, "LM-9")
    assert view.course.patient_mrn == "LM-9" and not view.form.is_dirty()
