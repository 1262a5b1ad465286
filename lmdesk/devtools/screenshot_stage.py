"""What the screenshot scenes stand on: the stage a scene plays on (the real window over the
demo database), the scene record, and helpers that drive widgets as a user does.

Helpers fail loudly (a hidden button, a missing combo entry, a dialog that never opens):
a scene that silently did nothing would shoot the wrong state.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSize, Qt, QTimer, SignalInstance
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

if TYPE_CHECKING:
    from lmdesk.app_context import AppContext
    from lmdesk.views.main_window import MainWindow

V = TypeVar("V", bound=QWidget)


def settle(seconds: float) -> None:
    """Let workers finish and the window repaint."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def wait_until(done: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Process events until ``done()``; raise if it takes longer than ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.02)


def wait_for(signal: SignalInstance, what: str, start: Callable[[], object]) -> None:
    """Call ``start`` and wait for ``signal`` (connected first, so it cannot be missed)."""
    fired: list[object] = []
    signal.connect(lambda *args: fired.append(args))
    start()
    wait_until(lambda: bool(fired), what)


@dataclass
class Stage:
    """What a scene works with: the window over the demo database, in the run's language."""

    ctx: AppContext
    window: MainWindow
    language: str
    scratch: Path
    settle_s: float = 0.5
    #: called with the widget about to be shot (tests read the screen's words from it)
    inspect: Callable[[QWidget], None] | None = None
    #: the ward screen the run stands for: a dialog is never made larger than it
    screen: QSize = field(default_factory=lambda: QSize(1280, 800))
    image: QImage | None = field(default=None, init=False)

    def view(self, key: str, kind: type[V]) -> V:
        """Open the main view ``key`` (as its navigation entry does) and return it."""
        view = self.window.open_view(key)
        if not isinstance(view, kind):
            raise TypeError(f"view {key!r} is a {type(view).__name__}, not a {kind.__name__}")
        settle(0.1)
        return view

    def shoot(self, widget: QWidget, seconds: float | None = None) -> None:
        """Let ``widget`` repaint, then keep its image as the scene's shot."""
        if self.image is not None:
            raise RuntimeError("a scene shoots once")
        settle(self.settle_s if seconds is None else seconds)
        if self.inspect is not None:
            self.inspect(widget)
        self.image = widget.grab().toImage()

    def size_dialog(self, dialog: QWidget, wanted: QSize) -> None:
        """Give ``dialog`` its size hint, at least ``wanted``, at most the screen."""
        dialog.resize(dialog.sizeHint().expandedTo(wanted).boundedTo(self.screen))

    def shoot_pdf(self, pdf: Path, dpi: int) -> None:
        """The first page of ``pdf`` as the shot (needs poppler's ``pdftoppm``)."""
        stem = self.scratch / f"{pdf.stem}-page"
        subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", "1", "-l", "1", pdf, stem],
            check=True,
            capture_output=True,
        )
        self.image = QImage(str(stem.with_suffix(".png")))

    def in_modal(
        self, open_it: Callable[[], object], act: Callable[[QDialog], None], timeout: float = 15.0
    ) -> None:
        """``open_it()`` opens a modal dialog (exec); ``act(dialog)`` runs once it is up; the
        dialog is then rejected, unless ``act`` closed it."""
        state = {"acted": False, "open": True}
        end = time.monotonic() + timeout

        def poll() -> None:
            if not state["open"]:
                return
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and dialog.isVisible():
                state["acted"] = True
                try:
                    settle(0.2)
                    act(dialog)
                finally:
                    if dialog.isVisible():
                        dialog.reject()
            elif time.monotonic() < end:
                QTimer.singleShot(50, poll)

        QTimer.singleShot(50, poll)
        try:
            open_it()
        finally:
            state["open"] = False
        if not state["acted"]:
            raise RuntimeError("no dialog was opened")


@dataclass(frozen=True)
class Scene:
    """``stem`` names the file; ``{lang}`` in it is the run's language."""

    key: str
    view: str
    run: Callable[[Stage], None]
    stem: str = "{key}-{lang}"
    needs_pdftoppm: bool = False

    def file_name(self, language: str) -> str:
        return self.stem.format(key=self.key, lang=language) + ".png"


# --------------------------------------------------------------------------- helpers


def choose(box: QComboBox, data: object) -> None:
    """Pick the entry holding ``data``, as a user picks it from the list."""
    index = box.findData(data)
    if index < 0:
        raise LookupError(f"{box.objectName() or 'combo'} has no entry {data!r}")
    box.setCurrentIndex(index)


def type_into(edit: QWidget, text: str) -> None:
    """Type like a user: key clicks for ASCII; CJK arrives committed by the input method."""
    if isinstance(edit, (QLineEdit, QAbstractSpinBox)):
        edit.selectAll()
    if text.isascii():
        QTest.keyClicks(edit, text)
    elif isinstance(edit, QLineEdit):
        edit.insert(text)
    else:
        raise ValueError(f"cannot type {text!r} into {type(edit).__name__}")


def drop_focus() -> None:
    """Take the keyboard focus away, as a user clicking elsewhere does."""
    focused = QApplication.focusWidget()
    if focused is not None:
        focused.clearFocus()


def click(button: QAbstractButton) -> None:
    """Click like a user; a hidden or disabled button is an error, not a silent no-op."""
    settle(0.05)  # a widget just shown again needs its layout before it takes clicks
    if not (button.isVisible() and button.isEnabled()):
        raise RuntimeError(f"cannot click {button.text() or button.objectName()!r}")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def by_language(language: str, en: str, zh: str) -> str:
    return zh if language.startswith("zh") else en


def scroll_to(widget: QWidget) -> None:
    """Scroll the nearest scroll area around ``widget`` so that it is in view."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)


def answer_yes(dialog: QDialog) -> None:
    if not isinstance(dialog, QMessageBox):
        raise TypeError(f"expected a question, got a {type(dialog).__name__}")
    yes = dialog.button(QMessageBox.StandardButton.Yes)
    if yes is None:
        raise LookupError("the question has no Yes button")
    yes.click()


def attr_of(owner: object, name: str, kind: type[V]) -> V:
    value = getattr(owner, name, None)
    if not isinstance(value, kind):
        raise TypeError(f"{type(owner).__name__}.{name} is not a {kind.__name__}")
    return value
