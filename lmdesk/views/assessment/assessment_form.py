"""The assessment entry form: date, baseline flag and the three RANO-LM elements in tabs.

The form only collects what was typed (``raw()``); the domain model validates it, and the
form shows the follow-up-only fields (ratings against the baseline) when it edits one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.i18n import _
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.completeness import Role
from lmdesk.views.assessment.csf_section import CsfSection
from lmdesk.views.assessment.mri_section import MriSection
from lmdesk.views.assessment.neuro_section import NeuroSection
from lmdesk.views.assessment.performance_section import PerformanceSection
from lmdesk.views.courses.course_calendar import calendar_locale, qdate
from lmdesk.views.date_edit import DateEdit


class AssessmentForm(QWidget):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._has_baseline = False
        self.editing: Assessment | None = None
        self.date_label = QLabel()
        self.date = DateEdit(qdate(today))
        self.date.setObjectName("assessment_date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd ddd")
        self.date.setMaximumDate(qdate(today))
        self.date.dateChanged.connect(lambda _d: self.changed.emit())
        self.baseline = QCheckBox()
        self.baseline.setObjectName("as_baseline")
        self.baseline.toggled.connect(self._role_changed)
        self.role_label = QLabel()
        self.role_label.setObjectName("role_label")
        top = QHBoxLayout()
        top.addWidget(self.date_label)
        top.addWidget(self.date)
        top.addWidget(self.baseline)
        top.addWidget(self.role_label, 1)
        self.neuro = NeuroSection()
        self.csf = CsfSection()
        self.mri = MriSection()
        self.performance = PerformanceSection()
        self.sections = (self.performance, self.neuro, self.csf, self.mri)
        self.tabs = QTabWidget()
        for section in self.sections:
            scroll = QScrollArea()  # a tall section scrolls instead of growing the screen
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(section)
            self.tabs.addTab(scroll, "")
            section.changed.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._role_changed()
        self.retranslate()
        self._clean = self._snapshot()

    @property
    def role(self) -> Role:
        if self.editing is not None:
            return "baseline" if self.editing.is_baseline else "follow_up"
        if self.baseline.isChecked() or not self._has_baseline:
            return "baseline"
        return "follow_up"

    def set_has_baseline(self, has_baseline: bool) -> None:
        self._has_baseline = has_baseline
        self._role_changed()

    def _role_changed(self, *_args: object) -> None:
        follow = self.role == "follow_up"
        self.neuro.set_follow_up(follow)
        self.mri.set_follow_up(follow)
        self.baseline.setEnabled(self.editing is None and self._has_baseline)
        self._show_role()
        self.changed.emit()

    def _show_role(self) -> None:
        if self.editing is not None:
            text = _("Editing the assessment of {day}").format(
                day=self.editing.assessed_on.isoformat()
            )
        elif self.role == "baseline":
            text = _("New baseline assessment")
        else:
            text = _("New follow-up, compared with the course's baseline")
        self.role_label.setText(text)

    def assessed_on(self) -> date:
        q: QDate = self.date.date()
        return date(q.year(), q.month(), q.day())

    def raw(self, course_id: int) -> dict[str, Any]:
        data: dict[str, Any] = {"course_id": course_id, "assessed_on": self.assessed_on()}
        for section in self.sections:
            data.update(section.values())
        if self.editing is not None:
            data["id"] = self.editing.id
            data["is_baseline"] = self.editing.is_baseline
            data["revision"] = self.editing.revision
            data["rated_against"] = self.editing.rated_against
        return data

    def load(self, a: Assessment | None) -> None:
        """Fill the form from ``a`` to edit it; None clears it for a new assessment."""
        self.editing = a
        self.baseline.setChecked(False)
        if a is not None:
            self.date.setDate(qdate(a.assessed_on))
        for section in self.sections:
            section.load(a)
        self._role_changed()
        self._clean = self._snapshot()

    def _snapshot(self) -> dict[str, Any]:
        """What the user typed, to tell an edited form from the one loaded."""
        data = self.raw(0)
        data["as_baseline"] = self.baseline.isChecked()
        return data

    def is_dirty(self) -> bool:
        """True when the form holds edits that are not saved."""
        return self._snapshot() != self._clean

    def retranslate(self) -> None:
        self.date.setLocale(calendar_locale())
        self.date_label.setText(_("Assessment date"))
        self.baseline.setText(_("Make this the baseline"))
        titles = (
            _("Performance, symptoms (Alt+1)"),
            _("Neurological exam (Alt+2)"),
            _("CSF (Alt+3)"),
            _("MRI (Alt+4)"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        for section in self.sections:
            section.retranslate()
        self._show_role()
