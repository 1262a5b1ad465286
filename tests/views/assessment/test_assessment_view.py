"""The response-assessment screen driven as a clinician would: pick the course, type a
baseline, see what is missing, save, type a follow-up, see the change and the marker call,
export trends and the summary, switch language."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool

from lmdesk.i18n import set_language
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.assessment.assessment_view import AssessmentView
from lmdesk.views.assessment.selftest_demo import run_demo
from lmdesk.views.courses.course_calendar import qdate

START = date(2026, 12, 14)


def _course(ctx: Any) -> int:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(Patient(mrn="LM-7", name="Chen Liu 陈六"))
    plan = plan_course(
        stores.protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=START),
        stores.protocols.limits(),
        None,
    )
    course = stores.courses.add(course_from_plan(plan, "LM-7", "Dr A", datetime(2026, 12, 1, 9)))
    assert course.id is not None
    return course.id


class Answers:
    def __init__(self, confirm: bool = True, path: str = "") -> None:
        self.questions: list[str] = []
        self.confirm = confirm
        self.path = path

    def ask(self, question: str) -> bool:
        self.questions.append(question)
        return self.confirm

    def ask_path(self, _parent: Any, _title: str, _suggested: str, _filter: str) -> str:
        return self.path


def _view(qtbot: Any, ctx: Any, answers: Answers) -> AssessmentView:
    view = AssessmentView(
        ctx, confirm=answers.ask, ask_path=answers.ask_path, ask_text=lambda _q: "duplicate"
    )
    qtbot.addWidget(view)
    view.resize(1300, 760)
    view.show()
    return view


def _pick_course(qtbot: Any, view: AssessmentView) -> None:
    picker = view.finder.patient_picker
    picker.edit.setFocus()
    qtbot.keyClicks(picker.edit, "LM-7")
    with qtbot.waitSignal(view.finder.course_chosen):
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)  # the exact MRN
    assert view.course is not None


def _choose(box: Any, value: Any) -> None:
    box.setFocus()
    box.setCurrentIndex(box.findData(value))


def _type_baseline(qtbot: Any, view: AssessmentView) -> None:
    form = view.form
    form.date.setDate(qdate(date(2026, 12, 11)))
    _choose(form.performance.kps, 60)
    _choose(form.performance.ecog, 2)
    qtbot.mouseClick(form.performance.symptoms_recorded, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.performance.symptom_boxes["headache"], Qt.MouseButton.LeftButton)
    form.tabs.setCurrentIndex(1)
    for key, code in (
        ("gait", "2"),
        ("strength", "1"),
        ("sensation", "0"),
        ("vision", "none"),
        ("eye_movements", "1"),
        ("facial_strength", "none"),
    ):
        _choose(form.neuro.items[key], code)
    form.tabs.setCurrentIndex(2)
    _choose(form.csf.cytology, "positive")
    qtbot.keyClicks(form.csf.volume, "8")
    name, value, unit = form.csf.marker_rows[0]
    qtbot.keyClicks(name, "CEA")
    qtbot.keyClicks(value, "40")
    qtbot.keyClicks(unit, "ng/mL")
    form.tabs.setCurrentIndex(3)
    _choose(form.mri.done, True)
    for key, presence in (
        ("brain_nodules", "present"),
        ("brain_linear", "present"),
        ("hydrocephalus", "absent"),
        ("spinal_nodules", "absent"),
    ):
        _choose(form.mri.presence[key], presence)


def test_baseline_and_follow_up_with_completeness_and_change(qtbot: Any, ctx: Any) -> None:
    course_id = _course(ctx)
    answers = Answers()
    view = _view(qtbot, ctx, answers)
    assert not view.save_button.isEnabled()  # no course yet
    _pick_course(qtbot, view)
    assert view.form.role == "baseline"
    assert "Pemetrexed IT 10 mg by LP (Pan 2019)" in view.course_label.text()
    assert "pemetrexed-pan2019" not in view.course_label.text()  # the name, not the id
    assert "18 answered" not in view.completeness.summary.text()
    _type_baseline(qtbot, view)
    missing = view.completeness.missing_texts()
    assert missing == ["MRI: Spinal linear enhancement"]  # shown before saving
    assert "17 of 18 answered" in view.completeness.summary.text()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert "Spinal linear enhancement" in answers.questions[0]
    saved = AssessmentRepository(ctx.patients).for_course(course_id)
    assert len(saved) == 1 and saved[0].is_baseline and saved[0].kps == 60
    assert view.history.table.rowCount() == 1
    assert view.history.table.text(0, 0) == "2026-12-11 Fri"
    assert view.form.role == "follow_up"  # the course has its baseline now

    form = view.form
    form.date.setDate(qdate(date(2027, 1, 2)))
    _choose(form.performance.kps, 80)
    _choose(form.neuro.rating, "stable")
    name, value, unit = form.csf.marker_rows[0]
    qtbot.keyClicks(name, "cea")
    qtbot.keyClicks(value, "26")
    qtbot.keyClicks(unit, "ng/mL")
    _choose(form.csf.cytology, "negative")
    _choose(form.mri.done, True)
    _choose(form.mri.rano_grade, "progressive")
    assert "Neurological examination: Neurological assessment against the baseline" not in (
        view.completeness.missing_texts()
    )
    assert "MRI: change against the baseline: Hydrocephalus" in view.completeness.missing_texts()
    answers.confirm = False
    view.save()
    assert len(AssessmentRepository(ctx.patients).for_course(course_id)) == 1  # declined
    answers.confirm = True
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.form.csf.volume.setFocus()
    qtbot.keyClick(view.form.csf.volume, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.history.table.rowCount() == 2
    html = view.history.comparison.toPlainText()
    assert "-35.0 %: decrease >= 35 %: predicts response" in html
    assert "+20 (better)" in html
    assert "converted to negative" in html
    # progressive imaging, negative cytology, neuro rated stable: the one sourced rule applies
    assert "LM progression (isolated radiographic progression, RANO-LM 2017) [R70]" in html
    assert "[R62]" in html and "[R70]" in html
    row = view.history.table.text(1, 8)
    assert "predicts response" in row


def test_a_bad_value_is_explained_and_nothing_is_saved(qtbot: Any, ctx: Any) -> None:
    course_id = _course(ctx)
    view = _view(qtbot, ctx, Answers())
    _pick_course(qtbot, view)
    name, value, unit = view.form.csf.marker_rows[0]
    qtbot.keyClicks(name, "CEA")
    qtbot.keyClicks(value, "12..5")
    qtbot.keyClicks(unit, "ng/mL")
    assert "Assessment not saved: csf.markers" in view.completeness.details.text()
    assert view.save() is None
    assert "Assessment not saved" in view.status.text()
    view.form.date.setDate(qdate(date(2026, 12, 20)))
    value.clear()
    qtbot.keyClicks(value, "12.5")
    assert view.save() is not None  # a baseline after the start is allowed (and explained)
    view.form.date.setDate(qdate(date(2026, 12, 19)))
    assert view.save() is None and "after the baseline" in view.status.text()
    assert len(AssessmentRepository(ctx.patients).for_course(course_id)) == 1


def test_trend_exports_summary_and_language_switch(qtbot: Any, ctx: Any, tmp_path: Path) -> None:
    course_id = _course(ctx)
    repo = AssessmentRepository(ctx.patients)
    from lmdesk.models.response.assessment import parse_assessment

    repo.add(
        parse_assessment(
            {
                "course_id": course_id,
                "assessed_on": date(2026, 12, 11),
                "kps": 60,
                "csf": {"markers": [{"name": "CEA", "value": "40", "unit": "ng/mL"}]},
            }
        )
    )
    repo.add(
        parse_assessment(
            {
                "course_id": course_id,
                "assessed_on": date(2027, 1, 2),
                "kps": 80,
                "csf": {"markers": [{"name": "CEA", "value": "26", "unit": "ng/mL"}]},
            }
        )
    )
    answers = Answers(path=str(tmp_path / "t.csv"))
    view = _view(qtbot, ctx, answers)
    _pick_course(qtbot, view)
    view.lower_tabs.setCurrentIndex(1)
    assert len(view.trends.plot.kps.listDataItems()) == 1
    assert len(view.trends.plot.markers.listDataItems()) == 1
    view.trends.csv_button.click()
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel (zh)
    rows = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8-sig")))
    assert rows[0] == ["date", "kind", "name", "value", "unit", "detail"]
    assert ["2027-01-02", "marker", "CEA", "26", "ng/mL", ""] in rows
    answers.path = str(tmp_path / "t.png")
    view.trends.png_button.click()
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")

    pool = QThreadPool()
    view.pool = pool
    view.report_language.setCurrentIndex(view.report_language.findData("zh_CN"))
    answers.path = str(tmp_path / "r.pdf")
    view.report_button.click()
    qtbot.waitUntil(lambda: (tmp_path / "r.pdf").exists(), timeout=15000)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    actions = [e.action for e in ctx.patients.history("course", course_id)]
    assert "assessment.report" in actions

    set_language("zh_CN")
    view.retranslate()
    assert view.save_button.text() == "保存评估(Ctrl+S)"
    assert view.history.table.text(0, 1) == "基线"
    assert "提示治疗有效" in view.history.table.text(1, 8)
    assert "卡氏评分" in view.history.comparison.toPlainText()


def test_make_baseline_and_retract_from_the_history(qtbot: Any, ctx: Any) -> None:
    course_id = _course(ctx)
    repo = AssessmentRepository(ctx.patients)
    from lmdesk.models.response.assessment import parse_assessment

    for day in (date(2026, 12, 15), date(2026, 12, 22)):
        repo.add(parse_assessment({"course_id": course_id, "assessed_on": day, "kps": 70}))
    view = _view(qtbot, ctx, Answers())
    _pick_course(qtbot, view)
    view.history.table.selectRow(1)
    view.history.baseline_button.click()
    assert "after the baseline" in view.report_status.text()  # the earlier would follow the later
    view.history.retract_button.click()
    assert view.history.table.rowCount() == 1
    assert [a.status for a in repo.for_course(course_id, include_retracted=True)] == [
        "active",
        "retracted",
    ]


def test_selftest_runs(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx, Answers())
    run_demo(view)


def test_a_course_opened_by_code_shows_its_patient_and_course_in_the_finder(
    qtbot: Any, ctx: Any
) -> None:
    """Opened on a course (not chosen in the finder), the screen said which course in its
    label while the patient box stayed empty."""
    course_id = _course(ctx)
    view = _view(qtbot, ctx, Answers())
    view.show_course(course_id)
    assert view.finder.patient_picker.current_mrn() == "LM-7"
    assert view.finder.current_course() == course_id
    assert view.finder.patient_picker.names_current()  # the box shows that patient
