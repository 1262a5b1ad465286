"""The views the shell shows, in navigation order.

A view is listed here only once it is built (no placeholder screens). Its module is
imported when the view is first opened, so start-up imports nothing heavy (pyqtgraph
loads with the PK view). A view class takes ``(ctx: AppContext, parent=None)`` and may
provide ``selftest()`` (exercise itself offscreen; raise on failure) and
``retranslate()`` (re-read its texts after a language switch).
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

    def load(self) -> Callable[..., QWidget]:
        module_name, class_name = self.target.split(":")
        factory: Callable[..., QWidget] = getattr(importlib.import_module(module_name), class_name)
        return factory

    def create(self, ctx: AppContext) -> QWidget:
        return self.load()(ctx)


VIEW_SPECS: list[ViewSpec] = [
    # Features append their ViewSpec here, e.g.
    # ViewSpec("drugs", N_("Drug cards"), "lmdesk.views.drugs.drug_view:DrugCardsView", "Ctrl+1"),
    ViewSpec("drugs", N_("Drug cards"), "lmdesk.views.drugs.drug_view:DrugCardsView", "Ctrl+1"),
    ViewSpec(
        "patients", N_("Patients"), "lmdesk.views.patients.patients_view:PatientsView", "Ctrl+2"
    ),
    ViewSpec("courses", N_("Courses"), "lmdesk.views.courses.course_view:CoursesView", "Ctrl+3"),
    ViewSpec(
        "grading", N_("AE grading"), "lmdesk.views.grading.grading_view:GradingView", "Ctrl+4"
    ),
    ViewSpec("pk", N_("PK curves"), "lmdesk.views.pk.pk_view:PkView", "Ctrl+5"),
    ViewSpec("sheets", N_("Regimen sheets"), "lmdesk.views.sheet.sheets_view:SheetsView", "Ctrl+6"),
    ViewSpec(
        "assessment",
        N_("Response assessment"),
        "lmdesk.views.assessment.assessment_view:AssessmentView",
        "Ctrl+7",
    ),
]

_ = N_  # keep the marker imported for the entries above
