"""Every screenshot scene at the ward's 1280x800 screen, in both languages (issue 26): no
button, message or input outside what the window shows or clipped (see ``fit_check``).

The scenes of ``lmdesk.devtools.screenshots`` put the real window over the demo ward into each
screen's important states (dialogs opened by their buttons); just before each shot the widget
is checked. A screen that needs scrolling of its page, a dialog larger than the screen, a
label cut by its parent or a button narrower than its text fails the scene.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fit_check import fit_problems, settled_fit_problems
from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lmdesk.devtools.screenshot_scenes import SCENES
from lmdesk.devtools.screenshots import shoot

SCREEN = QSize(1280, 800)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_scene_fits_1280x800(
    qapp, tmp_path: Path, reference_db_path: Path, language: str
) -> None:
    found: dict[str, list[str]] = {}

    def inspect(scene: str, widget: QWidget) -> None:
        found[scene] = settled_fit_problems(widget, SCREEN)

    _written, failed = shoot(
        language,
        tmp_path,
        None,
        SCREEN.width(),
        SCREEN.height(),
        reference_db=reference_db_path,
        inspect=inspect,
    )
    assert failed == []
    assert sorted(found) == sorted(s.key for s in SCENES if not s.needs_pdftoppm)
    problems = {scene: lines for scene, lines in found.items() if lines}
    assert problems == {}, "\n".join(f"{k}: {line}" for k, v in problems.items() for line in v)


# --------------------------------------------------------------------------- the check itself


def _window(qtbot) -> QDialog:
    window = QDialog()
    qtbot.addWidget(window)
    window.resize(400, 300)
    return window


def test_the_check_sees_a_button_below_the_window(qtbot) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    tall = QWidget()
    tall.setMinimumHeight(600)
    layout.addWidget(tall)
    layout.addWidget(QPushButton("Save"))
    window.setMinimumSize(0, 0)
    window.show()
    qtbot.waitExposed(window)
    window.resize(400, 300)  # the layout wants 600+, the screen gives 300
    problems = fit_problems(window, QSize(400, 300))
    assert any("larger than the 400x300 screen" in p for p in problems), problems


def test_the_check_sees_a_cut_label_and_a_narrow_button(qtbot) -> None:
    window = _window(qtbot)
    label = QLabel("a message that is much wider than the room it is given", window)
    label.setGeometry(10, 10, 80, 20)
    button = QPushButton("Response summary PDF ...", window)
    button.setGeometry(10, 40, 60, 24)
    off = QPushButton("Holidays", window)
    off.setGeometry(380, 250, 90, 24)  # half outside the window
    window.show()
    qtbot.waitExposed(window)
    problems = "\n".join(fit_problems(window, QSize(1280, 800)))
    assert "QLabel 'a message that" in problems and "text needs" in problems
    assert "QPushButton 'Response summary PDF ...'" in problems
    assert "QPushButton 'Holidays'" in problems and "cut by QDialog" in problems


def test_a_form_scrolling_inside_the_screen_is_fine_and_a_sliver_is_not(qtbot) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    form = QWidget()
    column = QVBoxLayout(form)
    for n in range(30):
        column.addWidget(QLabel(f"field {n}"))
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(form)
    layout.addWidget(scroll, 1)
    layout.addWidget(QPushButton("Save"))  # pinned below the scrolling form
    window.show()
    qtbot.waitExposed(window)
    assert fit_problems(window, QSize(1280, 800)) == []
    scroll.setFixedHeight(20)  # squeezed to a sliver: reachable, but not usable
    qtbot.waitUntil(lambda: any("shows" in p for p in fit_problems(window, QSize(1280, 800))))


def test_a_page_that_has_to_scroll_is_named(qtbot) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    page = QScrollArea()
    page.setObjectName("page-demo")  # the main window's scroll area around a view
    page.setWidgetResizable(True)
    view = QWidget()
    view.setMinimumHeight(900)
    page.setWidget(view)
    layout.addWidget(page)
    window.show()
    qtbot.waitExposed(window)
    problems = fit_problems(window, QSize(1280, 800))
    assert any(p.startswith("the screen page-demo does not fit") for p in problems), problems


def test_a_collapsed_splitter_half_is_named(qtbot) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    splitter = QSplitter()
    splitter.addWidget(QLabel("left"))
    splitter.addWidget(QPushButton("Record"))
    layout.addWidget(splitter)
    window.show()
    qtbot.waitExposed(window)
    assert fit_problems(window, QSize(1280, 800)) == []
    splitter.setSizes([400, 0])  # dragged shut: the button is there, but cannot be seen
    qtbot.waitUntil(
        lambda: any("QPushButton 'Record': squeezed" in p for p in fit_problems(window, SCREEN))
    )
    settled = settled_fit_problems(window, SCREEN, seconds=0.2)  # a real problem stays
    assert any("QPushButton 'Record': squeezed" in p for p in settled)
