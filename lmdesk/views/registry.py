"""The views the shell shows, in navigation order.

A view is listed here only once it is built (no placeholder screens). Its module is
imported when the view is first opened, so start-up imports nothing heavy (pyqtgraph
loads with the PK view). A view class takes ``(ctx: AppContext, parent=None)`` and may
provide ``selftest()`` (exercise itself offscreen; raise on failure) and
``retranslate()`` (re-read its texts after a language switch). A selftest that drives the
view through more than its own methods lives in a demo module of its own, which imports the
view (never the other way round) and is named by the spec's ``selftest``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lmdesk.i18n import N_

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from lmdesk.app_context import AppContext


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str  # marked with N_(), translated when shown
    target: str  # "package.module:ClassName"
    shortcut: str  # e.g. "Ctrl+1"
    selftest: str = ""  # "package.module:function" taking the view; else the view's selftest()
    #: The view takes ``live=`` (views/live_changes): it follows other workstations' changes.
    follows_changes: bool = False

    def load(self) -> Callable[..., QWidget]:
        module_name, class_name = self.target.split(":")
        factory: Callable[..., QWidget] = getattr(importlib.import_module(module_name), class_name)
        return factory

    def exercise(self, view: QWidget) -> None:
        """Run the view's selftest (its demo module's, or its own method); raise on failure."""
        if self.selftest:
            module_name, function_name = self.selftest.split(":")
            demo: Callable[[QWidget], None] = getattr(
                importlib.import_module(module_name), function_name
            )
            demo(view)
            return
        own = getattr(view, "selftest", None)
        if callable(own):
            own()

    def create(self, ctx: AppContext, live: object | None = None) -> QWidget:
        """The view; ``live`` (a ``LiveChanges`` on the ward server) for views that follow."""
        if live is not None and self.follows_changes:
            return self.load()(ctx, live=live)
        return self.load()(ctx)


VIEW_SPECS: list[ViewSpec] = [
    ViewSpec(
        "drugs",
        N_("Drug cards"),
        "lmdesk.views.drugs.drug_view:DrugCardsView",
        "Ctrl+1",
        selftest="lmdesk.views.drugs.drug_selftest:run_selftest",
    ),
    ViewSpec(
        "patients",
        N_("Patients"),
        "lmdesk.views.patients.patients_view:PatientsView",
        "Ctrl+2",
        follows_changes=True,
    ),
    ViewSpec(
        "courses",
        N_("Courses"),
        "lmdesk.views.courses.course_view:CoursesView",
        "Ctrl+3",
        follows_changes=True,
    ),
    ViewSpec(
        "grading",
        N_("AE grading"),
        "lmdesk.views.grading.grading_view:GradingView",
        "Ctrl+4",
        follows_changes=True,
    ),
    ViewSpec("pk", N_("PK curves"), "lmdesk.views.pk.pk_view:PkView", "Ctrl+5"),
    ViewSpec(
        "sheets",
        N_("Regimen sheets"),
        "lmdesk.views.sheet.sheets_view:SheetsView",
        "Ctrl+6",
        follows_changes=True,
    ),
    ViewSpec(
        "assessment",
        N_("Response assessment"),
        "lmdesk.views.assessment.assessment_view:AssessmentView",
        "Ctrl+7",
        selftest="lmdesk.views.assessment.selftest_demo:run_demo",
        follows_changes=True,
    ),
    ViewSpec(
        "today",
        N_("Today's IT doses"),
        "lmdesk.views.today.today_view:TodayView",
        "Ctrl+8",
        follows_changes=True,
    ),
    ViewSpec(
        "ward",
        N_("Ward settings"),
        "lmdesk.views.ward.ward_view:WardView",
        "Ctrl+9",
        follows_changes=True,
    ),
]

_ = N_  # keep the marker imported for the entries above
