"""PK curves screen: pick a drug, route and schedule; see the CSF curves move at once.

The curve itself is computed on the GUI thread (a few ms: exact solution); the
population band, the individual fit and CSV export run in the thread pool and come back
by signal. All clinical rules are applied by models: a never-IT drug is refused (shown in
red, no curve); a dose above the hard ceiling is drawn as a what-if with a red warning.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lmdesk.app_context import AppContext
from lmdesk.i18n import N_, _, current_language
from lmdesk.models.drugs.never_it import NeverItLookup
from lmdesk.models.drugs.overdose import OverdoseCard
from lmdesk.models.errors import LmdeskError, SafetyRefusal
from lmdesk.models.pk.course_link import CourseDose
from lmdesk.models.pk.request import PkRequest, PkRun, run
from lmdesk.models.pk.source_band import source_band
from lmdesk.models.pk.sources import PkReference
from lmdesk.models.pk.what_if import DANGER_CODES
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.views.commands import command
from lmdesk.views.common.course_finder import CourseFinder
from lmdesk.views.common.status_line import DANGER_STYLE
from lmdesk.views.file_dialogs import save_dialog
from lmdesk.views.jobs import Job
from lmdesk.views.pk.background import BackgroundWork
from lmdesk.views.pk.context_panel import TkiContextPanel
from lmdesk.views.pk.controls import PkControls
from lmdesk.views.pk.course_source import CourseSource, course_source_from
from lmdesk.views.pk.export_bar import ExportBar
from lmdesk.views.pk.levels_panel import LevelsPanel
from lmdesk.views.pk.metrics_table import MetricsTable
from lmdesk.views.pk.plot_widget import PkPlot
from lmdesk.views.pk.sources_html import parameters_html
from lmdesk.views.progress import JobProgress


class OverdoseCards(Protocol):
    """Where the overdose cards come from (``store.overdose_repo.OverdoseRepository``)."""

    def card(self, drug: str) -> OverdoseCard | None: ...


class PkView(BackgroundWork, QWidget):
    """The PK screen. Dependencies come from ``ctx`` unless given explicitly (tests)."""

    band_ready = Signal()
    fit_ready = Signal()
    exported = Signal(str)

    def __init__(
        self,
        ctx: AppContext | None = None,
        parent: QWidget | None = None,
        *,
        reference: PkReference | None = None,
        catalog: NeverItLookup | None = None,
        limits: DoseLimits | None = None,
        drug_names: dict[str, str] | None = None,
        courses: CourseSource | None = None,
        pool: QThreadPool | None = None,
        overdose_cards: OverdoseCards | None = None,
    ) -> None:
        super().__init__(parent)
        if reference is None or limits is None:
            if ctx is None:
                raise ValueError("PkView needs an AppContext or its dependencies")
            from lmdesk.store.drug_repo import DrugRepository
            from lmdesk.store.pk_repo import PkRepository
            from lmdesk.store.protocol_repo import ProtocolRepository

            reference = PkRepository(ctx.reference).load()
            drug_catalog = DrugRepository(ctx.reference).catalog()
            catalog = drug_catalog
            limits = ProtocolRepository(ctx.reference).limits()
            lang = current_language()
            drug_names = {}
            for drug_id in reference.drugs:
                card = drug_catalog.get(drug_id)
                drug_names[drug_id] = card.name(lang) if card is not None else drug_id
            courses = course_source_from(ctx)
        self.reference = reference
        self.catalog = catalog
        self.limits = limits
        self.courses = courses
        self.pool = pool or QThreadPool.globalInstance()
        self._name_catalog = catalog if hasattr(catalog, "get") else None
        names = drug_names or {}
        drugs = [(names.get(d, d), d) for d in sorted(reference.drugs)]
        self.result: PkRun | None = None
        self.course: list[CourseDose] | None = None
        self._token = 0
        self._fit_token = 0
        self._jobs: set[Job] = set()  # keep running jobs (and their signal objects) alive

        self.controls = PkControls(drugs, limits)
        self.course_finder: CourseFinder | None = None
        self.course_finder_label = QLabel()
        if ctx is not None:  # find the course by its patient instead of knowing its number
            self.course_finder = self._add_course_finder(ctx)
        self.plot = PkPlot()
        self.metrics = MetricsTable()
        self.levels = LevelsPanel()
        self.context_panel = TkiContextPanel(list(reference.comparators), name_of=self._drug_name)
        self.sources = QLabel()
        self.sources.setObjectName("pk_sources")
        self.sources.setWordWrap(True)
        self.sources.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.levels, "")
        self.tabs.addTab(self.context_panel, "")
        sources_scroll = QScrollArea()  # long derivations must stay readable in a narrow tab
        sources_scroll.setWidgetResizable(True)
        sources_scroll.setWidget(self.sources)
        self.tabs.addTab(sources_scroll, "")
        self.message = QLabel()
        self.message.setObjectName("pk_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.band_note = QLabel()
        self.band_note.setObjectName("pk_band_note")
        self.band_note.setWordWrap(True)
        self.band_note.setMinimumHeight(3 * self.band_note.fontMetrics().height())
        self.overdose_button = QPushButton()
        self.overdose_button.setObjectName("pk_overdose_card")
        self.overdose_button.setStyleSheet(DANGER_STYLE)
        self.overdose_button.setVisible(False)
        self.overdose_button.clicked.connect(self.open_overdose_card)
        self._overdose_cards = overdose_cards
        if overdose_cards is None and ctx is not None:
            from lmdesk.store.overdose_repo import OverdoseRepository

            self._overdose_cards = OverdoseRepository(ctx.reference)
        self.overdose_dialog: QDialog | None = None
        self.disclaimer = QLabel()
        self.disclaimer.setWordWrap(True)
        self.exports = ExportBar(self.plot, self._start, save_dialog(ctx))
        self.exports.exported.connect(self.exported.emit)
        self.export_buttons = self.exports.buttons
        self.export_status, self.export_progress = self.exports.status, self.exports.progress
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.plot, 1)
        centre_layout.addWidget(self.message)
        centre_layout.addWidget(self.overdose_button)
        centre_layout.addWidget(self.band_note)
        self.band_progress = JobProgress(self)  # a band over a second: its bar and Cancel
        centre_layout.addWidget(self.band_progress)
        centre_layout.addWidget(self.exports)
        upper = QSplitter()
        upper.addWidget(centre)
        upper.addWidget(self.tabs)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        upper.setSizes([660, 280])  # the plot gets the room on a 1280-px ward screen
        # the metrics under the plot and the side tabs, across both: in a side tab only two
        # of their seven columns were seen (issue 26)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(upper)
        right.addWidget(self.metrics)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 0)
        right.setChildrenCollapsible(False)
        splitter = QSplitter()
        splitter.addWidget(self.controls)
        splitter.addWidget(right)
        self.controls.setMaximumWidth(290)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 940])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.disclaimer)

        # In the menus with their keys (the shell lists file_actions() and edit_actions()).
        # The log axis was Ctrl+L, the window's lock key: both matched, so neither worked.
        self.log_action = command(
            self, N_("Logarithmic concentration axis"), self.controls.log_y.toggle, "Ctrl+Shift+L"
        )
        self.band_action = command(
            self, N_("Population variability band"), self.controls.band.toggle, "Ctrl+B"
        )
        self.export_action = command(
            self, N_("Export the plot as PNG…"), lambda: self.ask_export("png"), "Ctrl+E"
        )
        self._band_timer = QTimer(self)
        self._band_timer.setSingleShot(True)
        self._band_timer.setInterval(150)
        self._band_timer.timeout.connect(self.start_band)
        self.controls.changed.connect(self.recompute)
        for box in self.plot.toggles.values():  # a newly shown compartment needs its band
            box.toggled.connect(self._band_for_toggles)
        self.controls.load_course.connect(self.load_course)
        self.levels.fit_requested.connect(self.start_fit)
        self.levels.levels_changed.connect(self._show_levels)
        self.retranslate()
        self.recompute()

    def file_actions(self) -> list[QAction]:
        return [self.export_action]

    def edit_actions(self) -> list[QAction]:
        return [self.log_action, self.band_action]

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.controls.retranslate()
        self.overdose_button.setText(_("Overdose card: what to do now..."))
        self.course_finder_label.setText(_("Patient"))
        if self.course_finder is not None:
            self.course_finder.retranslate()
        if self._name_catalog is not None:  # drug names follow the language (card data)
            lang = current_language()
            for i in range(self.controls.drug.count()):
                card = self._name_catalog.get(self.controls.drug.itemData(i))
                if card is not None:
                    self.controls.drug.setItemText(i, card.name(lang))
        depot = self.result.drug.depot if self.result is not None else None
        self.plot.free_of = self._drug_name(depot.released) if depot is not None else None
        self.plot.retranslate()
        self.metrics.retranslate()
        self.levels.retranslate()
        self.context_panel.retranslate()
        self.metrics.setToolTip(_("Metrics"))
        for i, title in enumerate((_("Measured levels"), _("TKI context"), _("Parameters"))):
            self.tabs.setTabText(i, title)
        self.exports.retranslate()
        self.controls.log_y.setToolTip("Ctrl+Shift+L")
        self.controls.band.setToolTip("Ctrl+B")
        self.disclaimer.setText(
            _(
                "Model estimate for an average adult CSF system. lmdesk supports, not replaces, "
                "clinical judgement and your institution's protocol."
            )
        )
        self._show_sources()

    # ------------------------------------------------------------------ curve
    def request(self) -> PkRequest:
        c = self.controls
        span = c.span_h()
        if self.course and c.schedule.currentData() == "course":
            span = max(c.hours.value(), self.course[-1].time_h + 48.0)
        return PkRequest(
            drug_id=str(c.drug.currentData()),
            dose_mg=c.dose.value(),
            route=str(c.route.currentData()),
            times_h=tuple(c.times_h()),
            hours=span,
            step_h=1.0 / 60.0 if span <= 24 * 7 * 8 else 10.0 / 60.0,
            flow_fraction=c.flow.value(),
            block_site=c.block.currentData(),
        )

    def recompute(self) -> None:
        """Recompute the curve now (fast) and queue the band (slow) if asked for."""
        course = self.course if self.controls.schedule.currentData() == "course" else None
        if self.controls.schedule.currentData() == "course" and course is None:
            self._show_error(_("Enter the course number and press Load course."), danger=False)
            return
        try:
            names = {drug_id: self._drug_name(drug_id) for drug_id in self.reference.drugs}
            result = run(self.request(), self.reference, self.catalog, self.limits, course, names)
        except SafetyRefusal as refusal:
            self._show_error(str(refusal), danger=True)
            return
        except (LmdeskError, ValueError) as exc:
            self._show_error(str(exc), danger=False)
            return
        self.result = result
        unit, factor = self.controls.unit_factor(result.drug.molecular_weight.value)
        dose_times = [float(t) for t in result.curves.doses.times_h]
        self.plot.show_run(
            result.curves.times_h,
            result.curves.conc_mg_l,
            dose_times,
            result.threshold_mg_l,
            unit,
            factor,
            self.controls.log_y.isChecked(),
            [not d.given for d in course] if course else None,
        )
        depot = result.drug.depot
        self.plot.set_free_drug(self._drug_name(depot.released) if depot is not None else None)
        self.metrics.set_unit(unit, factor, result.metrics)
        notes = [
            (f.message, f.code in DANGER_CODES, f.level == "warning")
            for f in result.findings
            if f.code != "no_dose_limit"
        ]
        if result.drug.threshold is None:
            notes.append((_("No published cytotoxic threshold for this drug."), False, False))
        clearance = result.drug.clearance_ml_h
        if not clearance.confirmed and clearance.value == 0:
            text = _("Drug clearance from CSF is not confirmed: the curve shows bulk flow only.")
            notes.append((text, False, False))
        elif not clearance.confirmed:  # fitted to CSF levels, not measured (methotrexate)
            text = _("Drug clearance from CSF is fitted, not measured: see the Parameters tab.")
            notes.append((text, False, False))
        notes.sort(key=lambda note: (not note[1], not note[2]))  # danger first, then warnings
        self.message.setStyleSheet("")
        self.message.setText("<br>".join(_note_html(*note) for note in notes))
        self._show_overdose_button(result)
        self._show_levels()
        self._show_sources()
        if self.controls.band.isChecked():
            self._band_timer.start()
        else:
            self._band_timer.stop()  # a band queued before the box was unticked is not wanted
            self._token += 1
            self._show_source_range(result)

    def _show_source_range(self, result: PkRun) -> None:
        """Shade the lowest–highest curves over the calibration fit and every refit that
        leaves one source out (a few milliseconds: computed here, only when asked for)."""
        band = None
        if self.controls.source_range.isChecked():
            model = result.model
            band = source_band(
                self.reference,
                model.drug,
                model.obstruction,
                result.curves.doses,
                float(result.curves.times_h[-1]),
                result.curves.step_h,
            )
        if band is None:
            self.plot.set_band(None, (), None)
            self.band_note.setText("")
            return
        shade = {5.0: band.low, 25.0: band.low, 50.0: band.low, 75.0: band.high, 95.0: band.high}
        self.plot.set_band(band.times_h, tuple(range(len(band.low))), shade)
        self.band_note.setText(
            _(
                "Shaded: lowest to highest over {n} fits, the calibration fit and each refit "
                "leaving one published source out: what the sources leave open, not patients."
            ).format(n=band.fits)
        )

    def _overdose_card(self, drug_id: str) -> OverdoseCard | None:
        return self._overdose_cards.card(drug_id) if self._overdose_cards is not None else None

    def _show_overdose_button(self, result: PkRun) -> None:
        """Above the ceiling, the drug's overdose card is one click away."""
        shown = result.what_if and self._overdose_card(result.request.drug_id) is not None
        self.overdose_button.setVisible(shown)

    def open_overdose_card(self) -> None:
        if self.result is None:
            return
        card = self._overdose_card(self.result.request.drug_id)
        if card is None:
            return
        from lmdesk.views.common.overdose_dialog import OverdoseDialog

        self.overdose_dialog = OverdoseDialog(
            card,
            self.result.request.dose_mg,
            self._drug_name(self.result.request.drug_id),
            self,
        )
        self.overdose_dialog.open()

    def _drug_name(self, drug_id: str) -> str:
        """The drug's name in the current language (from its card), else its id."""
        card = self._name_catalog.get(drug_id) if self._name_catalog is not None else None
        return card.name(current_language()) if card is not None else drug_id

    def _show_error(self, text: str, *, danger: bool) -> None:
        self.message.setStyleSheet(DANGER_STYLE if danger else "")
        self.message.setText(html.escape(text))

    def _show_levels(self) -> None:
        if self.result is None:
            return
        from lmdesk.models.pk.units import to_mg_l

        mw = self.result.drug.molecular_weight.value
        self.plot.set_measured(
            [(m.time_h, m.site, to_mg_l(m.value, m.unit, mw)) for m in self.levels.levels]
        )

    # ------------------------------------------------------------------ course
    def _add_course_finder(self, ctx: AppContext) -> CourseFinder:
        from lmdesk.store.course_repo import CourseRepository
        from lmdesk.store.patient_repo import PatientRepository

        finder = CourseFinder(
            PatientRepository(ctx.patients), CourseRepository(ctx.patients), compact=True
        )
        form = self.controls.layout()
        assert isinstance(form, QFormLayout)
        position: tuple[int, QFormLayout.ItemRole] = form.getWidgetPosition(  # type: ignore[assignment]
            self.controls.course_id
        )  # PySide6's stubs declare object for the (row, role) pair
        form.insertRow(position[0], self.course_finder_label, finder)
        finder.course_chosen.connect(self._course_found)
        self.controls.schedule.currentIndexChanged.connect(self._enable_course_finder)
        finder.setEnabled(self.controls.schedule.currentData() == "course")
        return finder

    def _enable_course_finder(self, *_args: object) -> None:
        if self.course_finder is not None:
            self.course_finder.setEnabled(self.controls.schedule.currentData() == "course")

    def _course_found(self, course_id: int) -> None:
        self.controls.course_id.setValue(course_id)
        self.load_course(course_id)

    def load_course(self, course_id: int) -> None:
        if self.courses is None:
            self._show_error(_("No patient database is open."), danger=False)
            return
        try:
            self.course = self.courses(course_id, str(self.controls.drug.currentData()))
        except LmdeskError as exc:
            self.course = None
            self._show_error(str(exc), danger=False)
            return
        self.recompute()

    # ------------------------------------------------------------------ sources, export
    def _show_sources(self) -> None:
        if self.result is not None:
            self.sources.setText(parameters_html(self.result.model))

    def ask_export(self, fmt: str) -> None:
        self.exports.ask(fmt)

    def export(self, path: Path, fmt: str) -> Job | None:
        """Export the curves (views/pk/export_bar.py); a CSV's job is returned."""
        return self.exports.export(path, fmt)

    # ------------------------------------------------------------------ selftest
    def selftest(self) -> None:
        """Exercise the screen offscreen: both routes give curves and metrics; refusals show."""
        self.controls.route.setCurrentIndex(self.controls.route.findData("ommaya"))
        if self.result is None or self.result.metrics["ventricular"].cmax <= 0:
            raise RuntimeError("PK view produced no curve")
        vent = self.result.metrics["ventricular"]
        lumbar = self.result.metrics["lumbar"]
        if not (vent.cmax > lumbar.cmax and lumbar.tmax_h > vent.tmax_h):
            raise RuntimeError("Ommaya curve does not peak in the ventricles first")
        self.controls.route.setCurrentIndex(self.controls.route.findData("lp"))
        limit = self.limits.for_drug(str(self.controls.drug.currentData()), "lp")
        if limit is not None and limit.ceiling_mg is not None:  # an overdose is a what-if
            before = self.controls.dose.value()
            self.controls.dose.setValue(limit.ceiling_mg * 2)
            if self.result is None or not self.result.what_if:
                raise RuntimeError("PK view did not simulate a dose above the ceiling")
            self.controls.dose.setValue(before)


def _note_html(text: str, danger: bool, warning: bool) -> str:
    """One line of the message area: red for danger (a dose above the ceiling), bold for a
    warning, plain for information."""
    escaped = html.escape(text)
    if danger:
        return f"<span style='{DANGER_STYLE}'>{escaped}</span>"
    return f"<b>{escaped}</b>" if warning else escaped
