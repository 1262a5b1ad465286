"""The course's assessments by date: role, KPS/ECOG, cytology, markers and their call."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from lmdesk.i18n import N_, _
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.completeness import check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.csf import CYTOLOGY_LABELS
from lmdesk.models.response.describe import marker_change_text, markers_text
from lmdesk.models.response.imaging import RANO_GRADE_LABELS
from lmdesk.models.response.overall import OVERALL_LABELS
from lmdesk.models.scheduling.labels import weekday_date

COLUMNS = (
    N_("Date"),
    N_("Role"),
    N_("KPS"),
    N_("ECOG"),
    N_("Cytology"),
    N_("CSF marker: value, change"),
    N_("Imaging (RANO-LM)"),
    N_("Overall"),
    N_("Answered"),
)


class HistoryTable(QTableWidget):
    """One row per active assessment; ``assessment(row)`` gives the record back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("assessment_history")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        self._rows: list[Assessment] = []
        self._response = CourseResponse(())
        self.retranslate()

    def show_response(self, response: CourseResponse) -> None:
        self._response = response
        self._rows = list(response.assessments)
        self._fill()

    def assessment(self, row: int) -> Assessment | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def selected(self) -> Assessment | None:
        rows = self.selectionModel().selectedRows()
        return self.assessment(rows[0].row()) if rows else None

    def _fill(self) -> None:
        response = self._response
        self.setRowCount(len(self._rows))
        for row, a in enumerate(self._rows):
            role = response.role(a)
            comparison = response.comparison(a)
            answered, total = check_completeness(a, role).summary()
            markers = markers_text(a)
            if comparison is not None and comparison.markers:
                markers = "; ".join(
                    f"{m.name} {m.current} {m.unit}: {marker_change_text(m, _)}"
                    for m in comparison.markers
                )
            grade = comparison.rano_grade if comparison else None
            cells = [
                weekday_date(a.assessed_on),
                _("baseline") if role == "baseline" else _("follow-up"),
                "" if a.kps is None else str(a.kps),
                "" if a.ecog is None else str(a.ecog),
                _(CYTOLOGY_LABELS[a.csf.cytology]) if a.csf.cytology else "",
                markers,
                _(RANO_GRADE_LABELS[grade]) if grade else "",
                _(OVERALL_LABELS[comparison.overall.kind]) if comparison else "",
                f"{answered}/{total}",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if role == "baseline":
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(row, col, item)
        for col in range(self.columnCount() - 1):
            self.resizeColumnToContents(col)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill()
