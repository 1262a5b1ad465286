"""The slow PK work of the view: population band and individual fit, in the thread pool.

A mixin of :class:`lmdesk.views.pk.pk_view.PkView` (it uses the view's widgets and
state); kept apart so the view module holds the screen and this one the workers.
Each request carries a token; a new band request cancels the older one, and results of
superseded requests are dropped.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, cast

from lmdesk.i18n import _
from lmdesk.models.pk.fitting import FitResult, fit_map, fitted_band, individual_curves
from lmdesk.models.pk.population import Band, population_band
from lmdesk.models.pk.simulation import Curves
from lmdesk.views.jobs import Job, JobControl

BAND_JOB = "PK population band"


class BackgroundWork:
    """Band and fit jobs; expects the attributes a PkView sets up in its constructor."""

    if TYPE_CHECKING:
        _jobs: set[Job]
        _token: int
        _fit_token: int
        result: Any
        reference: Any
        pool: Any
        plot: Any
        controls: Any
        levels: Any
        band_note: Any
        band_progress: Any
        band_ready: Any
        fit_ready: Any
        _band_timer: Any

        def _show_error(self, text: str, *, danger: bool) -> None: ...

    def _start(self, job: Job) -> Job:
        """Start ``job`` in the view's pool; ``_jobs`` holds it until it has reported."""
        self._jobs.add(job)
        ref = weakref.ref(job)  # the connections must not keep the job alive

        def forget(*_args: object) -> None:
            if (done := ref()) is not None:
                self._jobs.discard(done)

        for signal in (job.signals.finished, job.signals.failed, job.signals.cancelled):
            signal.connect(forget)
        return job.start(self.pool)

    def _cancel(self, name: str) -> None:
        for job in list(self._jobs):
            if job.name == name:
                job.cancel()

    # ------------------------------------------------------------------ band
    def start_band(self) -> Job | None:
        if self.result is None:
            return None
        self._token += 1
        result, reference = self.result, self.reference
        rows = tuple(i for i, box in enumerate(self.plot.toggles.values()) if box.isChecked()) or (
            0,
            4,
        )
        seed = self.controls.seed.value()
        token = self._token

        def work(control: JobControl) -> Band:
            return population_band(
                result.model,
                result.curves.doses,
                float(result.curves.times_h[-1]),
                reference.variability,
                seed=seed,
                rows=rows,
                progress=control.fraction,  # a Cancel stops it at the next time chunk
            )

        self._cancel(BAND_JOB)  # superseded: its band would be dropped anyway
        job = Job(work, token=token, name=BAND_JOB)
        job.signals.finished.connect(lambda band: self._band_done(token, band))
        job.signals.failed.connect(lambda msg: self._show_error(msg, danger=False))
        job.signals.cancelled.connect(lambda: self._band_cancelled(token))
        self.band_note.setText(_("Computing the population band…"))
        self.band_progress.watch(job, _("Population band"))
        return self._start(job)

    def _band_cancelled(self, token: int) -> None:
        if token == self._token:  # the user's Cancel, not a newer request superseding it
            self.band_note.setText(_("Band cancelled: the curve is shown without it."))

    def _band_for_toggles(self) -> None:
        if self.controls.band.isChecked() and self.result is not None:
            self._band_timer.start()

    def _band_done(self, token: int, band: object) -> None:
        if token != self._token:
            return  # an older request: the controls have changed since
        assert isinstance(band, Band)
        self.plot.set_band(band.times_h, band.rows, band.values)
        v = self.reference.variability
        self.band_note.setText(
            _(
                "Band: 5–95 % and 25–75 % of {n} simulated patients (seed {seed}); log-normal "
                "CVs volume {vol:g} %, production {prod:g} %, mixing {mix:g} %, clearance {cl:g} % "
                "(model assumptions, not from the reference)."
            ).format(
                n=band.subjects,
                seed=band.seed,
                vol=v.volume_cv_pct,
                prod=v.production_cv_pct,
                mix=v.exchange_cv_pct,
                cl=v.clearance_cv_pct,
            )
        )
        self.band_ready.emit()

    # ------------------------------------------------------------------ fit
    def start_fit(self) -> Job | None:
        if self.result is None or not self.levels.levels:
            self.levels.status.setText(_("Enter at least one measured level first."))
            return None
        self._fit_token += 1
        result, reference = self.result, self.reference
        levels = list(self.levels.levels)
        hours = float(result.curves.times_h[-1])

        def work(control: JobControl) -> object:
            fit = fit_map(result.model, result.curves.doses, levels, reference.variability)
            curves = individual_curves(result.model, result.curves.doses, fit, hours, 10.0 / 60.0)
            control.check()
            band = fitted_band(result.model, result.curves.doses, fit, hours, rows=(0, 4))
            return fit, curves, band

        token = self._fit_token
        job = Job(work, token=token, name="PK fit")
        job.signals.finished.connect(lambda payload: self._fit_done(token, payload))
        job.signals.failed.connect(lambda msg: self.levels.status.setText(msg))
        self.levels.status.setText(_("Fitting…"))
        return self._start(job)

    def _fit_done(self, token: int, payload: object) -> None:
        if token != self._fit_token:
            return
        fit, curves, band = cast(tuple[FitResult, Curves, Band], payload)
        self.levels.show_fit(fit)
        site = 4 if any(m.site == "lumbar" for m in self.levels.levels) else 0
        self.plot.set_individual(curves.times_h, curves.conc_mg_l[site])
        self.plot.set_band(band.times_h, band.rows, band.values)
        self.levels.status.setText(
            _(
                "Fitted to {n} levels ({state}). Dashed line: this patient; band: 5–95 % of fit."
            ).format(
                n=len(self.levels.levels),
                state=_("converged") if fit.converged else _("not converged"),
            )
        )
        self.fit_ready.emit()
