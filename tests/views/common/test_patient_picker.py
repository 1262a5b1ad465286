"""The shared patient picker, typed into as a user would: type, arrows, Enter."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.common.patient_picker import PatientPicker


@pytest.fixture
def repo(ctx: Any) -> PatientRepository:
    r = PatientRepository(ctx.patients)
    for mrn, name in (("A100", "Zhang San"), ("A1001", "Li Si"), ("B200", "张三"), ("C3", "Wang")):
        r.add(Patient(mrn=mrn, name=name))
    return r


def _picker(qtbot: Any, repo: PatientRepository, limit: int = 50) -> PatientPicker:
    picker = PatientPicker(repo, limit=limit)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.edit.setFocus()
    return picker


def test_type_arrow_enter_chooses_that_patient(qtbot: Any, repo: PatientRepository) -> None:
    picker = _picker(qtbot, repo)
    qtbot.keyClicks(picker.edit, "zhang")
    assert [r.mrn for r in picker.results()] == ["B200", "A100"]  # 张三 by its pinyin too
    qtbot.keyClicks(picker.edit, "\b\b\b\b\b")
    qtbot.keyClicks(picker.edit, "a1")
    assert [r.mrn for r in picker.results()] == ["A1001", "A100"]  # newest first
    popup = picker.completer.popup()
    assert popup.isVisible()
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert chosen.args == [repo.by_mrn("A100").id]
    assert picker.current_mrn() == "A100"
    assert picker.edit.text() == "A100 — Zhang San"
    assert not popup.isVisible()


def test_enter_alone_chooses_only_an_unambiguous_match(qtbot: Any, repo: PatientRepository) -> None:
    picker = _picker(qtbot, repo)
    qtbot.keyClicks(picker.edit, "a1")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.current() is None  # two patients match: nothing chosen by guess
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "a100")  # exact MRN (A1001 also starts with it)
    with qtbot.waitSignal(picker.chosen):
        qtbot.keyClick(picker.completer.popup(), Qt.Key.Key_Return)
    assert picker.current_mrn() == "A100"
    picker.edit.setText("张三")  # QTest cannot type CJK: set the text, run what typing runs
    picker.search("张三")
    assert [r.mrn for r in picker.results()] == ["B200"]
    with qtbot.waitSignal(picker.chosen):
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.current_mrn() == "B200"


def test_results_are_bounded_and_say_so(qtbot: Any, repo: PatientRepository) -> None:
    picker = _picker(qtbot, repo, limit=2)
    qtbot.keyClicks(picker.edit, "a")
    assert len(picker.results()) == 2 and "type more" in picker.hint.text()
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "nobody")
    assert picker.results() == [] and picker.hint.text() == "No patient matches"
    assert not picker.completer.popup().isVisible()


def test_escape_puts_the_chosen_patient_back(qtbot: Any, repo: PatientRepository) -> None:
    picker = _picker(qtbot, repo)
    assert picker.select_mrn("C3")
    qtbot.keyClicks(picker.edit, "xx")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)
    assert picker.edit.text() == "C3 — Wang" and picker.current_mrn() == "C3"


def test_refresh_rereads_or_falls_back_to_the_newest(qtbot: Any, repo: PatientRepository) -> None:
    picker = _picker(qtbot, repo)
    picker.refresh()
    assert picker.current_mrn() == "C3"  # most recently changed
    b = repo.by_mrn("B200")
    picker.select_id(b.id or 0, emit=False)
    repo.update(b.model_copy(update={"name": "张三丰"}))
    picker.refresh()
    assert picker.edit.text() == "B200 — 张三丰"
    assert not picker.select_mrn("nope") and picker.current_mrn() == "B200"


def test_chinese_texts(qtbot: Any, repo: PatientRepository, zh: None) -> None:
    picker = _picker(qtbot, repo)
    assert picker.edit.placeholderText() != "Type MRN or name (姓名)…"
    picker.search("zzz")
    assert picker.hint.text() != "No patient matches"


def test_typing_over_a_chosen_patient_starts_a_new_search(
    qtbot: Any, repo: PatientRepository
) -> None:
    picker = _picker(qtbot, repo)
    picker.select_mrn("C3")
    picker.edit.end(False)
    qtbot.keyClicks(picker.edit, "li")
    assert picker.edit.text() == "li"
    assert [r.mrn for r in picker.results()] == ["A1001"]
    assert picker.current_mrn() == "C3"  # nothing changes until a patient is chosen


def test_courses_view_loads_the_courses_of_the_typed_patient(
    qtbot: Any, ctx: Any, reference: Any
) -> None:
    from datetime import date

    from lmdesk.models.scheduling.course import course_from_plan
    from lmdesk.models.scheduling.planning import PlanOptions, plan_course
    from lmdesk.store.course_repo import CourseRepository
    from lmdesk.store.protocol_repo import ProtocolRepository
    from lmdesk.views.courses.course_view import CoursesView

    repo = PatientRepository(ctx.patients)
    repo.add(Patient(mrn="K1", name="Old Patient"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    course = CourseRepository(ctx.patients).add(
        course_from_plan(plan, "K1", "Dr A", ctx.clock.now())
    )
    repo.add(Patient(mrn="K2", name="New Patient"))
    view = CoursesView(ctx)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert view.patient_picker.current_mrn() == "K2" and view.course is None
    view.patient_picker.edit.setFocus()
    view.patient_picker.edit.clear()
    qtbot.keyClicks(view.patient_picker.edit, "k1")
    qtbot.keyClick(view.patient_picker.popup(), Qt.Key.Key_Return)  # exact MRN: chosen
    assert view.course is not None and view.course.id == course.id
    assert view.course_box.count() == 1


def test_grading_picker_chooses_patient_then_course(qtbot: Any, ctx: Any, reference: Any) -> None:
    from datetime import date

    from lmdesk.models.scheduling.course import course_from_plan
    from lmdesk.models.scheduling.planning import PlanOptions, plan_course
    from lmdesk.store.course_repo import CourseRepository
    from lmdesk.store.protocol_repo import ProtocolRepository
    from lmdesk.views.grading.grading_view import GradingView

    repo = PatientRepository(ctx.patients)
    repo.add(Patient(mrn="G1", name="Grade Me"))
    repo.add(Patient(mrn="G2", name="Other"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    course = CourseRepository(ctx.patients).add(
        course_from_plan(plan, "G1", "Dr A", ctx.clock.now())
    )
    view = GradingView(ctx, confirm=lambda _q: True)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    picker = view.record.picker.patient_picker
    assert picker.current_mrn() == "G2" and view.record.course is None
    picker.edit.clear()
    qtbot.keyClicks(picker.edit, "grade")
    with qtbot.waitSignal(picker.chosen):
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)  # the only match
    assert view.record.course is not None and view.record.course.id == course.id


def test_two_mrns_equal_once_normalised_are_never_guessed(
    qtbot: Any, repo: PatientRepository
) -> None:
    repo.add(Patient(mrn="C-3", name="Wang Twin"))
    picker = _picker(qtbot, repo)
    qtbot.keyClicks(picker.edit, "c3")
    assert {r.mrn for r in picker.results()[:2]} == {"C3", "C-3"}
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.current() is None


def test_list_shows_sex_and_birth_date_to_tell_namesakes_apart(
    qtbot: Any, repo: PatientRepository
) -> None:
    from datetime import date

    repo.add(Patient(mrn="N1", name="Zhang Wei", sex="F", birth_date=date(1960, 5, 1)))
    repo.add(Patient(mrn="N2", name="Zhang Wei", sex="M", birth_date=date(1971, 2, 3)))
    picker = _picker(qtbot, repo)
    qtbot.keyClicks(picker.edit, "zhangwei")
    texts = [picker.list_model.item(i).text() for i in range(picker.list_model.rowCount())]
    assert texts == ["N2 — Zhang Wei   (M · 1971-02-03)", "N1 — Zhang Wei   (F · 1960-05-01)"]


def test_ctrl_f_puts_the_cursor_in_the_courses_picker(qtbot: Any, ctx: Any) -> None:
    from lmdesk.views.courses.course_view import CoursesView

    PatientRepository(ctx.patients).add(Patient(mrn="F1", name="Focus"))
    view = CoursesView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.plan_button.setFocus()
    qtbot.keyClick(view.plan_button, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.patient_picker.edit.hasFocus()
    qtbot.waitUntil(lambda: view.patient_picker.edit.selectedText() == "F1 — Focus")


def test_enter_on_an_empty_field_chooses_nobody(qtbot: Any, ctx: Any) -> None:
    PatientRepository(ctx.patients).add(Patient(mrn="ONLY1", name="Only"))
    picker = _picker(qtbot, PatientRepository(ctx.patients))
    qtbot.keyClicks(picker.edit, "o")
    picker.edit.clear()
    picker.search("")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.current() is None


def test_course_items_name_the_protocol_and_follow_a_language_switch(
    qtbot: Any, reference: Any
) -> None:
    from datetime import date, datetime

    from PySide6.QtWidgets import QComboBox

    from lmdesk.i18n import set_language
    from lmdesk.models.scheduling.course import course_from_plan
    from lmdesk.models.scheduling.planning import PlanOptions, plan_course
    from lmdesk.store.protocol_repo import ProtocolRepository
    from lmdesk.views.common.course_box import add_course_items, relabel_course_items

    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    course = course_from_plan(plan, "A1", "Dr A", datetime(2027, 1, 1)).model_copy(update={"id": 7})
    box = QComboBox()
    qtbot.addWidget(box)
    add_course_items(box, [course])
    assert box.itemText(0) == "#7 Methotrexate IT, classic schedule (2027-01-04)"
    assert box.itemData(0) == 7
    set_language("zh_CN")
    relabel_course_items(box)
    assert box.itemText(0) == "#7 甲氨蝶呤鞘内注射(经典方案) (2027-01-04)"


def test_a_patient_chosen_by_the_program_shows_from_the_mrn(
    qtbot: Any, repo: PatientRepository
) -> None:
    """A narrow box showed the label's end ("EMO-0001 — 张三"), the MRN cut off; while the
    user types and chooses, the cursor stays where the typing goes on."""
    picker = PatientPicker(repo)
    qtbot.addWidget(picker)
    picker.show()
    assert picker.select_mrn("B200")  # chosen by the program, the box not focused
    assert picker.edit.cursorPosition() == 0
    qtbot.keyClicks(picker.edit, "wang")  # typed in front of the label: a new search
    assert picker.edit.text() == "wang"
    assert [r.mrn for r in picker.results()] == ["C3"]
