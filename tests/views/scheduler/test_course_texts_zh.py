"""The courses screen in Chinese: co-medications by their Chinese names with the route in
Chinese, the protocol named in Chinese, the planner's notes in Chinese (issue 14)."""

from __future__ import annotations

from datetime import date

from lmdesk.i18n import set_language
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.courses.plan_dialog import PlanCourseDialog

DETAILS = 6


def _course_view(qtbot, ctx, reference, protocol_id: str) -> CoursesView:
    PatientRepository(ctx.patients).add(Patient(mrn="Z1", name="王五"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get(protocol_id),
        PlanOptions(start=date(2027, 1, 4), maintenance_count=2, confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    CourseRepository(ctx.patients).add(course_from_plan(plan, "Z1", "Dr A", ctx.clock.now()))
    view = CoursesView(ctx)
    qtbot.addWidget(view)
    view.select_patient("Z1")
    return view


def test_co_medications_show_their_chinese_names_and_routes(qtbot, ctx, reference, zh) -> None:
    ctx.language = "zh_CN"
    view = _course_view(qtbot, ctx, reference, "pemetrexed-pmlm")
    details = view.sessions.index(0, DETAILS).data()
    assert "+ 地塞米松 5 mg（鞘内）" in details
    assert "+ 叶酸 每日 400 µg（来源未说明给药途径）" in details
    assert "+ 维生素 B12 每日 1000 µg（来源未说明给药途径）" in details
    for english in ("dexamethasone", "folic", "daily", "intrathecal"):
        assert english not in details.lower()
    assert "培美曲塞" in view.summary.text() and "pemetrexed" not in view.summary.text()
    assert view.course_box.itemText(0).startswith("#1 培美曲塞鞘内注射 15 mg")


def test_the_same_course_reads_in_english_after_a_switch(qtbot, ctx, reference, zh) -> None:
    ctx.language = "zh_CN"
    view = _course_view(qtbot, ctx, reference, "pemetrexed-pan2019")
    set_language("en")
    ctx.language = "en"
    view.retranslate()
    details = view.sessions.index(0, DETAILS).data()
    assert "+ Dexamethasone 5 mg (intrathecal)" in details
    assert "+ Folic acid 400 µg once daily (oral)" in details  # the vitamin rule's
    assert view.course_box.itemText(0).startswith("#1 Pemetrexed IT 10 mg by LP")


def test_plan_dialog_notes_are_in_chinese(qtbot, ctx, reference, zh) -> None:
    ctx.language = "zh_CN"
    PatientRepository(ctx.patients).add(Patient(mrn="Z2", name="赵六"))
    stores = SchedulerStores(ctx.reference, ctx.patients)
    patient = stores.patients.by_mrn("Z2")
    dialog = PlanCourseDialog(stores, patient, ctx.clock.now(), "Dr A")
    qtbot.addWidget(dialog)
    dialog.protocol.setCurrentIndex(dialog.protocol.findData("pemetrexed-pan2019"))
    text = dialog.findings.text()
    assert "资料未确认:暂停、恢复用药及减量规则" in text
    assert "每个培美曲塞疗程都安排叶酸 400 µg 每日口服" in text
    assert "Hold, restart" not in text and "folic" not in text
    assert "+ 地塞米松 5 mg（鞘内）" in dialog.sessions.index(0, DETAILS).data()
    dialog.protocol.setCurrentIndex(dialog.protocol.findData("mtx-classic"))
    label = dialog.range_label.text()
    assert "R42（成人常用剂量 10-15 mg）；R40（12 mg）" in label and "usual" not in label


def test_custom_protocol_co_medication_typed_in_chinese(qtbot, ctx, zh) -> None:
    """Routes are offered in words, and a drug typed by its Chinese name is stored as its card,
    so the one-IT-drug rule knows the dexamethasone co-injection and the screens name it."""
    from lmdesk.views.courses.custom_protocol_dialog import CustomProtocolDialog

    stores = SchedulerStores(ctx.reference, ctx.patients)
    dialog = CustomProtocolDialog(stores)
    qtbot.addWidget(dialog)
    dialog.pid.setText("ward-mtx")
    dialog.name.setText("病区甲氨蝶呤")
    dialog.drug.setText("甲氨蝶呤")
    dialog.add_phase("induction", 7, "0,3", "2")
    dialog.add_med("地塞米松", "5 mg", "it")
    route = dialog.meds.cellWidget(0, 2)
    assert [route.itemText(i) for i in range(route.count())][:3] == ["鞘内", "口服", "静脉"]
    dialog.save()
    assert dialog.saved is not None, dialog.error.text()
    assert [m.drug for m in dialog.saved.co_medications] == ["dexamethasone"]
    dialog.meds.item(0, 0).setText("长春新碱")
    dialog.save()
    assert "FATAL IF GIVEN INTRATHECALLY" in dialog.error.text()


def test_protocols_are_offered_by_name_without_their_codes(qtbot, ctx, zh) -> None:
    """The protocol box read "甲氨蝶呤鞘内注射(经典方案)  [mtx-classic]"; the id now only tells
    apart two protocols of the same name (a custom copy of a template)."""
    PatientRepository(ctx.patients).add(Patient(mrn="Z3", name="钱七"))
    stores = SchedulerStores(ctx.reference, ctx.patients)
    patient = stores.patients.by_mrn("Z3")

    def labels() -> dict[str, str]:
        dialog = PlanCourseDialog(stores, patient, ctx.clock.now(), "Dr A")
        qtbot.addWidget(dialog)
        box = dialog.protocol
        return {box.itemData(i): box.itemText(i) for i in range(box.count())}

    shown = labels()
    assert len(shown) >= 12 and not any("[" in text for text in shown.values())
    classic = stores.protocols.get("mtx-classic")
    assert shown["mtx-classic"] == classic.display_name("zh_CN")
    stores.protocols.save_custom(classic.model_copy(update={"id": "copy"}), stores.catalog)
    shown = labels()
    assert shown["mtx-classic"].endswith("[mtx-classic]")
    assert shown["custom-copy"].endswith("[custom-copy]")
    assert not any(
        "[" in t for pid, t in shown.items() if pid not in ("mtx-classic", "custom-copy")
    )
