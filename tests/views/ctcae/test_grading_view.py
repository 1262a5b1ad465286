"""The AE grading screen, driven as a user would: type a lab value and grade it, grade a
clinical term, record the AE on a course, apply the proposed hold."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.ae_steps import target_session
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.toxicity_rules import Attribution, Step
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.grading.grading_view import GradingView


def _course(ctx: Any, protocol: str = "pemetrexed-pan2019") -> Any:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(Patient(mrn="LM-1", name="Test Patient"))
    plan = plan_course(
        stores.protocols.get(protocol),
        PlanOptions(start=date(2027, 1, 4)),
        stores.protocols.limits(),
        None,
    )
    return stores.courses.add(course_from_plan(plan, "LM-1", "Dr A", datetime(2027, 1, 3, 9)))


def _view(qtbot: Any, ctx: Any, answer: bool = True) -> GradingView:
    view = GradingView(ctx, confirm=lambda _question: answer)
    qtbot.addWidget(view)
    return view


def _type_lab(
    qtbot: Any, view: GradingView, term: str, value: str, unit: str, lln: str = ""
) -> None:
    view.lab.select_term(term)
    view.lab.value_edit.clear()
    qtbot.keyClicks(view.lab.value_edit, value)
    view.lab.unit_box.setCurrentText(unit)
    if lln:
        qtbot.keyClicks(view.lab.lln_edit, lln)
    qtbot.mouseClick(view.lab.grade_button, Qt.MouseButton.LeftButton)


def test_grade_a_lab_value(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    _type_lab(qtbot, view, "Neutrophil count decreased", "700", "/mm3", "2000")
    shown = view.lab.result_box.label.text()
    assert "Grade 3" in shown
    assert "&lt;1000 - 500/mm3" in shown
    assert view.record.result is not None and view.record.result.grade == 3


def test_enter_key_grades_and_version_switch_regrades(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.lab.select_term("Neutrophil count decreased")
    qtbot.keyClicks(view.lab.value_edit, "700")
    view.lab.unit_box.setCurrentText("/mm3")
    qtbot.keyClick(view.lab.value_edit, Qt.Key.Key_Return)
    assert "Grade 3" in view.lab.result_box.label.text()
    view.set_version("6.0")
    view.lab.select_term("Neutrophil count decreased")
    view.lab.unit_box.setCurrentText("/mm3")
    qtbot.mouseClick(view.lab.grade_button, Qt.MouseButton.LeftButton)
    assert "Grade 2" in view.lab.result_box.label.text()


def test_unknown_fact_shows_the_assumption(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    _type_lab(qtbot, view, "Hypokalemia", "3.2", "mmol/L", "3.5")
    text = view.lab.result_box.label.text()
    assert "Grade 2" in text and "symptomatic" in text
    view.lab.symptomatic_box.setCurrentIndex(view.lab.symptomatic_box.findData("no"))
    qtbot.mouseClick(view.lab.grade_button, Qt.MouseButton.LeftButton)
    assert "Grade 1" in view.lab.result_box.label.text()


def test_bad_value_says_what_to_fix_and_records_nothing(qtbot: Any, ctx: Any) -> None:
    _course(ctx)
    view = _view(qtbot, ctx)
    view.record.refresh_patients()
    _type_lab(qtbot, view, "Anemia", "abc", "g/L", "120")
    assert "not a number" in view.lab.result_box.label.text()
    assert not view.record.record_button.isEnabled()


def test_not_gradable_is_not_recordable(qtbot: Any, ctx: Any) -> None:
    _course(ctx)
    view = _view(qtbot, ctx)
    view.record.refresh_patients()
    _type_lab(qtbot, view, "Neutrophil count decreased", "1600", "/mm3")
    assert "not gradable" in view.lab.result_box.label.text()
    assert not view.record.record_button.isEnabled()


def test_units_follow_the_term(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.lab.select_term("Fever")
    units = [view.lab.unit_box.itemText(i) for i in range(view.lab.unit_box.count())]
    assert units == ["degC", "degF"]


def test_clinical_terms_neuro_first_and_post_lp_clause(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.tabs.setCurrentIndex(1)
    first = view.clinical.term_list.item(0).data(Qt.ItemDataRole.UserRole)
    assert first == "Headache"
    assert view.clinical.select_term("Cerebrospinal fluid leakage")
    button = view.clinical.grade_group.button(1)
    assert "After lumbar puncture: transient headache" in view.clinical.grade_texts[1].text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.clinical.choose_button, Qt.MouseButton.LeftButton)
    assert view.record.result is not None
    assert (view.record.result.term, view.record.result.grade) == ("Cerebrospinal fluid leakage", 1)


def test_clinical_search_finds_any_term(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    qtbot.keyClicks(view.clinical.search, "hiccup")
    assert view.clinical.term_list.count() == 1
    view.clinical.term_list.setCurrentRow(0)
    assert view.clinical.term is not None and view.clinical.term.term == "Hiccups"


def test_choose_without_grade_asks(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.clinical.select_term("Headache")
    qtbot.mouseClick(view.clinical.choose_button, Qt.MouseButton.LeftButton)
    assert "Choose a term and one grade" in view.clinical.result_box.label.text()
    assert view.record.result is None


def test_record_on_course_and_apply_the_proposed_hold(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    view.tabs.setCurrentIndex(1)
    view.clinical.select_term("Cerebrospinal fluid leakage")
    qtbot.mouseClick(view.clinical.grade_group.button(3), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.clinical.choose_button, Qt.MouseButton.LeftButton)
    box = view.record.attribution_box
    box.setCurrentIndex(box.findData(Attribution.PROCEDURE))
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    assert view.record.ae is not None
    assert "seed-72" in view.record.proposal_label.text()
    assert view.record.step_box.currentData() == Step.HOLD.value
    assert view.record.apply_button.isEnabled()
    due = target_session(course, view.record.ae.onset)
    assert f"#{due.n}" in view.record.target_label.text()
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stored = stores.courses.get(course.id)
    assert stored.session(due.n).status == "held"
    assert "Cerebrospinal fluid leakage" in stored.session(due.n).reason
    assert [h.action for h in stores.courses.history(course.id)][-1] == "course.hold"
    aes = AdverseEventRepository(ctx.patients).for_course(course.id)
    assert [(a.term, a.grade, a.action_taken) for a in aes] == [
        ("Cerebrospinal fluid leakage", 3, "hold")
    ]
    cells = [view.record.timeline.text(r, 1) for r in range(view.record.timeline.rowCount())]
    assert "Adverse event" in cells
    details = [view.record.timeline.text(r, 2) for r in range(view.record.timeline.rowCount())]
    drug = course.protocol.drug
    assert not any(d.startswith(f"{drug} ") for d in details)  # the drug's name, not its id
    assert ctx.patients.verify_audit().ok


def test_no_published_rule_clinician_chooses_hold(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Platelet count decreased", "42", "10^9/L", "125")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    text = view.record.proposal_label.text()
    assert "No published rule: clinician decides." in text
    assert "R51" in text
    assert view.record.step_box.currentData() is None
    assert not view.record.apply_button.isEnabled()
    view.record.choose_step(Step.HOLD)
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    stored = SchedulerStores(ctx.reference, ctx.patients).courses.get(course.id)
    assert stored.session(target_session(course, date(2027, 1, 4)).n).status == "held"
    assert "held" in view.record.status.text()


def test_reduce_needs_a_dose(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Platelet count decreased", "42", "10^9/L", "125")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    view.record.choose_step(Step.REDUCE)
    assert view.record.dose_edit.isEnabled() and not view.record.new_date_edit.isEnabled()
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    assert "dose" in view.record.status.text()
    stored = SchedulerStores(ctx.reference, ctx.patients).courses.get(course.id)
    assert stored.revision == course.revision


def test_the_delay_date_reads_a_dash_until_a_dose_is_found(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    assert view.record.new_date_edit.text() == "—"  # was "2000-01-01 Sat"
    course = _course(ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Platelet count decreased", "42", "10^9/L", "125")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    view.record.choose_step(Step.DELAY)
    due = target_session(course, view.record.ae.onset)
    shown = view.record.new_date_edit.date().toPython()
    assert shown == date.fromordinal(due.date.toordinal() + 7)
    assert view.record.apply_button.isEnabled()
    view.record.new_date_edit.setDate(view.record.new_date_edit.minimumDate())
    assert view.record.new_date_edit.text() == "—"
    assert not view.record.apply_button.isEnabled()  # no delay to an unknown date


def test_future_onset_refused(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Anemia", "75", "g/L", "120")
    view.record.onset_edit.setDate(view.record.onset_edit.date().addDays(3))
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    assert "future" in view.record.status.text()
    assert AdverseEventRepository(ctx.patients).for_course(course.id) == []


def test_browse_all_terms_both_versions(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    assert view.browser.model.rowCount() == 0  # filled when first shown
    view.tabs.setCurrentIndex(2)
    assert view.browser.model.rowCount() == 837
    assert not view.record.isVisibleTo(view)
    view.set_version("6.0")
    view.browser.ensure_filled()
    assert view.browser.model.rowCount() == 850
    view.browser.filter_edit.setText("蛛网膜")  # QTest cannot type CJK characters
    assert view.browser.proxy.rowCount() == 1
    view.browser.table.selectRow(0)
    assert "Arachnoiditis" in view.browser.detail.toPlainText()
    assert "1 of 850" in view.browser.count_label.text()


def test_chinese_texts(qtbot: Any, ctx: Any, zh: None) -> None:
    view = _view(qtbot, ctx)
    assert view.tabs.tabText(0).startswith("化验值")
    view.lab.select_term("Anemia")
    assert view.lab.term_box.currentText() == "贫血"
    view.tabs.setCurrentIndex(1)
    assert view.clinical.term_list.item(0).text().startswith("头痛")


def test_the_chosen_grade_reads_in_chinese_with_the_nci_english(
    qtbot: Any, ctx: Any, zh: None
) -> None:
    """The result said "标准：Severe symptoms; medical intervention indicated" on the Chinese
    screen though the term's grade has its Chinese."""
    view = _view(qtbot, ctx)
    view.tabs.setCurrentIndex(1)
    view.clinical.select_term("Cerebrospinal fluid leakage")
    qtbot.mouseClick(view.clinical.grade_group.button(3), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.clinical.choose_button, Qt.MouseButton.LeftButton)
    text = view.clinical.result_box.label.text()
    assert "标准：重度症状；需要药物干预" in text
    assert "Severe symptoms; medical intervention indicated" in text  # authoritative, beside


def test_browse_names_the_organ_class_in_chinese(qtbot: Any, ctx: Any, zh: None) -> None:
    view = _view(qtbot, ctx)
    view.tabs.setCurrentIndex(2)
    view.browser.filter_edit.setText("蛛网膜")
    assert view.browser.proxy.rowCount() == 1
    assert view.browser.proxy.index(0, 1).data() == "各类神经系统疾病"
    view.browser.table.selectRow(0)
    detail = view.browser.detail.toPlainText()
    assert "各类神经系统疾病" in detail and "Nervous system disorders" not in detail


def test_definitions_read_in_chinese_with_the_nci_english(qtbot: Any, ctx: Any, zh: None) -> None:
    """The definition was the NCI's English alone on the Chinese screens."""
    view = _view(qtbot, ctx)
    view.tabs.setCurrentIndex(2)
    view.browser.filter_edit.setText("蛛网膜")
    view.browser.table.selectRow(0)
    detail = view.browser.detail.toPlainText()
    assert "定义：以蛛网膜及邻近蛛网膜下腔的炎症为特征。" in detail
    assert "inflammation of the arachnoid membrane" in detail
    view.tabs.setCurrentIndex(1)
    view.clinical.select_term("Cerebrospinal fluid leakage")
    shown = view.clinical.definition.text()
    assert shown.startswith("以脑脊液流失到周围组织为特征。")
    assert "loss of cerebrospinal fluid" in shown


def test_language_switch_retranslates(qtbot: Any, ctx: Any) -> None:
    from lmdesk.i18n import set_language

    view = _view(qtbot, ctx)
    set_language("zh_CN")
    view.retranslate()
    assert view.tabs.tabText(2).startswith("全部术语")
    set_language("en")
    view.retranslate()
    assert view.tabs.tabText(2).startswith("All terms")


def test_selftest(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.selftest()


def test_no_change_is_recorded_without_touching_the_course(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Anemia", "95", "g/L", "120")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    box = view.record.step_box
    box.setCurrentIndex(box.findData("none"))
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    stored = SchedulerStores(ctx.reference, ctx.patients).courses.get(course.id)
    assert stored.revision == course.revision
    aes = AdverseEventRepository(ctx.patients).for_course(course.id)
    assert [a.action_taken for a in aes] == ["none"]
    texts = [view.record.timeline.text(r, 3) for r in range(view.record.timeline.rowCount())]
    assert "no change" in texts


def test_showing_the_view_picks_up_new_courses(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    assert view.record.course_box.count() == 0
    course = _course(ctx)
    view.show()
    qtbot.waitExposed(view)
    assert view.record.course_box.currentData() == course.id
    assert view.record.timeline.rowCount() == len(course.sessions)


def test_course_changed_elsewhere_conflicts_then_reloads(qtbot: Any, ctx: Any) -> None:
    from lmdesk.models.scheduling import course_actions

    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Platelet count decreased", "42", "10^9/L", "125")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    stores = SchedulerStores(ctx.reference, ctx.patients)
    last = course.sessions[-1].n
    stores.courses.apply(course, course_actions.cancel(course, last, "declined"))
    view.record.choose_step(Step.HOLD)
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    assert "someone else" in view.record.status.text()
    assert view.record.course is not None and view.record.course.revision == course.revision + 1
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    stored = stores.courses.get(course.id)
    assert stored.session(target_session(course, date(2027, 1, 4)).n).status == "held"
    assert stored.session(last).status == "cancelled"


def test_declining_the_confirmation_changes_nothing(qtbot: Any, ctx: Any) -> None:
    course = _course(ctx)
    view = _view(qtbot, ctx, answer=False)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Platelet count decreased", "42", "10^9/L", "125")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    view.record.choose_step(Step.STOP)
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    stored = SchedulerStores(ctx.reference, ctx.patients).courses.get(course.id)
    assert stored.revision == course.revision and stored.status == "active"
    assert AdverseEventRepository(ctx.patients).for_course(course.id)[0].action_taken == ""


def test_the_timeline_sorts_and_filters(qtbot: Any, ctx: Any) -> None:
    """Issue 26: the AE timeline was a QTableWidget in date order only, with no filter."""
    course = _course(ctx)
    view = _view(qtbot, ctx)
    view.record.select_course("LM-1", course.id)
    _type_lab(qtbot, view, "Anemia", "95", "g/L", "120")
    qtbot.mouseClick(view.record.record_button, Qt.MouseButton.LeftButton)
    box = view.record.step_box
    box.setCurrentIndex(box.findData("none"))
    qtbot.mouseClick(view.record.apply_button, Qt.MouseButton.LeftButton)
    timeline = view.record.timeline
    events = [timeline.text(r, 1) for r in range(timeline.rowCount())]
    assert events.count("Adverse event") == 1 and len(events) == len(course.sessions) + 1
    timeline.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # a click on "Event"
    assert timeline.text(0, 1) == "Adverse event"
    qtbot.keyClicks(view.record.timeline_filter, "anemia")
    assert timeline.rowCount() == 1 and "Anemia" in timeline.text(0, 2)
