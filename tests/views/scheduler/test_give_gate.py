"""The Courses screen gives a dose only through the pre-dose gate (issue 22), clicked and typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from view_staff import PASSWORD

from lmdesk.devtools import bedside_demo as demo
from lmdesk.models.scheduling import course_actions
from lmdesk.store.course_repo import CourseRepository
from lmdesk.views.courses.course_view import CoursesView
from lmdesk.views.courses.give_dialog import GiveDialog

pytestmark = pytest.mark.usefixtures("staff")  # stored staff sign in on screen


class DialogAsker:
    """Opens the real give dialog, lets the test drive it, returns its answer (no exec)."""

    def __init__(self, qtbot, drive):
        self.qtbot = qtbot
        self.drive = drive
        self.dialog: GiveDialog | None = None
        self.warnings: list[str] = []

    def give(self, session, now, user, check, overdose_card=None, drug_name="", authorize=None):
        self.dialog = GiveDialog(
            session,
            now,
            user,
            check,
            overdose_card=overdose_card,
            drug_name=drug_name,
            authorize=authorize,
        )
        self.qtbot.addWidget(self.dialog)
        self.drive(self.dialog)
        return self.dialog.answer

    def warn(self, title, text):
        self.warnings.append(text)

    def text(self, title, label):
        return None


def sign_as(qtbot, dialog: GiveDialog, login: str) -> None:
    """Who gives signs in the dialog: their login name and password (issue 23)."""
    dialog.who.setText(login)
    qtbot.keyClicks(dialog.password, PASSWORD)


def click_give(qtbot, dialog: GiveDialog) -> None:
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)


def open_view(qtbot, ctx, drive):
    asker = DialogAsker(qtbot, drive)
    view = CoursesView(ctx, asker=asker)
    qtbot.addWidget(view)
    view.select_session(1)
    return view, asker


def stop_rules(dialog: GiveDialog) -> set[str]:
    assert dialog.gate_result is not None
    return {f.rule for f in dialog.gate_result.stops}


def refused(qtbot, ctx, rule: str, overridable: bool = True) -> GiveDialog:
    def drive(dialog: GiveDialog) -> None:
        assert rule in stop_rules(dialog)
        rows = [dialog.findings.level_of_row(r) for r in range(dialog.findings.rowCount())]
        assert rows[0] == "stop"
        assert dialog.give_button.isEnabled() is overridable
        if overridable:
            sign_as(qtbot, dialog, "nurse.li")
            click_give(qtbot, dialog)  # no reason typed
            assert "type why" in dialog.error.text()
            dialog.override.setText("\u200b  ")  # invisible only
            click_give(qtbot, dialog)
            assert "type why" in dialog.error.text()
        else:
            assert dialog.try_give() is False and "cannot be overridden" in dialog.error.text()
        assert dialog.answer is None

    view, asker = open_view(qtbot, ctx, drive)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert asker.dialog is not None
    assert view.course is not None and view.course.session(1).status == "planned"
    return asker.dialog


def test_unverified_course_cannot_be_given(qtbot, ctx):
    demo.add_patient(ctx)
    demo.add_course(ctx)
    demo.add_labs(ctx)
    dialog = refused(qtbot, ctx, "verification", overridable=False)
    source = [dialog.findings.item(r, 1).text() for r in range(dialog.findings.rowCount())]
    assert any("verif" in text for text in source)


def test_low_platelets_refused(qtbot, ctx):
    demo.add_patient(ctx)
    demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx, platelets="30")
    dialog = refused(qtbot, ctx, "platelets_lp")
    row = next(i for i, f in enumerate(dialog.findings.findings) if f.rule == "platelets_lp")
    assert dialog.findings.item(row, 2).text()  # its source is shown


def test_apixaban_inside_its_hold_time_refused(qtbot, ctx):
    demo.add_patient(ctx)
    demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx)
    demo.add_apixaban(ctx, hours_ago=12)
    dialog = refused(qtbot, ctx, "antithrombotic_hold")
    assert dialog.override.isVisible() or not dialog.isVisible()


def test_grade3_adverse_event_refused(qtbot, ctx):
    demo.add_patient(ctx)
    course = demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx)
    demo.add_grade3(ctx, course)
    refused(qtbot, ctx, "ae_grade3")


def test_second_it_dose_same_day_through_a_stopped_course_refused(qtbot, ctx):
    demo.add_patient(ctx)
    first = demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx)

    def give_clear(dialog: GiveDialog) -> None:
        assert dialog.gate_result is not None and dialog.gate_result.clear
        dialog.when.setDateTime(dialog.when.dateTime().addSecs(-1800))
        sign_as(qtbot, dialog, "nurse.li")
        click_give(qtbot, dialog)

    view, _asker = open_view(qtbot, ctx, give_clear)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert view.course is not None and view.course.session(1).status == "given"
    repo = CourseRepository(ctx.patients)
    first = repo.get(first.id)
    repo.apply(first, course_actions.stop(first, "switch", ctx.clock.now(), "Dr A"))
    demo.verify(ctx, demo.add_course(ctx, protocol="cytarabine-moit"))
    dialog = refused(qtbot, ctx, "interval_min")
    assert dialog.gate_result is not None


def test_override_with_a_reason_gives_and_is_audited(qtbot, ctx):
    demo.add_patient(ctx)
    demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx, platelets="30")
    demo.add_apixaban(ctx, hours_ago=12)

    def override(dialog: GiveDialog) -> None:
        assert {"platelets_lp", "antithrombotic_hold"} <= stop_rules(dialog)
        sign_as(qtbot, dialog, "dr.chen")  # overriding a stop needs a registered prescriber
        qtbot.keyClicks(dialog.override, "transfused; haematology agreed")
        click_give(qtbot, dialog)
        assert dialog.answer is not None

    view, asker = open_view(qtbot, ctx, override)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert not asker.warnings
    assert view.course is not None
    given = view.course.session(1)
    assert given.status == "given"
    whats = view.history_list.shown_texts(2)
    assert any("transfused; haematology agreed" in w for w in whats), whats


def test_overdose_card_opens_from_the_give_dialog(qtbot, ctx):
    """Issue 22: "Overdose card…" in the give dialog opens methotrexate's sourced card."""
    from lmdesk.views.common.overdose_dialog import OverdoseDialog

    demo.add_patient(ctx)
    demo.verify(ctx, demo.add_course(ctx))
    demo.add_labs(ctx)
    seen: dict[str, object] = {}

    def drive(dialog: GiveDialog) -> None:
        assert dialog.overdose_button.isVisibleTo(dialog)
        dialog.dose.setValue(150)
        qtbot.mouseClick(dialog.overdose_button, Qt.MouseButton.LeftButton)
        card = dialog.overdose_dialog
        assert isinstance(card, OverdoseDialog) and card.isVisible()
        assert card.parent() is dialog
        seen["band"] = card.band.text()
        seen["never"] = card.never.text()
        card.close()

    view, asker = open_view(qtbot, ctx, drive)
    qtbot.mouseClick(view.buttons["give"], Qt.MouseButton.LeftButton)
    assert asker.dialog is not None
    assert "150 mg" in str(seen["band"]) and "Methotrexate" in str(seen["band"])
    assert "NEVER give leucovorin" in str(seen["never"])
