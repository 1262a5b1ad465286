"""Finding a course by typing its patient, then choosing among that patient's courses."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.views.common.course_finder import CourseFinder


def test_typing_a_patient_offers_their_courses_newest_first(
    qtbot: Any, ctx: Any, reference: Any
) -> None:
    patients, courses = PatientRepository(ctx.patients), CourseRepository(ctx.patients)
    patients.add(Patient(mrn="P1", name="Pk Patient"))
    patients.add(Patient(mrn="P2", name="Someone Else"))
    protocols = ProtocolRepository(reference)
    made = []
    for start in (date(2027, 1, 4), date(2027, 3, 1)):
        plan = plan_course(
            protocols.get("mtx-classic"),
            PlanOptions(start=start, confirm_default_schedule=True),
            protocols.limits(),
            None,
        )
        made.append(courses.add(course_from_plan(plan, "P1", "Dr A", ctx.clock.now())))
    finder = CourseFinder(patients, courses)
    qtbot.addWidget(finder)
    finder.show()
    qtbot.waitExposed(finder)
    assert finder.course_box.count() == 0  # nobody chosen yet: nothing read
    finder.patient_picker.edit.setFocus()
    qtbot.keyClicks(finder.patient_picker.edit, "pk pat")
    with qtbot.waitSignal(finder.course_chosen) as chosen:
        qtbot.keyClick(finder.patient_picker.edit, Qt.Key.Key_Return)  # the only match
    assert chosen.args == [made[1].id]  # the newest course is offered first
    assert finder.course_box.count() == 2
    assert (
        finder.course_box.itemText(1)
        == f"#{made[0].id} Methotrexate IT, classic schedule (2027-01-04)"
    )
    with qtbot.waitSignal(finder.course_chosen) as chosen:
        finder.course_box.activated.emit(1)
    assert chosen.args == [made[0].id]
    finder.patient_picker.select_mrn("P2")
    assert finder.course_box.count() == 0 and finder.current_course() is None


def test_pk_screen_loads_the_course_of_the_typed_patient(
    qtbot: Any, ctx: Any, reference: Any
) -> None:
    from lmdesk.views.pk.pk_view import PkView

    patients, courses = PatientRepository(ctx.patients), CourseRepository(ctx.patients)
    patients.add(Patient(mrn="PK9", name="Curve Patient"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    course = courses.add(course_from_plan(plan, "PK9", "Dr A", ctx.clock.now()))
    view = PkView(ctx)
    qtbot.addWidget(view)
    finder = view.course_finder
    assert finder is not None and not finder.isEnabled()  # only for "Patient course"
    c = view.controls
    c.schedule.setCurrentIndex(c.schedule.findData("course"))
    assert finder.isEnabled()
    finder.patient_picker.edit.setFocus()
    qtbot.keyClicks(finder.patient_picker.edit, "pk9")
    qtbot.keyClick(finder.patient_picker.edit, Qt.Key.Key_Return)  # exact MRN
    assert c.course_id.value() == course.id
    assert view.course is not None and len(view.course) > 4
    assert view.result is not None and view.result.curves.doses.times_h[1] == 72.0
    view.pool.waitForDone(30000)
