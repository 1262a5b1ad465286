"""Beside the next dose (issue 22): labs, antithrombotics, grade >= 3 AEs and the gate status on
the Courses screen; lab and antithrombotic entry through small dialogs, bad input saves nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QScrollBar

from lmdesk.devtools import bedside_demo as demo
from lmdesk.store.labs_repo import LabsRepository
from lmdesk.store.medications_repo import MedicationsRepository
from lmdesk.views.courses.bedside_dialogs import LabDialog, MedicationDialog
from lmdesk.views.courses.course_view import CoursesView


def save(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def make_view(qtbot, ctx, drive=None):
    def runner(dialog):
        qtbot.addWidget(dialog)
        drive(dialog)
        return dialog.result() == 1

    view = CoursesView(ctx, dialog_runner=runner)
    qtbot.addWidget(view)
    return view


def test_panel_shows_labs_meds_ae_and_status(qtbot, ctx):
    demo.add_patient(ctx)
    course = demo.add_course(ctx)
    view = make_view(qtbot, ctx)
    text = view.bedside.text.text()
    assert "needs labs" in text and "none recorded" in text
    demo.verify(ctx, course)
    demo.add_labs(ctx, platelets="30")
    demo.add_apixaban(ctx, hours_ago=12)
    demo.add_grade3(ctx, course)
    view.refresh_patients()
    view.select_session(1)
    text = view.bedside.text.text()
    assert "stop" in text
    assert "30 10^9/L" in text and "apixaban 5 mg" in text
    assert "Arachnoiditis: grade 3" in text


def test_add_lab_and_medication_through_dialogs(qtbot, ctx):
    demo.add_patient(ctx)
    demo.add_course(ctx)
    steps = []

    def drive(dialog):
        if isinstance(dialog, LabDialog):
            dialog.test.setCurrentIndex(dialog.test.findData("platelets"))
            qtbot.keyClicks(dialog.value, "abc")
            save(qtbot, dialog)
            steps.append(dialog.error.text())
            assert dialog.saved is None
            dialog.value.clear()
            qtbot.keyClicks(dialog.value, "95")
            qtbot.keyClicks(dialog.lln, "100")
            qtbot.keyClicks(dialog.uln, "50")
            save(qtbot, dialog)  # LLN above ULN
            steps.append(dialog.error.text())
            dialog.uln.clear()
            qtbot.keyClicks(dialog.uln, "300")
            dialog.when.setDateTime(dialog.when.dateTime().addSecs(-3600))
            save(qtbot, dialog)
            assert dialog.saved is not None
        else:
            assert isinstance(dialog, MedicationDialog)
            dialog.drug.setCurrentIndex(dialog.drug.findData("apixaban"))
            dialog.when.setDateTime(dialog.when.dateTime().addDays(2))  # future
            save(qtbot, dialog)
            steps.append(dialog.error.text())
            assert dialog.saved is None
            dialog.when.setDateTime(dialog.when.dateTime().addDays(-3))
            qtbot.keyClicks(dialog.dose, "x")
            save(qtbot, dialog)
            steps.append(dialog.error.text())
            dialog.dose.clear()
            qtbot.keyClicks(dialog.dose, "5")
            save(qtbot, dialog)
            assert dialog.saved is not None

    view = make_view(qtbot, ctx, drive)
    qtbot.mouseClick(view.bedside.add_lab, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.bedside.add_med, Qt.MouseButton.LeftButton)
    assert all(steps) and len(steps) == 4, steps
    labs = LabsRepository(ctx.patients).for_patient(demo.MRN)
    meds = MedicationsRepository(ctx.patients).for_patient(demo.MRN)
    assert [r.test for r in labs] == ["platelets"] and labs[0].std_value == 95
    assert [m.drug for m in meds] == ["apixaban"]
    assert "95 10^9/L" in view.bedside.text.text()
    assert "apixaban 5 mg" in view.bedside.text.text()


def test_courses_screen_fits_a_ward_screen(qtbot, ctx):
    demo.add_patient(ctx)
    demo.add_course(ctx)
    view = make_view(qtbot, ctx)
    view.resize(1280 - 230, 760)
    view.show_bedside_tab()
    view.show()
    qtbot.waitExposed(view)
    for bar in view.findChildren(QScrollBar):
        if bar.orientation() == Qt.Orientation.Horizontal and bar.isVisible():
            assert bar.maximum() == 0, bar.parent().objectName()


def test_panel_names_adverse_events_in_chinese(qtbot, ctx, zh):
    """Issue 22: on the Chinese screen the CTCAE term is its Chinese name, not the English."""
    demo.add_patient(ctx)
    course = demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx)
    demo.add_grade3(ctx, course)
    view = make_view(qtbot, ctx)
    view.select_session(1)
    text = view.bedside.text.text()
    assert "蛛网膜炎" in text and "Arachnoiditis" not in text


def test_ae_term_without_chinese_stays_english(zh):
    from lmdesk.views.courses.bedside_panel import ae_term_text

    assert (
        ae_term_text("Arachnoiditis", {"Arachnoiditis": ("Arachnoiditis", "蛛网膜炎")})
        == "蛛网膜炎"
    )
    assert ae_term_text("Odd term", {"Odd term": ("Odd term", "")}) == "Odd term"
    assert ae_term_text("Unknown", {}) == "Unknown"
