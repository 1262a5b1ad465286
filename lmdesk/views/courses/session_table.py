"""Table model of a course's sessions, coloured by status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from lmdesk.i18n import N_, _
from lmdesk.models.scheduling.course import Session
from lmdesk.models.scheduling.labels import details_text, phase_text, status_text, weekday_date
from lmdesk.models.scheduling.protocol import ROUTE_LABELS, DrugNames, co_medication_text
from lmdesk.views.common.row_table_model import RowTableModel
from lmdesk.views.courses.status_style import UNCONFIRMED_COLOUR, status_colour

COLUMNS = (N_("#"), N_("Date"), N_("Phase"), N_("Dose"), N_("Route"), N_("Status"), N_("Details"))
_Index = QModelIndex | QPersistentModelIndex


class SessionTableModel(RowTableModel[Session]):
    """``names`` (card id -> English, Chinese name) names the co-medications."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None, names: DrugNames | None = None) -> None:
        super().__init__(parent)
        self._names: DrugNames = names or {}

    def set_sessions(self, sessions: list[Session] | tuple[Session, ...]) -> None:
        self.beginResetModel()
        self._rows = list(sessions)
        self.endResetModel()

    def session(self, row: int) -> Session:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(s.n),
                weekday_date(s.date),
                phase_text(s),
                f"{s.dose_mg:g} {s.unit}",
                _(ROUTE_LABELS.get(s.route, s.route)),
                status_text(s),
                details_text(s, self._names),
            )[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if not s.schedule_confirmed:
                return QColor(UNCONFIRMED_COLOUR)
            return status_colour(s.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            meds = ", ".join(co_medication_text(m, self._names) for m in s.co_medications)
            return meds or None
        return None

    def retranslate(self) -> None:
        self.retranslate_headers()
        self.beginResetModel()
        self.endResetModel()
