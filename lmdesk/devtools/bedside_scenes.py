"""Screenshot scenes of the pre-dose gate's worked example (issue 22): a patient with low
platelets and apixaban stopped at the give dialog, then given once the platelets recovered and
the apixaban hold time passed; and today's IT doses worklist."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QSize, QTime
from PySide6.QtWidgets import QDialog

from lmdesk.devtools import bedside_demo as demo
from lmdesk.devtools.screenshot_stage import Stage, by_language, click, settle
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.labs_repo import LabsRepository

if TYPE_CHECKING:
    from lmdesk.models.scheduling.course import Course
    from lmdesk.views.courses.course_view import CoursesView

EXAMPLE_MRN = "DEMO-0100"
#: The course starts three days before the demo's "now"; apixaban was taken the night before.
START_DAYS_BEFORE = 3


def _at(stage: Stage, days_before: int, hour: int, minute: int = 0) -> datetime:
    now = stage.ctx.clock.now()
    day = now.date() - timedelta(days=days_before)
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


def example_course(stage: Stage) -> Course:
    """The worked example's patient and course (made once per demo database)."""
    ctx = stage.ctx
    repo = CourseRepository(ctx.patients)
    existing = repo.for_patient(EXAMPLE_MRN) if _has_patient(stage) else []
    if existing:
        return existing[-1]
    demo.add_patient(ctx, EXAMPLE_MRN, by_language(stage.language, "Zhao Liu", "赵六"))
    start = ctx.clock.today() - timedelta(days=START_DAYS_BEFORE)
    course = demo.verify(ctx, demo.add_course(ctx, start=start, mrn=EXAMPLE_MRN))
    demo.add_labs(ctx, platelets="30", at=_at(stage, START_DAYS_BEFORE, 7), mrn=EXAMPLE_MRN)
    hours = (ctx.clock.now() - _at(stage, START_DAYS_BEFORE + 1, 21)).total_seconds() / 3600
    demo.add_apixaban(ctx, hours_ago=hours, mrn=EXAMPLE_MRN)
    return course


def _has_patient(stage: Stage) -> bool:
    from lmdesk.store.patient_repo import PatientRepository

    try:
        PatientRepository(stage.ctx.patients).by_mrn(EXAMPLE_MRN)
    except Exception:
        return False
    return True


def _courses(stage: Stage, course: Course) -> CoursesView:
    from lmdesk.views.courses.course_view import CoursesView

    view = stage.view("courses", CoursesView)
    view.open_course(EXAMPLE_MRN, course.id or 0, 1)
    return view


def _set_when(dialog: QDialog, at: datetime) -> None:
    from lmdesk.views.courses.give_dialog import GiveDialog

    if isinstance(dialog, GiveDialog):
        dialog.when.setDateTime(
            QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute))
        )


def bedside_gate_stop(stage: Stage) -> None:
    """The give dialog on the planned morning: low platelets and apixaban stop the dose."""
    course = example_course(stage)
    view = _courses(stage, course)

    def look(dialog: QDialog) -> None:
        _set_when(dialog, _at(stage, START_DAYS_BEFORE, 9))
        dialog.resize(dialog.sizeHint().expandedTo(QSize(980, 760)))
        stage.shoot(dialog)

    stage.in_modal(lambda: click(view.buttons["give"]), look)


def bedside_gate_given(stage: Stage) -> None:
    """Platelets recovered and the apixaban hold passed: given; the history records it."""
    course = example_course(stage)
    ctx = stage.ctx
    if CourseRepository(ctx.patients).get(course.id or 0).session(1).status != "given":  # type: ignore[union-attr]
        demo.add_labs(ctx, platelets="128", at=_at(stage, 0, 8), mrn=EXAMPLE_MRN)
        view = _courses(stage, course)

        def give(dialog: QDialog) -> None:
            from lmdesk.views.courses.give_dialog import GiveDialog

            if isinstance(dialog, GiveDialog):
                dialog.who.setText(by_language(stage.language, "Nurse Li", "李护士"))
                dialog.recheck()
                settle(0.2)
                click(dialog.give_button)

        stage.in_modal(lambda: click(view.buttons["give"]), give)
    view = _courses(stage, course)
    view.show_bedside_tab()
    stage.shoot(view)


def bedside_today(stage: Stage) -> None:
    """The IT doses worklist of a chosen day across patients, with their pre-dose status."""
    from lmdesk.views.today.today_view import TodayView

    example_course(stage)
    LabsRepository(stage.ctx.patients)  # the worklist reads the same records
    view = stage.view("today", TodayView)
    # The example's own day: its dose is given, and the worklist says so (a second IT dose
    # that day would break the interval rules, worded in the reader's language).
    today = stage.ctx.clock.today()
    view.day.setDate(QDate(today.year, today.month, today.day))
    view.refresh()
    deadline = 100
    while view.loading() and deadline:
        settle(0.1)
        deadline -= 1
    stage.shoot(view)
