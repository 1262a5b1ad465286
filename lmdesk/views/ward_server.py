"""The main window on the ward server: the banner above the screens and what keeps it true.

When the server cannot be reached (at start or mid-session) the banner says so in the store's
own words; the screens stay readable, a write is refused whole by the store. lmdesk retries by
itself every few seconds (the listener's reconnects; a probe connection on a worker, never on
the GUI thread) and at once on "Reconnect"; once back, the banner goes and the screens reload.
The banner also names a reference-data version that differs from the ward database's.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError
from lmdesk.views.jobs import Job, JobControl, start_job
from lmdesk.views.live_changes import LiveChanges

if TYPE_CHECKING:
    from lmdesk.store.server.ward_db import ServerPatientDB

log = logging.getLogger("lmdesk.gui.server")

#: While the server is away, the main connection is tried again this often.
RETRY_MS = 4000

DOWN_STYLE = "#server_banner { background: #fde7e9; border-bottom: 2px solid #b00020; }"
NOTICE_STYLE = "background: #fff6d5; color: #5a4a00; padding: 3px 8px;"


def reference_notice(ours: str, ward: str) -> str:
    return _(
        "This workstation's reference data is version {ours}; the ward database was last "
        "written with version {ward}. Drug cards, protocols and limits may differ between "
        "workstations: update lmdesk here or there before relying on both."
    ).format(ours=ours, ward=ward)


class ServerBanner(QFrame):
    """'The ward server cannot be reached …' with a Reconnect button; a reference notice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("server_banner_area")
        self.down = QFrame()
        self.down.setObjectName("server_banner")
        self.down.setStyleSheet(DOWN_STYLE)
        self.text = QLabel()
        self.text.setObjectName("server_banner_text")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #7a0016; font-weight: bold;")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reconnect = QPushButton()
        self.reconnect.setObjectName("server_reconnect")
        row = QHBoxLayout(self.down)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.reconnect)
        self.reference = QLabel()
        self.reference.setObjectName("server_reference_notice")
        self.reference.setWordWrap(True)
        self.reference.setStyleSheet(NOTICE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.down)
        layout.addWidget(self.reference)
        self.down.hide()
        self.reference.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.reconnect.setText(_("Reconnect"))

    def show_down(self, message: str) -> None:
        self.text.setText(message)
        self.down.show()

    def show_up(self) -> None:
        self.down.hide()

    @property
    def showing_down(self) -> bool:
        return not self.down.isHidden()


class WardServerLink(QObject):
    """Keeps the banner, the listener and the reference note true for one window."""

    def __init__(self, ctx: AppContext, live: LiveChanges, banner: ServerBanner) -> None:
        super().__init__(banner)
        self.ctx = ctx
        self.live = live
        self.banner = banner
        self.job: Job | None = None
        self.recorded = False
        self.retry = QTimer(self)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.reconnect)
        banner.reconnect.clicked.connect(lambda _checked=False: self.reconnect())
        live.auto_state = False
        live.server_state.connect(self._state)
        live.listener_state.connect(self._listener_state)
        live.changed.connect(self._changed)
        self._ours = ""
        self._ward_version: str | None = None

    # -- who is connected --------------------------------------------------------------------
    def signed_in(self) -> None:
        """A person signed in (the store is now theirs): listen as them, check versions."""
        if self.ctx.signed_in is None or not self.ctx.patients_opened():
            return
        pdb = self._store()
        self.live.follow(pdb)
        self.recorded = False
        self.check_reference()

    def _store(self) -> ServerPatientDB:
        from lmdesk.store.server.ward_db import ServerPatientDB

        pdb = self.ctx.patients
        assert isinstance(pdb, ServerPatientDB)
        return pdb

    # -- reachability ------------------------------------------------------------------------
    def _state(self, up: bool, message: str) -> None:
        if up:
            self.retry.stop()
            self.banner.show_up()
        else:
            self.banner.show_down(message)
            if not self.retry.isActive():
                self.retry.start()

    def _listener_state(self, up: bool, message: str) -> None:
        """The listener's connection came back (or went): the main one follows on a worker."""
        if not up:
            self.live.report(False, message)
        elif self.live.up is None:  # the first connection of this sign-in
            self.live.report(True, "")
        elif self.live.up is False:
            self.reconnect()

    def reconnect(self) -> None:
        """Try reaching the server again on a worker (never blocking the screens): a probe
        connection of the same person, then a lost main connection replaced (no statement
        runs on it here: the screens use it on the GUI thread)."""
        if not self.ctx.patients_opened() or self.job is not None:
            return
        self.live.retry_now()
        pdb = self._store()

        def work(control: JobControl) -> None:
            pdb.listen_connection().close()
            # a lost main connection is replaced now (no statement runs on it here): its
            # next transaction must not start on a dead session (seen as "in transaction")
            pdb.ensure_connected()

        self.job = start_job(work, name="ward server reconnect", on_done=self._back,
                             on_failed=self._still_down)  # fmt: skip

    def _back(self, _result: object) -> None:
        self.job = None
        if self.live.listener is not None and self.live.listener.up is False:
            return  # the listener still cannot reach it: stay down
        self.live.report(True, "")

    def _still_down(self, message: str) -> None:
        self.job = None
        self.live.report(False, message)

    def refused(self, exc: BaseException) -> None:
        """A write or a read met an unreachable server: say so at once."""
        self.live.report(False, str(exc))

    # -- reference-data version --------------------------------------------------------------
    def check_reference(self) -> None:
        try:
            self._ours = self.ctx.reference.content_version
            self._ward_version = self._store().reference_written_with()
        except LmdeskError as exc:
            log.warning("reference version not read: %s", exc)
            return
        self._show_reference()

    def _show_reference(self) -> None:
        ward = self._ward_version
        if ward is not None and self._ours and ward != self._ours:
            self.banner.reference.setText(reference_notice(self._ours, ward))
            self.banner.reference.show()
        else:
            self.banner.reference.hide()

    def _changed(self, change: object) -> None:
        """After this workstation's first write, the ward database names its version."""
        user = self.ctx.signed_in
        if self.recorded or user is None or getattr(change, "user", None) != user.display_name:
            return
        self.record_reference()

    def record_reference(self) -> None:
        if not self._ours:
            return
        try:
            self._store().record_reference(self._ours)
        except LmdeskError as exc:
            log.warning("reference version not recorded: %s", exc)
            return
        self.recorded = True

    def retranslate(self) -> None:
        self.banner.retranslate()
        self._show_reference()
