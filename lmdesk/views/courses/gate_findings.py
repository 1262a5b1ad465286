"""The pre-dose gate's findings as a table: level, message and source; stops red, warnings amber.

Only shows a ``GateResult`` the model computed; it decides nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from lmdesk.i18n import _
from lmdesk.models.scheduling.gate import GateResult
from lmdesk.models.scheduling.gate_finding import GATE_LEVEL_LABELS, GateFinding
from lmdesk.models.scheduling.worklist import status_label, worklist_status

#: Red is kept for danger (a stop); amber for a warning; a pass stays plain.
STOP_COLOUR = "#b00020"
WARN_TEXT = "#6b4700"
WARN_BACKGROUND = "#ffe8b0"
STATUS_COLOURS: dict[str, str] = {
    "ready": "#1b5e20",
    "needs_labs": WARN_TEXT,
    "needs_verification": WARN_TEXT,
    "stop": STOP_COLOUR,
}


def status_html(result: GateResult | None) -> str:
    """The gate status of a session as a short coloured phrase (rich text)."""
    if result is None:
        return _("no session selected")
    status = worklist_status(result)
    colour = STATUS_COLOURS.get(status, "#000000")
    return f"<b style='color:{colour}'>{status_label(status)}</b>"


class FindingsTable(QTableWidget):
    """One row per finding; ``findings`` keeps what is shown (tests read it)."""

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.findings: tuple[GateFinding, ...] = ()
        self.setObjectName("gate_findings")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_("Level"), _("Finding"), _("Source")])
        self.show_findings(self.findings)

    def show_findings(self, findings: tuple[GateFinding, ...]) -> None:
        # Stops first, then warnings, then passes: the danger is read first.
        order = {"stop": 0, "warn": 1, "pass": 2}
        self.findings = tuple(sorted(findings, key=lambda f: order[f.level]))
        self.setRowCount(len(self.findings))
        for row, f in enumerate(self.findings):
            cells = (_(GATE_LEVEL_LABELS[f.level]), f.message, f.source)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if f.level == "stop":
                    item.setForeground(QBrush(QColor(STOP_COLOUR)))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                elif f.level == "warn":
                    item.setForeground(QBrush(QColor(WARN_TEXT)))
                    item.setBackground(QBrush(QColor(WARN_BACKGROUND)))
                self.setItem(row, col, item)
        self.resizeRowsToContents()

    def level_of_row(self, row: int) -> str:
        return self.findings[row].level
