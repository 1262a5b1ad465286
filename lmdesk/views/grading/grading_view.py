"""Adverse-event grading screen (Ctrl+4): lab auto-grading, guided clinical grading and the
term browser in tabs; below them, recording the graded AE on a course and its next step.

Grading lives in ``models.ctcae``, the next-step rules in ``models.toxicity_rules``, course
changes in the scheduler's ``course_actions``; this view only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _
from lmdesk.models.ctcae import GradeStatus, LabGrade
from lmdesk.models.ctcae.rules import VERSIONS, Version
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.views.commands import command
from lmdesk.views.grading.browse import TermBrowser
from lmdesk.views.grading.clinical_form import ClinicalGradeForm
from lmdesk.views.grading.lab_form import LabGradeForm
from lmdesk.views.grading.record_panel import Confirm, RecordPanel
from lmdesk.views.live_changes import FollowChanges, LiveChanges

#: The tabs' titles, also the View menu's commands (Alt+1, Alt+2, Alt+3 choose them).
TAB_TITLES = (N_("Lab value"), N_("Clinical term"), N_("All terms"))


class GradingView(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        confirm: Confirm | None = None,
        live: LiveChanges | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.repo = CtcaeRepo(ctx.reference)
        self.version_label = QLabel()
        self.version_box = QComboBox()
        for version in VERSIONS:
            self.version_box.addItem(f"CTCAE v{version}", version)
        self.version_box.currentIndexChanged.connect(self._version_changed)
        self.lab = LabGradeForm(self.repo)
        self.clinical = ClinicalGradeForm(self.repo)
        self.browser = TermBrowser(self.repo)
        self.tabs = QTabWidget()
        lab_page = QScrollArea()  # the lab form scrolls on a low screen instead of clipping
        lab_page.setObjectName("lab_page")
        lab_page.setWidgetResizable(True)
        lab_page.setFrameShape(QFrame.Shape.NoFrame)
        lab_page.setWidget(self.lab)
        self.tabs.addTab(lab_page, "")
        self.tabs.addTab(self.clinical, "")
        self.tabs.addTab(self.browser, "")
        self.record = RecordPanel(ctx, self.repo, confirm=confirm)
        self.lab.graded.connect(self._lab_graded)
        self.clinical.graded.connect(self._clinical_graded)
        self.tabs.currentChanged.connect(self._tab_changed)
        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addWidget(self.version_box)
        top.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.record)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 480])
        # neither half can be dragged away: the record panel hidden by the splitter
        # looked like a screen without one (issue 26)
        splitter.setChildrenCollapsible(False)
        self.tabs.setMinimumHeight(220)
        self.record.setMinimumHeight(240)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.tab_actions = [
            command(self, title, self._tab_chooser(n), f"Alt+{n + 1}")
            for n, title in enumerate(TAB_TITLES)
        ]
        self.find_action = command(
            self, N_("Find a patient"), self.record.picker.patient_picker.focus,
            QKeySequence.StandardKey.Find,
        )  # fmt: skip
        self.follow = FollowChanges(
            self, live, self.record.reload_course,
            entities=("adverse_event", "course", "patient"),
        )  # fmt: skip
        self._version_changed()
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        """Patients and courses may have changed in other screens: re-read them."""
        self.record.refresh_patients()
        super().showEvent(event)

    @property
    def version(self) -> Version:
        value: Version = self.version_box.currentData()
        return value

    def set_version(self, version: Version) -> None:
        self.version_box.setCurrentIndex(self.version_box.findData(version))

    def _version_changed(self, *_args: object) -> None:
        for part in (self.lab, self.clinical, self.browser):
            part.set_version(self.version)
        self.record.set_result(None)

    def _tab_changed(self, index: int) -> None:
        self.record.set_result(None)
        browsing = self.tabs.widget(index) is self.browser
        self.record.setVisible(not browsing)
        if browsing:
            self.browser.ensure_filled()

    def _lab_graded(self, result: LabGrade, value: str, unit: str) -> None:
        graded = result.status is GradeStatus.GRADED
        self.record.set_result(result if graded else None, value, unit)

    def _clinical_graded(self, result: LabGrade) -> None:
        self.record.set_result(result)

    def _tab_chooser(self, index: int) -> Callable[[], None]:
        return lambda: self.tabs.setCurrentIndex(index)

    def edit_actions(self) -> list[QAction]:
        """The shell's Edit menu lists these while the screen is shown (views/commands.py)."""
        return [self.find_action]

    def view_actions(self) -> list[QAction]:
        """The tabs, listed in the shell's View menu with their keys."""
        return list(self.tab_actions)

    def retranslate(self) -> None:
        self.version_label.setText(_("Grading by"))
        for n, title in enumerate(TAB_TITLES):
            self.tabs.setTabText(n, _(title))
            self.tabs.setTabToolTip(n, f"Alt+{n + 1}")
        for part in (self.lab, self.clinical, self.browser, self.record):
            part.retranslate()

    def selftest(self) -> None:
        """Grade a demo lab and a clinical term offscreen; raise if the answers are wrong."""
        self.set_version("5.0")
        self.lab.select_term("Neutrophil count decreased")
        self.lab.value_edit.setText("700")
        self.lab.unit_box.setCurrentText("/mm3")
        self.lab.lln_edit.setText("2000")
        result = self.lab.grade()
        if result is None or result.grade != 3:
            raise AssertionError(f"demo ANC graded {result}")
        if not self.clinical.select_term("Headache"):
            raise AssertionError("Headache not offered")
        button = self.clinical.grade_group.button(2)
        if button is None:
            raise AssertionError("Headache grade 2 not shown")
        button.setChecked(True)
        self.clinical.choose()
        if self.record.result is None or self.record.result.grade != 2:
            raise AssertionError("clinical grade not passed on")
        self.browser.ensure_filled()
        if self.browser.model.rowCount() != 837:
            raise AssertionError("v5.0 browser does not list 837 terms")
