"""The Courses screen's history: the shown course's audit trail, newest first, in a sortable,
filterable list whose "What" column wraps, under a title that names the local time.

Apart from ``course_view`` so the view only hands it the course's entries and places its
widgets (``course_layout``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel

from lmdesk.i18n import _
from lmdesk.models.local_time import local_time_caption, local_time_text
from lmdesk.store.audit import AuditEntry
from lmdesk.views.common.list_table import ListTable


class CourseHistory:
    """``list`` (its filter is placed beside ``label``) and the table in it, ``view``."""

    def __init__(self) -> None:
        # the audit trail: sortable by any column, a filter box above (common.list_table)
        self.list = ListTable("course_history")
        self.view = self.list.view
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        history_header = self.view.horizontalHeader()
        for col in (0, 1):
            history_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        history_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        history_header.sectionResized.connect(self._fit_rows)
        self.label = QLabel()

    def retranslate(self, now: datetime) -> None:
        self.label.setText(_("History (audit trail)") + " — " + local_time_caption(at=now))
        self.list.retranslate()

    def show(self, entries: Sequence[AuditEntry]) -> None:
        """``entries`` oldest first, as the store returns them; shown newest first."""
        newest_first = list(reversed(entries))
        rows = [(local_time_text(e.at), e.user, e.text) for e in newest_first]
        self.list.set_rows([_("When"), _("Who"), _("What")], rows, newest_first)
        header = self.view.horizontalHeader()
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # the "What" column wraps (an override's reason is read in full, not scrolled to)
        self.view.resizeRowsToContents()

    def _fit_rows(self, *_args: object) -> None:
        self.view.resizeRowsToContents()
