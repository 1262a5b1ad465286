"""The AE grading screen on a low ward screen (issue 26): at 1200x760 the clinical grade list
showed one grade in 40 px and clipped its help, and the splitter could hide the record panel."""

from __future__ import annotations

from typing import Any

import pytest
from fit_check import settled_fit_problems
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QScrollArea, QSplitter

from lmdesk.views.grading.grading_view import GradingView

#: What the main window leaves a screen on a 1200x760 window (navigation, menus, status bar).
PAGE = QSize(940, 690)


def _view(qtbot: Any, ctx: Any) -> GradingView:
    view = GradingView(ctx, confirm=lambda _question: True)
    qtbot.addWidget(view)
    view.resize(PAGE)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_clinical_grading_shows_its_grades_and_the_record_panel(
    qtbot: Any, ctx: Any, language: str
) -> None:
    from lmdesk.i18n import set_language

    set_language(language)
    view = _view(qtbot, ctx)
    view.retranslate()
    view.tabs.setCurrentIndex(1)
    assert view.clinical.select_term("Headache")
    grades = view.clinical.grade_area.parentWidget().parentWidget()  # viewport, scroll area
    assert isinstance(grades, QScrollArea)
    line = view.clinical.fontMetrics().height()
    assert grades.viewport().height() >= 3 * line  # not a 40-px sliver with Grade 1 only
    assert settled_fit_problems(view, PAGE) == []


def test_the_splitter_cannot_drag_the_record_panel_away(qtbot: Any, ctx: Any) -> None:
    view = _view(qtbot, ctx)
    splitter = next(s for s in view.findChildren(QSplitter) if view.record in _children(s))
    splitter.moveSplitter(splitter.height(), 1)  # drag the handle to the bottom
    qtbot.wait(20)
    assert view.record.isVisible() and view.record.height() >= 200
    splitter.moveSplitter(0, 1)  # and to the top: the grading tabs stay too
    qtbot.wait(20)
    assert view.tabs.height() >= 200
    assert settled_fit_problems(view, PAGE) == []


def _children(splitter: QSplitter) -> list[object]:
    return [splitter.widget(i) for i in range(splitter.count())]


def test_a_long_grade_wraps_and_a_click_on_its_words_chooses_it(qtbot: Any, ctx: Any) -> None:
    from PySide6.QtCore import Qt

    view = _view(qtbot, ctx)
    view.tabs.setCurrentIndex(1)
    assert view.clinical.select_term("Headache")
    words = view.clinical.grade_texts[3]
    assert words.wordWrap() and "Severe pain" in words.text()
    assert view.clinical.grade_group.button(3).text() == "Grade 3"
    qtbot.mouseClick(words, Qt.MouseButton.LeftButton)
    assert view.clinical.grade_group.checkedId() == 3
