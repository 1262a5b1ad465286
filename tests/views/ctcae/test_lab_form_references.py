"""The lab form with references: a v6.0 ALP below ULN is normal, the field a result needs
gets the focus, and a ULN typed with its own unit is converted and said so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from lmdesk.views.grading.grading_view import GradingView


def _view(qtbot: Any, ctx: Any) -> GradingView:
    view = GradingView(ctx, confirm=lambda _question: True)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    return view


def _grade(qtbot: Any, view: GradingView, term: str, unit: str, **fields: str) -> str:
    form = view.lab
    form.select_term(term)
    form.unit_box.setCurrentText(unit)
    for name, text in fields.items():
        edit = getattr(form, f"{name}_edit")
        edit.clear()
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(form.grade_button, Qt.MouseButton.LeftButton)
    return str(form.result_box.label.text())


def test_alp_v6_below_uln_is_normal_and_above_asks_for_the_baseline(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.set_version("6.0")
    alp = "Alkaline phosphatase increased"
    shown = _grade(qtbot, view, alp, "U/L", value="40", uln="120")
    assert "normal (no CTCAE grade)" in shown
    shown = _grade(qtbot, view, alp, "U/L", value="140", uln="120")
    assert "not gradable" in shown and "baseline" in shown
    qtbot.waitUntil(view.lab.baseline_edit.hasFocus)
    shown = _grade(qtbot, view, alp, "U/L", value="140", uln="120", baseline="100")
    assert "Grade 1" in shown


def test_creatinine_umol_l_with_uln_in_mg_dl(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    # ULN 1.2 mg/dL = 106.08 umol/L: 150 umol/L is 1.41 x ULN
    shown = _grade(qtbot, view, "Creatinine increased", "umol/L", value="150", uln="1.2 mg/dL")
    assert "Grade 1" in shown and "106.08" in shown and "113.12 g/mol" in shown


def test_creatinine_v6_points_at_the_lln_when_it_decides(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    view.set_version("6.0")
    creatinine = "Creatinine increased"
    shown = _grade(qtbot, view, creatinine, "umol/L", value="120", uln="110", baseline="60")
    assert "not gradable" in shown and "LLN" in shown
    qtbot.waitUntil(view.lab.lln_edit.hasFocus)
    shown = _grade(
        qtbot, view, creatinine, "umol/L", value="120", uln="110", baseline="60", lln="65"
    )
    assert "Grade 2" in shown


def test_a_reference_in_an_unconvertible_unit_is_refused(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    shown = _grade(qtbot, view, "Anemia", "mmol/L", value="6", lln="120 g/L")
    assert "not gradable" in shown and "g/L" in shown
    assert not view.record.record_button.isEnabled()
