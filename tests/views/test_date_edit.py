"""Typed dates are taken as typed or refused with a visible message (issue 26).

QDateEdit turned 2026-12-07 into 2026-10-07 (today as the maximum) and, after Ctrl+A, "2026-11-20"
into 2000-11-20 in the Ommaya implant date; these drive the boxes as a user types.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt

from lmdesk.views.assessment.assessment_form import AssessmentForm
from lmdesk.views.date_edit import DateEdit, dash_when_unknown, parse_typed_date
from lmdesk.views.patients.patient_form import PatientForm


def type_date(qtbot: Any, box: Any, text: str) -> None:
    """Select all, type, leave the box (Tab)."""
    line = box.lineEdit()
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if not text:
        qtbot.keyClick(line, Qt.Key.Key_Delete)
    elif text.isascii():
        qtbot.keyClicks(line, text)
    else:  # QTest types Latin-1 only; an input method commits the text at once
        line.insert(text)
    line.editingFinished.emit()


def test_the_ommaya_implant_date_is_taken_as_typed(qtbot: Any) -> None:
    form = PatientForm()
    qtbot.addWidget(form)
    form.show()
    for _attempt in range(3):  # 3 of 3 times it became 2000-11-20
        qtbot.mouseClick(form.ommaya_date.known, Qt.MouseButton.LeftButton)
        if not form.ommaya_date.known.isChecked():
            qtbot.mouseClick(form.ommaya_date.known, Qt.MouseButton.LeftButton)
        type_date(qtbot, form.ommaya_date.edit, "2026-11-20")
        assert form.ommaya_date.value() == date(2026, 11, 20)
        assert form.ommaya_date.edit.text().startswith("2026-11-20")
        qtbot.mouseClick(form.ommaya_date.known, Qt.MouseButton.LeftButton)  # untick


def test_today_as_the_maximum_takes_december(qtbot: Any) -> None:
    form = AssessmentForm(date(2026, 12, 7))
    qtbot.addWidget(form)
    form.date.setDate(QDate(2026, 11, 30))
    type_date(qtbot, form.date, "2026-12-07")
    assert form.date.date() == QDate(2026, 12, 7)
    assert form.date.message() == ""


def test_a_date_after_the_maximum_is_refused_with_a_message(qtbot: Any) -> None:
    form = AssessmentForm(date(2026, 12, 7))
    qtbot.addWidget(form)
    form.show()
    form.date.setDate(QDate(2026, 12, 1))
    type_date(qtbot, form.date, "2026-12-08")
    assert form.date.date() == QDate(2026, 12, 1)  # kept, and said so
    message = form.date.message()
    assert "2026-12-08" in message and "2026-12-07" in message and "2026-12-01" in message
    assert form.date.findChild(object, "date_message").isVisible()
    type_date(qtbot, form.date, "2026-12-05")
    assert form.date.date() == QDate(2026, 12, 5) and form.date.message() == ""


def test_what_is_not_a_date_is_refused_and_the_box_shows_the_kept_date(qtbot: Any) -> None:
    box = DateEdit(QDate(2027, 1, 4))
    qtbot.addWidget(box)
    type_date(qtbot, box, "2027-02-30")
    assert box.date() == QDate(2027, 1, 4)
    assert "2027-02-30" in box.message() and box.text().startswith("2027-01-04")


def test_lenient_forms_are_taken_when_leaving_the_box(qtbot: Any) -> None:
    box = DateEdit(QDate(2027, 1, 4))
    qtbot.addWidget(box)
    for text, expected in (
        ("2027-3-5", QDate(2027, 3, 5)),
        ("2027/03/06", QDate(2027, 3, 6)),
        ("20270307", QDate(2027, 3, 7)),
        ("2027年3月8日", QDate(2027, 3, 8)),
    ):
        type_date(qtbot, box, text)
        assert box.date() == expected, text


def test_a_dash_box_goes_back_to_unknown_when_cleared(qtbot: Any) -> None:
    box = dash_when_unknown(DateEdit())
    qtbot.addWidget(box)
    assert box.text() == "—"
    type_date(qtbot, box, "2026-11-20")
    assert box.date() == QDate(2026, 11, 20)
    type_date(qtbot, box, "")
    assert box.text() == "—" and box.date() == box.minimumDate()


def test_a_complete_date_is_taken_while_typing(qtbot: Any) -> None:
    """Previews follow the typing: dateChanged fires once the date is complete."""
    box = DateEdit(QDate(2027, 1, 4))
    qtbot.addWidget(box)
    seen: list[QDate] = []
    box.dateChanged.connect(seen.append)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "2027-01-15")
    assert seen == [QDate(2027, 1, 15)]


def test_up_and_down_step_a_day(qtbot: Any) -> None:
    box = DateEdit(QDate(2027, 1, 4))
    qtbot.addWidget(box)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Up)
    assert box.date() == QDate(2027, 1, 5)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Down)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Down)
    assert box.date() == QDate(2027, 1, 3)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)))
def test_every_iso_date_parses_to_itself(day: date) -> None:
    parsed = parse_typed_date(day.isoformat())
    assert parsed is not None and parsed.toPython() == day
    assert parse_typed_date(day.isoformat() + " Mon") == parsed
