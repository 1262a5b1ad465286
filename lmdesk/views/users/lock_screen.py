"""The lock screen laid over the window's content, and the idle timer that brings it back.

Pure Qt (no models): the start sequence lays it over the content before the first view is
built, so no screen of the ward's data is ever shown before someone signs in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

BACKGROUND = QColor("#eef2f6")

#: The input events that count as someone at the keyboard (the idle lock restarts on each).
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QWidget):
    """Covers its parent entirely (follows its size); holds one form at a time.

    It paints its own background instead of being marked opaque, so Qt still paints what
    lies under it (the start sequence waits for the first view's first frame).
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.title = QLabel()
        self.title.setObjectName("lock_title")
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.card = QFrame()
        self.card.setObjectName("lock_card")
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setMaximumWidth(560)
        self.card.setMinimumWidth(420)
        self._card_layout = QVBoxLayout(self.card)
        self._card_layout.addWidget(self.title)
        self._card_layout.addWidget(self.message)
        self.form: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.card, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        outer.setContentsMargins(40, 20, 40, 20)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())

    def set_form(self, form: QWidget) -> None:
        """Show ``form`` (sign-in or first administrator) on the card instead of the last one."""
        if self.form is form:
            return
        if self.form is not None:
            self.form.hide()
            self._card_layout.removeWidget(self.form)
        self.form = form
        self._card_layout.addWidget(form)
        form.show()
        self._card_layout.invalidate()
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.end()
        super().paintEvent(event)


class IdleWatch(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard, mouse or touch input.

    An event filter on the application restarts a single-shot timer on each input event;
    it is installed after start-up (a Python filter on the application sees every event).
    """

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)
        self._watching: QObject | None = None

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def watch(self, app: QObject) -> None:
        if self._watching is None:
            app.installEventFilter(self)
            self._watching = app
        self.timer.start()

    def pause(self) -> None:
        self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
        if self._watching is not None:
            self._watching.removeEventFilter(self)
            self._watching = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False
