import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from view_staff import PASSWORD

from lmdesk.models.patient import Patient
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.views.courses.action_dialogs import GiveInput
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.courses.plan_dialog import PlanCourseDialog
from lmdesk.views.courses.status_style import STATUS_COLOURS
from lmdesk.views.patients.patient_form import PatientForm
from lmdesk.views.patients.patients_view import PatientsView

pytestmark = pytest.mark.usefixtures("staff")  # stored staff sign in on screen


class FakeAsker:
    """Answers the course view's questions as a user would."""

    def __init__(self):
        self.answers = {}

    def text(self, title, label):
        return self.answers.get("text")

    def delay(self, session):
        return self.answers.get("delay")

    def dose(self, session):
        return self.answers.get("dose")

    def give(self, session, now, user, check, overdose_card=None, drug_name="", authorize=None):
        self.gate = check(now, session.route, session.dose_mg, user)
        answer = self.answers.get("give")
        if answer is None or authorize is None:
            return answer
        giver = authorize(self.answers.get("giver", "nurse.li"), PASSWORD, False)
        return dataclasses.replace(answer, given_by=giver.display_name, signed_by=giver)

    def verify(self, what, authorize, login=""):
        return authorize(self.answers["verifier"], PASSWORD)

    def warn(self, title, text):
        self.answers["warned"] = text


def fill_form(qtbot, form, mrn, name):
    qtbot.keyClicks(form.mrn, mrn)
    form.name.setText(name)  # QTest cannot type CJK characters


def test_create_patient_through_the_form_and_search(qtbot, ctx):
    def runner(patient, parent):
        form = PatientForm(patient, parent)
        qtbot.addWidget(form)
        fill_form(qtbot, form, "A100", "张三")
        form.kps.setCurrentIndex(form.kps.findData(80))
        form.try_accept()
        return form.result_patient()

    view = PatientsView(ctx, form_runner=runner)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.patientChosen) as signal:
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["A100"]
    assert view.model.rowCount() == 1
    PatientRepository(ctx.patients).add(Patient(mrn="B200", name="Li Si"))
    view.refresh()
    view.search.setText("张")
    assert view.model.rowCount() == 1 and view.model.patient(0).kps == 80
    view.search.clear()
    assert view.model.rowCount() == 2
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.model.index(0, 0).data() == "B200"


def test_patient_form_shows_errors_instead_of_saving(qtbot):
    form = PatientForm()
    qtbot.addWidget(form)
    form.try_accept()  # empty MRN and name
    assert form.result_patient() is None
    assert "mrn" in form.error.text()


def _patient(ctx):
    return PatientRepository(ctx.patients).add(Patient(mrn="A1", name="王五"))


def test_plan_dialog_previews_and_saves_a_course(qtbot, ctx):
    view = CoursesView(ctx, asker=FakeAsker())
    qtbot.addWidget(view)

    def runner(stores, patient, now, user, parent):
        dialog = PlanCourseDialog(stores, patient, now, user, parent)
        qtbot.addWidget(dialog)
        dialog.protocol.setCurrentIndex(dialog.protocol.findData("mtx-classic"))
        dialog.maintenance.setValue(2)
        assert dialog.sessions.rowCount() == 14
        dialog.dose.setValue(14)  # above the usual range: save blocked until a reason
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
        assert not save.isEnabled()
        qtbot.keyClicks(dialog.reason, "institutional protocol")
        assert not save.isEnabled()  # the first maintenance day is a default to confirm
        qtbot.mouseClick(dialog.confirm_default, Qt.MouseButton.LeftButton)
        assert save.isEnabled()
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        return dialog.course

    view._plan_runner = runner
    _patient(ctx)
    view.refresh_patients()
    qtbot.mouseClick(view.plan_button, Qt.MouseButton.LeftButton)
    assert view.course is not None and view.course.dose_reason == "institutional protocol"
    assert view.sessions.rowCount() == 14
    assert "institutional protocol" in view.summary.text()


def _view_with_course(qtbot, ctx, reference):
    from lmdesk.models.scheduling.course import course_from_plan
    from lmdesk.models.scheduling.planning import PlanOptions, plan_course
    from lmdesk.store.protocol_repo import ProtocolRepository

    _patient(ctx)
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), maintenance_count=2, confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    CourseRepository(ctx.patients).add(course_from_plan(plan, "A1", "Dr A", ctx.clock.now()))
    asker = FakeAsker()
    view = CoursesView(ctx, asker=asker)
    qtbot.addWidget(view)
    return view, asker


def test_give_delay_hold_and_history(qtbot, ctx, reference):
    from lmdesk.devtools import bedside_demo

    view, asker = _view_with_course(qtbot, ctx, reference)
    assert view.course is not None and view.sessions.rowCount() == 14
    assert view.calendar.status_on(date(2027, 1, 4)) == STATUS_COLOURS["planned"]
    bedside_demo.verify(ctx, view.course)  # the pre-dose gate needs these (issue 22)
    bedside_demo.add_labs(ctx)
    view._load_course()

    view.select_session(1)
    asker.answers["give"] = GiveInput(
        at=ctx.clock.now(), dose_mg=12, route="lp", given_by="Nurse Li", batch="B7"
    )
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert view.course.session(1).status == "given"
    assert view.calendar.status_on(date(2027, 1, 4)) == STATUS_COLOURS["given"]

    view.select_session(2)
    asker.answers["delay"] = (date(2027, 1, 9), "fever")
    qtbot.mouseClick(view.buttons["delay"], Qt.MouseButton.LeftButton)
    s2 = view.course.session(2)
    assert s2.status == "delayed" and s2.date == date(2027, 1, 9)
    assert view.course.session(3).date >= date(2027, 1, 12)
    assert view.calendar.status_on(date(2027, 1, 9)) == STATUS_COLOURS["delayed"]
    assert view.calendar.status_on(date(2027, 1, 7)) is None

    view.select_session(3)
    asker.answers["text"] = "platelets 40"
    qtbot.mouseClick(view.buttons["hold"], Qt.MouseButton.LeftButton)
    assert view.course.session(3).status == "held"

    whats = view.history_list.shown_texts(2)
    assert len(whats) == 5
    assert "platelets 40" in whats[0] and "fever" in whats[1] and "Li Na" in whats[2]
    assert "Course planned" in whats[4]
    assert "Planned" in view.summary.text() and "given 1" in view.summary.text()


def test_history_follows_the_reader_language_and_local_time(qtbot, ctx, reference, monkeypatch):
    """Rows written in English read in Chinese after a switch; times in the ward's zone."""
    import time

    from lmdesk.i18n import set_language

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        view, asker = _view_with_course(qtbot, ctx, reference)
        view.select_session(3)
        asker.answers["text"] = "platelets 40"
        qtbot.mouseClick(view.buttons["hold"], Qt.MouseButton.LeftButton)
        stored = CourseRepository(ctx.patients).history(view.course.id)[-1].at
        assert stored == "2027-01-04T09:00:00+08:00"
        assert view.history_list.shown_texts(0)[0] == "2027-01-04 09:00"
        assert "UTC+08:00 (CST)" in view.history_label.text()
        assert view.history_list.shown_texts(2)[0] == "Session 3 held: platelets 40"
        set_language("zh_CN")
        view.retranslate()
        held = view.history_list.shown_texts(2)[0]
        assert "platelets 40" in held and "Session" not in held and "暂停" in held
        assert "本地时间" in view.history_label.text()
        assert "甲氨蝶呤" in view.history_list.shown_texts(2)[1]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_bad_action_shows_message_and_changes_nothing(qtbot, ctx, reference, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    view, asker = _view_with_course(qtbot, ctx, reference)
    view.select_session(2)
    asker.answers["text"] = "   "
    qtbot.mouseClick(view.buttons["hold"], Qt.MouseButton.LeftButton)
    assert shown and view.course.session(2).status == "planned"
    assert view.course.revision == 0


def test_verify_and_stop(qtbot, ctx, reference, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    view, asker = _view_with_course(qtbot, ctx, reference)
    asker.answers["verifier"] = "pharm.zhao"
    qtbot.mouseClick(view.buttons["verify"], Qt.MouseButton.LeftButton)
    assert view.course.verification.by == "Zhao Min (赵敏)"
    asker.answers["text"] = "progression"
    qtbot.mouseClick(view.buttons["stop"], Qt.MouseButton.LeftButton)
    assert view.course.status == "stopped"
    assert not view.buttons["give"].isEnabled()


def test_views_in_chinese(qtbot, ctx, reference, zh):
    view, _asker = _view_with_course(qtbot, ctx, reference)
    assert view.plan_button.text() != "Plan a course…"
    patients = PatientsView(ctx)
    qtbot.addWidget(patients)
    assert patients.add_button.text() != "New patient…"
    assert view.course.sessions[0].date == date(2027, 1, 4) + timedelta(days=0)


def test_plan_dialog_warns_for_systemic_chemo_day_and_bad_dates(qtbot, ctx):
    from lmdesk.store.scheduler_context import SchedulerStores

    patient = _patient(ctx)
    stores = SchedulerStores(ctx.reference, ctx.patients)
    dialog = PlanCourseDialog(stores, patient, ctx.clock.now(), "Dr A")
    qtbot.addWidget(dialog)
    dialog.protocol.setCurrentIndex(dialog.protocol.findData("mtx-classic"))
    dialog.chemo.setText("2027-01-07")
    assert "systemic chemotherapy" in dialog.findings.text()
    dialog.chemo.setText("7 Jan")
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled() and "YYYY-MM-DD" in dialog.findings.text()


def test_holiday_dialog_adds_and_removes(qtbot, ctx):
    from lmdesk.views.courses.holiday_dialog import HolidayDialog

    repo = CourseRepository(ctx.patients)
    dialog = HolidayDialog(repo, date(2027, 2, 11))
    qtbot.addWidget(dialog)
    dialog.label.setText("Spring Festival")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert repo.holidays() == {date(2027, 2, 11): "Spring Festival"}
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "already" in dialog.error.text()
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert repo.holidays() == {} and dialog.list.count() == 0


def test_custom_protocol_dialog_saves_and_refuses_never_it(qtbot, ctx):
    from lmdesk.store.scheduler_context import SchedulerStores
    from lmdesk.views.courses.custom_protocol_dialog import CustomProtocolDialog

    stores = SchedulerStores(ctx.reference, ctx.patients)
    dialog = CustomProtocolDialog(stores)
    qtbot.addWidget(dialog)
    dialog.pid.setText("ward-mtx")
    dialog.name.setText("Ward MTX")
    dialog.drug.setText("长春新碱")
    dialog.add_phase("induction", 7, "0,3", "2")
    dialog.save()
    assert dialog.saved is None and "FATAL IF GIVEN INTRATHECALLY" in dialog.error.text()
    dialog.drug.setText("MTX")
    dialog.add_med("Vincristine", "1 mg", "iv")
    dialog.save()
    assert dialog.saved is None and "FATAL" in dialog.error.text()
    dialog.meds.item(0, 0).setText("dexamethasone")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.drug == "methotrexate"
    assert stores.protocols.get("custom-ward-mtx").phases[0].offsets_days == (0, 3)


def test_action_shortcuts_survive_language_switch(qtbot, ctx, reference):
    from lmdesk.i18n import set_language

    view, _asker = _view_with_course(qtbot, ctx, reference)
    set_language("zh_CN")
    view.retranslate()
    assert view.buttons["give"].shortcut().toString() == "Ctrl+G"
    assert "KPS" in view.summary.text()


def test_end_to_end_patient_plan_delay_hold_history(qtbot, ctx):
    """The ward's path: new patient -> plan a course -> delay one dose -> hold one -> history."""

    def form_runner(patient, parent):
        form = PatientForm(patient, parent)
        qtbot.addWidget(form)
        fill_form(qtbot, form, "E2E1", "赵六")
        form.try_accept()
        return form.result_patient()

    patients = PatientsView(ctx, form_runner=form_runner)
    qtbot.addWidget(patients)
    qtbot.mouseClick(patients.add_button, Qt.MouseButton.LeftButton)

    def plan_runner(stores, patient, now, user, parent):
        dialog = PlanCourseDialog(stores, patient, now, user, parent)
        qtbot.addWidget(dialog)
        dialog.protocol.setCurrentIndex(dialog.protocol.findData("pemetrexed-pan2019"))
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
        return dialog.course

    asker = FakeAsker()
    courses = CoursesView(ctx, asker=asker, plan_runner=plan_runner)
    qtbot.addWidget(courses)
    courses.select_patient("E2E1")
    qtbot.mouseClick(courses.plan_button, Qt.MouseButton.LeftButton)
    assert courses.course is not None and courses.sessions.rowCount() == 8
    assert "+ Dexamethasone 5 mg (intrathecal)" in courses.sessions.index(0, 6).data()

    courses.select_session(2)
    first_date = courses.course.session(2).date
    asker.answers["delay"] = (first_date + timedelta(days=2), "bed not free")
    qtbot.mouseClick(courses.buttons["delay"], Qt.MouseButton.LeftButton)
    courses.select_session(3)
    asker.answers["text"] = "WBC 2100/mm3"
    qtbot.mouseClick(courses.buttons["hold"], Qt.MouseButton.LeftButton)

    statuses = [courses.course.session(n).status for n in (1, 2, 3)]
    assert statuses == ["planned", "delayed", "held"]
    history = courses.history_list.shown_texts(2)
    assert "WBC 2100/mm3" in history[0] and "bed not free" in history[1]
    assert "Course planned" in history[2]


def test_user_text_is_shown_as_text_not_markup(qtbot, ctx, reference):
    view, asker = _view_with_course(qtbot, ctx, reference)
    asker.answers["text"] = "<b>x</b> & progression"
    qtbot.mouseClick(view.buttons["stop"], Qt.MouseButton.LeftButton)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; progression" in view.summary.text()
