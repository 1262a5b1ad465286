"""The course's assessments by date: role, KPS/ECOG, cytology, the calls, then the markers.

A model/view list (``common.list_table``): sorts by any column, filters by the history
panel's filter box, and answers the selected assessment whatever the order.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from lmdesk.i18n import N_, _
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.completeness import check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.csf import CYTOLOGY_LABELS
from lmdesk.models.response.describe import marker_change_text, markers_text
from lmdesk.models.response.imaging import RANO_GRADE_LABELS
from lmdesk.models.response.overall import OVERALL_LABELS
from lmdesk.models.scheduling.labels import weekday_date
from lmdesk.views.common.list_table import PAYLOAD_ROLE, RowsModel, sort_filter_proxy, sortable

COLUMNS = (
    N_("Date"),
    N_("Role"),
    N_("KPS"),
    N_("ECOG"),
    N_("Cytology"),
    N_("MRI"),  # its RANO-LM grade (a short header: nine columns share the list)
    N_("Overall"),
    N_("Answered"),
    N_("CSF marker"),  # value and change from the baseline, whole in the cell's tooltip
)
#: The markers' text, last, takes what the other columns leave (elided, whole in its tooltip):
#: sized to its contents in the middle it pushed the imaging grade and the overall call off a
#: 1280-px screen.
MARKERS = COLUMNS.index(N_("CSF marker"))


class HistoryTable(QTableView):
    """One row per active assessment; ``assessment(row)`` gives the shown row's record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows_model = RowsModel(self)
        self.proxy = sort_filter_proxy(self.rows_model, self)
        self.setModel(self.proxy)
        sortable(self, "assessment_history")
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(False)
        self._rows: list[Assessment] = []
        self._response = CourseResponse(())
        self.retranslate()

    def show_response(self, response: CourseResponse) -> None:
        self._response = response
        self._rows = list(response.assessments)
        self._fill()

    def rowCount(self) -> int:
        return self.proxy.rowCount()

    def text(self, row: int, column: int) -> str:
        """A cell as shown (after sorting and the filter)."""
        return str(self.proxy.index(row, column).data())

    def assessment(self, row: int) -> Assessment | None:
        found = self.proxy.index(row, 0).data(PAYLOAD_ROLE)
        return found if isinstance(found, Assessment) else None

    def selected(self) -> Assessment | None:
        rows = self.selectionModel().selectedRows()
        return self.assessment(rows[0].row()) if rows else None

    def select(self, assessment_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            found = self.assessment(row)
            if found is not None and found.id == assessment_id:
                self.selectRow(row)

    def _fill(self) -> None:
        response = self._response
        rows, bold = [], []
        for a in self._rows:
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
                _(RANO_GRADE_LABELS[grade]) if grade else "",
                _(OVERALL_LABELS[comparison.overall.kind]) if comparison else "",
                f"{answered}/{total}",
                markers,
            ]
            rows.append(cells)
            bold.append(role == "baseline")
        keep = self.selected()
        self.rows_model.set_headers([_(c) for c in COLUMNS])
        self.rows_model.set_rows(rows, self._rows, bold=bold)
        header = self.horizontalHeader()
        for column in range(header.count()):  # set once the columns exist
            fits = QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if column == MARKERS else fits
            )
        if keep is not None:
            self.select(keep.id)

    def retranslate(self) -> None:
        self._fill()
