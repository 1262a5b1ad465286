"""Table model of a course's sessions, coloured by status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from lmdesk.i18n import N_, _
from lmdesk.models.course import STATUS_LABELS, Session
from lmdesk.models.local_time import local_time_text
from lmdesk.models.protocol import (
    CHECK_LABELS,
    PHASE_LABELS,
    ROUTE_LABELS,
    DrugNames,
    co_medication_text,
)
from lmdesk.views.common.row_table_model import RowTableModel
from lmdesk.views.courses.status_style import UNCONFIRMED_COLOUR, status_colour

COLUMNS = (N_("#"), N_("Date"), N_("Phase"), N_("Dose"), N_("Route"), N_("Status"), N_("Details"))
_Index = QModelIndex | QPersistentModelIndex


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def weekday_date(day: Any) -> str:
    """ISO date with its weekday in the user's language (dates are shown with weekday)."""
    return f"{day.isoformat()} {_(WEEKDAYS[day.weekday()])}"


def phase_text(s: Session) -> str:
    label = _(PHASE_LABELS[s.phase])
    if s.cycle is not None:
        return _("{phase} {cycle}, day {day}").format(phase=label, cycle=s.cycle, day=s.day or 1)
    return label


def details_text(s: Session, names: DrugNames | None = None) -> str:
    if s.given is not None:
        g = s.given
        text = _("given {at} by {who}, {dose:g} mg").format(
            at=local_time_text(g.at), who=g.given_by, dose=g.dose_mg
        )
        return text + (_(", batch {batch}").format(batch=g.batch) if g.batch else "")
    if s.delayed_from is not None:
        return _("delayed from {day}: {why}").format(day=s.delayed_from.isoformat(), why=s.reason)
    if s.reason:
        return s.reason
    parts = [_("before: {checks}").format(checks=", ".join(_(CHECK_LABELS[c]) for c in s.checks))]
    parts += ["+ " + co_medication_text(m, names or {}) for m in s.co_medications]
    return "; ".join(parts) if s.checks or s.co_medications else ""


def status_text(s: Session) -> str:
    """A session of a default schedule nobody has confirmed says so in its status."""
    if not s.schedule_confirmed:
        return _("{status} (default, not confirmed)").format(status=_(STATUS_LABELS[s.status]))
    return _(STATUS_LABELS[s.status])


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
