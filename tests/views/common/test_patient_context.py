"""One patient context for every screen (issue 26): AE grading opened on another patient than
the one just used in Courses and Assessment; while a new patient was typed in Courses, the
old patient's action buttons stayed live."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.assessment.assessment_view import AssessmentView
from lmdesk.views.common.patient_context import shared_patient
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.grading.grading_view import GradingView

pytestmark = pytest.mark.usefixtures("staff")


def _patient_with_course(ctx: Any, mrn: str, name: str) -> int:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(Patient(mrn=mrn, name=name))
    plan = plan_course(
        stores.protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=date(2027, 1, 4)),
        stores.protocols.limits(),
        None,
    )
    course = stores.courses.add(course_from_plan(plan, mrn, "Dr A", datetime(2027, 1, 3, 9)))
    assert course.id is not None
    return course.id


def _choose(qtbot: Any, picker: Any, mrn: str) -> None:
    picker.edit.setFocus()
    picker.edit.selectAll()
    qtbot.keyClicks(picker.edit, mrn)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)


def test_grading_and_assessment_open_on_the_patient_used_in_courses(qtbot: Any, ctx: Any) -> None:
    _patient_with_course(ctx, "P-1", "First")
    second = _patient_with_course(ctx, "P-2", "Second")
    _patient_with_course(ctx, "P-3", "Newest")  # the "most recent" the screens fell back to
    courses = CoursesView(ctx)
    grading = GradingView(ctx, confirm=lambda _q: True)
    assessment = AssessmentView(ctx, confirm=lambda _q: True, ask_path=lambda *_a: "")
    for view in (courses, grading, assessment):
        qtbot.addWidget(view)
    courses.show()
    _choose(qtbot, courses.patient_picker, "P-2")
    assert courses.patient_picker.current_mrn() == "P-2"
    assert shared_patient(ctx).mrn() == "P-2"
    courses.hide()
    grading.show()  # a hidden screen follows when it is shown
    assert grading.record.picker.patient_picker.current_mrn() == "P-2"
    assert grading.record.course is not None and grading.record.course.id == second
    grading.hide()
    assessment.show()
    assert assessment.finder.patient_picker.current_mrn() == "P-2"
    assert assessment.course is not None and assessment.course.id == second
    _choose(qtbot, assessment.finder.patient_picker, "P-1")
    assessment.hide()
    courses.show()
    assert courses.patient_picker.current_mrn() == "P-1"
    assert courses.course is not None and courses.course.patient_mrn == "P-1"


def test_typing_another_patient_turns_the_shown_patients_actions_off(qtbot: Any, ctx: Any) -> None:
    _patient_with_course(ctx, "P-1", "First")
    courses = CoursesView(ctx)
    qtbot.addWidget(courses)
    courses.show()
    _choose(qtbot, courses.patient_picker, "P-1")
    assert courses.buttons["hold"].isEnabled() and courses.plan_button.isEnabled()
    picker = courses.patient_picker
    picker.edit.setFocus()
    picker.edit.selectAll()
    qtbot.keyClicks(picker.edit, "zz")  # a patient that is not saved
    assert not picker.names_current()
    for button in (*courses.buttons.values(), courses.plan_button, courses.bedside.add_lab):
        assert not button.isEnabled(), button.text()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)  # back to the chosen patient
    assert picker.names_current() and courses.buttons["hold"].isEnabled()
