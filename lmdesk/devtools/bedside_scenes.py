"""Screenshot scenes of the pre-dose gate's worked example (issue 22): a patient with low
platelets and apixaban stopped at the give dialog, then given once the platelets recovered and
the apixaban hold time passed; today's IT doses worklist; and the course's printed sheet.

The patient had an earlier methotrexate course (one dose, then stopped), so the sheet's
cumulative dose counts two courses. The example's course began a week before the demo's "now":
its first dose was given over a gate stop (no fresh labs in the record that morning) with a
typed reason, so the sheet and the audit trail show an override; the second session is the one
the gate stopped, given today; a grade 3 arachnoiditis recorded after it stands on the "Before
the dose" tab, the worklist and the sheet.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QSize, QTime
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QDialog

from lmdesk.devtools import bedside_demo as demo
from lmdesk.devtools.screenshot_stage import Stage, by_language, choose, click, settle, wait_for
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.ctcae.rules import DEFAULT_VERSION
from lmdesk.models.scheduling import course_actions
from lmdesk.models.scheduling.gate import give_checked
from lmdesk.models.scheduling.toxicity_rules import Attribution
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.protocol_repo import ProtocolRepository

if TYPE_CHECKING:
    from lmdesk.models.scheduling.course import Course
    from lmdesk.views.courses.course_view import CoursesView

EXAMPLE_MRN = "DEMO-0100"
#: The course starts a week before the demo's "now" (session 1, given over a stop); session 2
#: falls START_DAYS_BEFORE - STOPPED_DAYS_BEFORE days later, the morning the gate stopped it.
START_DAYS_BEFORE = 7
#: The morning of session 2: platelets 30 and apixaban taken the night before.
STOPPED_DAYS_BEFORE = 4
STOPPED_SESSION = 2
#: The earlier course: one dose six weeks before, then stopped.
EARLIER_DAYS_BEFORE = 42
#: The grade >= 3 adverse event recorded after today's dose.
EXAMPLE_AE = "Arachnoiditis"
#: Sheet pages are rendered at the dpi of the other sheet scenes.
SHEET_DPI = 80


def _at(stage: Stage, days_before: int, hour: int, minute: int = 0) -> datetime:
    now = stage.ctx.clock.now()
    day = now.date() - timedelta(days=days_before)
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


def example_course(stage: Stage) -> Course:
    """The worked example's patient and course (made once per demo database): verified the
    day before it began, session 1 given over the gate's "no labs" stop with a typed reason,
    then the labs and the apixaban of session 2's morning."""
    ctx = stage.ctx
    repo = CourseRepository(ctx.patients)
    existing = repo.for_patient(EXAMPLE_MRN) if _has_patient(stage) else []
    if existing:
        return existing[-1]
    lang = stage.language
    demo.add_patient(ctx, EXAMPLE_MRN, by_language(lang, "Zhao Liu", "赵六"))
    _earlier_course(stage)
    start = ctx.clock.today() - timedelta(days=START_DAYS_BEFORE)
    course = demo.add_course(ctx, start=start, mrn=EXAMPLE_MRN)
    verifier = by_language(lang, "Dr Wang", "王医生")
    verified = course_actions.verify(course, verifier, _at(stage, START_DAYS_BEFORE + 1, 16))
    course = repo.apply(course, verified)
    first = _at(stage, START_DAYS_BEFORE, 10)
    inp = BedsideStores(ctx.reference, ctx.patients).gate_input(
        course, 1, at=first, given_by=by_language(lang, "Dr Chen", "陈医生")
    )
    action, _result = give_checked(
        inp,
        now=first,
        limits=ProtocolRepository(ctx.reference).limits(),
        override_reason=by_language(
            lang,
            "Blood count and INR of the day before from the referring hospital "
            "(platelets 156, INR 1.0) read on paper; entered later",
            "前一日转诊医院血常规及 INR（血小板 156，INR 1.0）纸质报告已核对，稍后录入",
        ),
    )
    course = repo.apply(course, action)
    demo.add_labs(ctx, platelets="30", at=_at(stage, STOPPED_DAYS_BEFORE, 7), mrn=EXAMPLE_MRN)
    hours = (ctx.clock.now() - _at(stage, STOPPED_DAYS_BEFORE + 1, 21)).total_seconds() / 3600
    demo.add_apixaban(ctx, hours_ago=hours, mrn=EXAMPLE_MRN)
    return course


def _earlier_course(stage: Stage) -> None:
    """Six weeks before: one methotrexate dose with good labs, then the course was stopped."""
    ctx = stage.ctx
    lang = stage.language
    repo = CourseRepository(ctx.patients)
    start = ctx.clock.today() - timedelta(days=EARLIER_DAYS_BEFORE)
    course = demo.add_course(ctx, start=start, mrn=EXAMPLE_MRN)
    at = _at(stage, EARLIER_DAYS_BEFORE + 1, 16)
    course = repo.apply(
        course, course_actions.verify(course, by_language(lang, "Dr Wang", "王医生"), at)
    )
    demo.add_labs(ctx, at=_at(stage, EARLIER_DAYS_BEFORE, 7), mrn=EXAMPLE_MRN)
    given = _at(stage, EARLIER_DAYS_BEFORE, 10)
    inp = BedsideStores(ctx.reference, ctx.patients).gate_input(
        course, 1, at=given, given_by=by_language(lang, "Dr Chen", "陈医生")
    )
    action, _result = give_checked(
        inp, now=given, limits=ProtocolRepository(ctx.reference).limits()
    )
    course = repo.apply(course, action)
    stopped_at = _at(stage, EARLIER_DAYS_BEFORE - 2, 11)
    why = by_language(
        lang,
        "Admitted to another hospital for pneumonia; a new course on return",
        "因肺炎转至外院治疗；返院后重新开始疗程",
    )
    repo.apply(
        course,
        course_actions.stop(course, why, stopped_at, by_language(lang, "Dr Wang", "王医生")),
    )


def _has_patient(stage: Stage) -> bool:
    from lmdesk.store.patient_repo import PatientRepository

    try:
        PatientRepository(stage.ctx.patients).by_mrn(EXAMPLE_MRN)
    except Exception:
        return False
    return True


def _current(stage: Stage, course: Course) -> Course:
    found = CourseRepository(stage.ctx.patients).get(course.id or 0)
    assert found is not None
    return found


def _courses(stage: Stage, course: Course, session: int) -> CoursesView:
    from lmdesk.views.courses.course_view import CoursesView

    view = stage.view("courses", CoursesView)
    view.open_course(EXAMPLE_MRN, course.id or 0, session)
    return view


def _set_when(dialog: QDialog, at: datetime) -> None:
    from lmdesk.views.courses.give_dialog import GiveDialog

    if isinstance(dialog, GiveDialog):
        dialog.when.setDateTime(
            QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute))
        )


def _recovered_labs(stage: Stage) -> None:
    demo.add_labs(stage.ctx, platelets="128", at=_at(stage, 0, 8), mrn=EXAMPLE_MRN)


def _record_ae(stage: Stage, course: Course) -> None:
    """Grade 3 arachnoiditis after today's dose (once)."""
    repo = AdverseEventRepository(stage.ctx.patients)
    if any(e.term == EXAMPLE_AE for e in repo.for_course(course.id or 0)):
        return
    repo.record(
        AdverseEvent(
            course_id=course.id or 0,
            version=DEFAULT_VERSION,
            term=EXAMPLE_AE,
            grade=3,
            onset=stage.ctx.clock.today(),
            attribution=Attribution.IT_DRUG,
            recorded_by=by_language(stage.language, "Dr Chen", "陈医生"),
        )
    )


def given_example(stage: Stage) -> Course:
    """The example after today's dose (given through the gate here when a scene runs alone)."""
    course = example_course(stage)
    if _current(stage, course).session(STOPPED_SESSION).status != "given":  # type: ignore[union-attr]
        ctx = stage.ctx
        _recovered_labs(stage)
        current = _current(stage, course)
        inp = BedsideStores(ctx.reference, ctx.patients).gate_input(
            current,
            STOPPED_SESSION,
            at=ctx.clock.now(),
            given_by=by_language(stage.language, "Nurse Li", "李护士"),
        )
        action, _result = give_checked(
            inp, now=ctx.clock.now(), limits=ProtocolRepository(ctx.reference).limits()
        )
        CourseRepository(ctx.patients).apply(current, action)
    _record_ae(stage, course)
    return _current(stage, course)


def bedside_gate_stop(stage: Stage) -> None:
    """The give dialog on session 2's morning: low platelets and apixaban stop the dose."""
    course = example_course(stage)
    view = _courses(stage, course, STOPPED_SESSION)

    def look(dialog: QDialog) -> None:
        _set_when(dialog, _at(stage, STOPPED_DAYS_BEFORE, 9))
        stage.size_dialog(dialog, QSize(980, 760))
        stage.shoot(dialog)

    stage.in_modal(lambda: click(view.buttons["give"]), look)


def bedside_gate_given(stage: Stage) -> None:
    """Platelets recovered and the apixaban hold passed: given; the history records it (and
    session 1's override); the next session's gate shows the grade 3 event recorded after."""
    course = example_course(stage)
    if _current(stage, course).session(STOPPED_SESSION).status != "given":  # type: ignore[union-attr]
        _recovered_labs(stage)
        view = _courses(stage, course, STOPPED_SESSION)

        def give(dialog: QDialog) -> None:
            from lmdesk.views.courses.give_dialog import GiveDialog

            if isinstance(dialog, GiveDialog):
                from lmdesk.devtools.users_demo import DEMO_PASSWORD

                dialog.who.setText("n4012")  # the demo ward's registered nurse signs (issue 23)
                dialog.recheck()
                dialog.password.setText(DEMO_PASSWORD)
                settle(0.2)
                click(dialog.give_button)

        stage.in_modal(lambda: click(view.buttons["give"]), give)
    course = given_example(stage)
    view = _courses(stage, course, STOPPED_SESSION + 1)
    view.show_bedside_tab()
    stage.shoot(view)


def bedside_today(stage: Stage) -> None:
    """The IT doses worklist of the example's own day, with each line's pre-dose status."""
    from lmdesk.views.today.today_view import TodayView

    given_example(stage)
    view = stage.view("today", TodayView)
    # The example's own day: its dose is given, and the worklist says why the next one is not
    # (a second IT dose that day, the grade 3 event), worded in the reader's language.
    today = stage.ctx.clock.today()
    view.day.setDate(QDate(today.year, today.month, today.day))
    view.refresh()
    deadline = 100
    while view.loading() and deadline:
        settle(0.1)
        deadline -= 1
    stage.shoot(view)


def bedside_sheet(stage: Stage) -> None:
    """Page 1 of the example course's regimen sheet after today's dose: the given doses, the
    cumulative total over every course, the override of session 1 and the grade 3 event."""
    from lmdesk.views.sheet.sheets_view import SheetsView

    course = given_example(stage)
    view = stage.view("sheets", SheetsView)
    view.refresh()
    view.select_course(course.id or 0)
    choose(view.language, stage.language)
    target: Path = stage.scratch / "bedside-sheet.pdf"
    wait_for(view.sheet_archived, "the sheet PDF", lambda: view.export_pdf(target))
    _shoot_pages(stage, target, SHEET_DPI)


def _shoot_pages(stage: Stage, pdf: Path, dpi: int, pages: int = 2) -> None:
    """Pages 1..``pages`` of ``pdf`` side by side as the shot: the example's 14 sessions fill
    page 1, and the cumulative dose, the override and the adverse event follow on page 2."""
    images: list[QImage] = []
    for page in range(1, pages + 1):
        stem = stage.scratch / f"{pdf.stem}-page-{page}"
        done = subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", str(page), "-l", str(page),
             pdf, stem],
            capture_output=True,
        )  # fmt: skip
        if done.returncode == 0 and stem.with_suffix(".png").is_file():
            images.append(QImage(str(stem.with_suffix(".png"))))
    gap = 12
    width = sum(i.width() for i in images) + gap * (len(images) - 1)
    height = max(i.height() for i in images)
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#9e9e9e"))
    painter = QPainter(sheet)
    x = 0
    for image in images:
        painter.drawImage(x, 0, image)
        x += image.width() + gap
    painter.end()
    stage.image = sheet
