"""Other workstations' changes on the screens: the listener's thread bridged to Qt signals.

``LiveChanges`` wraps the store's ``ChangeListener`` (a thread) and re-emits what it hears on
the GUI thread (queued). Each screen that shows patient data follows it through a
:class:`FollowChanges`: a burst of changes becomes one reload 200 ms later, a hidden screen
reloads when it is shown again, and a form with unsaved edits is not reloaded under the user's
hands: a notice names who changed what and when, with a Reload button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.store.server.listener import Change, ChangeListener

if TYPE_CHECKING:
    from lmdesk.store.server.ward_db import ServerPatientDB

log = logging.getLogger("lmdesk.gui.live")

#: A burst of changes (one give writes several rows) becomes one reload after this pause.
COALESCE_MS = 200


class LiveChanges(QObject):
    """The ward's changes and the server's reachability, as signals on the GUI thread."""

    changed = Signal(object)  # a Change
    server_state = Signal(bool, str)  # reachable?, why not (for people)
    listener_state = Signal(bool, str)  # the listening connection's own, on the GUI thread
    _heard = Signal(object)  # from the listener's thread
    _state_heard = Signal(bool, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener: ChangeListener | None = None
        self.up: bool | None = None
        self.message = ""
        #: The listener's state is the server's (a ``WardServerLink`` turns this off: it also
        #: reconnects the main connection before saying the server is back).
        self.auto_state = True
        queued = Qt.ConnectionType.QueuedConnection
        self._heard.connect(self.changed, queued)
        self._state_heard.connect(self._listener_state, queued)

    def follow(self, pdb: ServerPatientDB) -> None:
        """Listen as ``pdb``'s person (after a sign-in or a switch of user)."""
        self.stop()
        self.listener = ChangeListener.for_store(pdb, self._heard.emit, self._state_heard.emit)
        self.listener.start()

    def stop(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop()

    def retry_now(self) -> None:
        if self.listener is not None:
            self.listener.retry_now()

    def _listener_state(self, up: bool, message: str) -> None:
        self.listener_state.emit(up, message)
        if self.auto_state:
            self.report(up, message)

    def report(self, up: bool, message: str = "") -> None:
        """Say the server's state from the GUI thread (a refused write, a reconnect)."""
        if up == self.up and message == self.message:
            return
        self.up, self.message = up, message
        self.server_state.emit(up, message)


def change_notice_text(change: Change) -> str:
    """'Changed by {who} at {time} — reload' for a screen that keeps unsaved edits."""
    try:
        when = datetime.fromisoformat(change.at).strftime("%H:%M")
    except ValueError:
        when = change.at
    return _("Changed by {who} at {time} on another workstation — reload to see it.").format(
        who=change.user or "?", time=when
    )


class ChangeNotice(QWidget):
    """A one-line notice above a screen whose edits were not reloaded away."""

    def __init__(self, reload: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_notice")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setObjectName("change_notice_text")
        self.button = QPushButton()
        self.button.setObjectName("change_notice_reload")
        self.button.clicked.connect(lambda _checked=False: reload())
        self.setStyleSheet("#change_notice { background: #e8f0fe; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.button.setText(_("Reload"))


class FollowChanges(QObject):
    """One screen follows the ward's changes (see the module's docstring)."""

    def __init__(
        self,
        screen: QWidget,
        live: LiveChanges | None,
        reload: Callable[[], None],
        *,
        entities: Iterable[str] | None = None,
        dirty: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(screen)
        self.screen = screen
        self._reload = reload
        self.entities = frozenset(entities) if entities is not None else None
        self._dirty = dirty
        self.stale = False
        self.last: Change | None = None
        self.notice: ChangeNotice | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self._due)
        self._was_down = False
        if live is None:
            return
        live.changed.connect(self.heard)
        live.server_state.connect(self._server_state)
        screen.installEventFilter(self)

    def heard(self, change: object) -> None:
        if not isinstance(change, Change):
            return
        if self.entities is not None and change.entity not in self.entities:
            return
        self.last = change
        if self._dirty is not None and self._dirty():
            self._show_notice(change)
            return
        self.timer.start()  # restarted by each change of a burst

    def _server_state(self, up: bool, _message: str) -> None:
        if not up:
            self._was_down = True
        elif self._was_down:  # back: what happened meanwhile was not heard
            self._was_down = False
            if self._dirty is None or not self._dirty():
                self.timer.start()

    def _due(self) -> None:
        if not self.screen.isVisible():
            self.stale = True  # reloaded when shown again
            return
        self.reload_now()

    def reload_now(self) -> None:
        self.stale = False
        if self.notice is not None:
            self.notice.hide()
        try:
            self._reload()
        except LmdeskError as exc:  # the server gone again: the banner says so
            log.warning("reload after a change failed: %s", exc)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.screen and event.type() == QEvent.Type.Show and self.stale:
            self.timer.start()
        return False

    def _show_notice(self, change: Change) -> None:
        if self.notice is None:
            self.notice = ChangeNotice(self.reload_now)
            layout = self.screen.layout()
            if isinstance(layout, QBoxLayout):
                layout.insertWidget(0, self.notice)
            else:
                self.notice.setParent(self.screen)
        self.notice.text.setText(change_notice_text(change))
        self.notice.show()

    def retranslate(self) -> None:
        if self.notice is not None:
            self.notice.retranslate()
            if self.last is not None:
                self.notice.text.setText(change_notice_text(self.last))
