"""PK timings (not a test): run ``.venv/bin/python benchmarks/bench_pk.py``.

1. Curves of a year-long course of 30 doses at 1-minute resolution (aim <= 10 ms).
2. A 1000-subject band over 8 weeks at 10-minute resolution (aim <= 150 ms), for the two
   compartments shown by default in the band (ventricular, lumbar) and for all five.
3. The what-if update: the view's full recompute (simulate + metrics) over 8 weeks at
   1 minute after a dose change (aim: within one 16 ms frame), and the plot redraw.
4. The source band of ``lmdesk pk`` (the calibration fit and every leave-one-source-out
   refit, 48 h at 1 minute): the CLI's extra cost per run.
Reports the median of repeated runs: wall time, and CPU time of this process (the band
uses two threads, so its CPU time is the sum of both).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lmdesk.models.pk.metrics import compute_metrics  # noqa: E402
from lmdesk.models.pk.population import population_band  # noqa: E402
from lmdesk.models.pk.simulation import PkModel, make_doses, simulate  # noqa: E402
from lmdesk.models.pk.source_band import source_band  # noqa: E402
from lmdesk.models.pk.sources import PkReference, reference_from  # noqa: E402


def load() -> PkReference:
    folder = ROOT / "lmdesk" / "resources" / "reference" / "pk"
    docs = [
        tomllib.loads((folder / f"{n}.toml").read_text(encoding="utf-8"))
        for n in ("physiology", "drugs", "validation", "tki_csf")
    ]
    return reference_from(*docs)


class Timing(float):
    """Median wall time (ms); ``cpu`` is the median CPU time of this process (ms), which is
    closer to the unloaded figure when other jobs share the machine."""

    cpu: float

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} ms wall, {self.cpu:{spec}} ms CPU"


def median_ms(fn: Callable[[], object], repeat: int) -> Timing:
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    result = Timing(statistics.median(wall))
    result.cpu = statistics.median(cpu)
    return result


def main() -> None:
    ref = load()
    model = PkModel(ref.physiology, ref.drugs["methotrexate"])
    year = make_doses("lp", [i * 24.0 * 12 for i in range(30)], [12.0])
    ms = median_ms(lambda: simulate(model, year, 365 * 24.0, 1 / 60), 20)
    print(f"year, 30 doses, 1-min grid (525,601 points x 5 compartments): {ms:.1f}")

    eight_weeks = make_doses("lp", [i * 84.0 for i in range(16)], [12.0])
    for rows in ((0, 4), (0, 1, 2, 3, 4)):
        ms = median_ms(
            lambda rows=rows: population_band(
                model, eight_weeks, 56 * 24.0, ref.variability, subjects=1000, rows=rows
            ),
            7,
        )
        print(f"band, 1000 subjects, 8 weeks, 10-min grid, {len(rows)} compartments: {ms:.0f}")

    def what_if() -> None:
        curves = simulate(model, eight_weeks, 56 * 24.0, 1 / 60)
        compute_metrics(model.system(), curves, 0.454)

    ms = median_ms(what_if, 20)
    print(f"what-if recompute (curves + metrics), 8 weeks at 1 min: {ms:.1f}")

    one = make_doses("lp", [0.0], [12.0])
    ms = median_ms(lambda: source_band(ref, model.drug, model.obstruction, one, 48.0, 1 / 60), 10)
    print(f"source band ({1 + len(ref.refits)} fits), 48 h at 1 min: {ms:.1f}")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lmdesk.models.scheduling.dose_safety import DoseLimits
    from lmdesk.views.app import ensure_application
    from lmdesk.views.pk.pk_view import PkView

    app = ensure_application()
    view = PkView(reference=ref, catalog=None, limits=DoseLimits([]))
    view.resize(1400, 800)
    view.show()
    view.controls.schedule.setCurrentIndex(view.controls.schedule.findData("repeat"))
    view.controls.count.setValue(16)
    view.controls.hours.setValue(56 * 24.0)
    app.processEvents()
    doses = iter([10.0, 11.0] * 100)

    def spin() -> None:
        view.controls.dose.setValue(next(doses))
        view.plot.plot.grab()  # forces a full render of the plot, axes included

    ms = median_ms(spin, 20)
    print(f"what-if in the view (spin -> recompute -> full render), 8 weeks, 1 min: {ms:.1f}")

    def spin_frame() -> None:
        view.controls.dose.setValue(next(doses))
        app.processEvents()  # the frame Qt paints: only what changed (axes are cached)

    ms = median_ms(spin_frame, 20)
    print(f"what-if in the view (spin -> recompute -> next frame), 8 weeks, 1 min: {ms:.1f}")


if __name__ == "__main__":
    main()
