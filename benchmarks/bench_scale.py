"""Scale benchmark (not a test): a busy ward's years of data, timed where clinicians wait.

    .venv/bin/python benchmarks/bench_scale.py [--db FILE] [--runs 21] [--startup-runs 5]

Without ``--db`` it generates (once, cached in build/work/scale/) 10,000 patients, ~300,000
sessions and 100,000 AE records with ``lmdesk.devtools.scale_data``. Reports medians of:
1. patient search (aim <= 20 ms) for typical queries, and the full list;
2. opening a course: course + its AEs + its history (aim <= 50 ms);
3. start-up to the first painted window and to the first view, scale DB vs an empty DB
   (aim: no more than +10 %);
4. GUI responsiveness while the daily backup of the scale DB runs on its worker: the
   longest gap between 10 ms timer ticks on the GUI thread (aim < 100 ms);
5. opening each registered view against the scale DB: first import, then the median of
   fresh builds (GUI-thread time, aim < 100 ms) and the patient rows it read; then typing
   in the patient picker and searching, sorting and paging the Patients list.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lmdesk.devtools.scale_data import generate  # noqa: E402
from lmdesk.models.clock import FixedClock  # noqa: E402
from lmdesk.store.ae_repo import AdverseEventRepository  # noqa: E402
from lmdesk.store.course_repo import CourseRepository  # noqa: E402
from lmdesk.store.patient_db import PatientDB  # noqa: E402
from lmdesk.store.patient_repo import PatientRepository  # noqa: E402

CACHE = ROOT / "build" / "work" / "scale" / "patients.sqlite"
CLOCK = FixedClock(datetime(2026, 6, 2, 9, 0, tzinfo=timezone(timedelta(hours=8))))


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm the page cache and statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def scale_db(path: Path | None) -> Path:
    if path is not None:
        return path
    if not CACHE.exists():
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {CACHE} ...", flush=True)
        started = time.perf_counter()
        counts = generate(CACHE)
        print(f"  {counts} in {time.perf_counter() - started:.1f} s", flush=True)
    return CACHE


def bench_queries(db: Path, runs: int) -> None:
    pdb = PatientDB.open(db, clock=CLOCK, user="bench", backups_dir=db.parent / "backups")
    patients, courses = PatientRepository(pdb), CourseRepository(pdb)
    aes = AdverseEventRepository(pdb)
    some = patients.get(4321)
    print("\npatient search (aim <= 20 ms), median ms:")
    queries = {
        "common surname '王'": "王",
        "full name": some.name,
        "MRN fragment": some.mrn[:6],
        "pinyin 'zhang'": "zhang",
        "no match": "zzzz",
    }
    for label, query in queries.items():
        found = len(patients.search(query))
        print(f"  {label:<22} {median_ms(lambda q=query: patients.search(q), runs):7.1f}"
              f"   ({found} patients)")  # fmt: skip
    print(f"  {'all 10,000 (no query)':<22} {median_ms(lambda: patients.search(''), 5):7.1f}")
    print("\nbounded reads the screens use (median ms):")
    bounded = {
        "picker 'zhang' (<= 50)": lambda: patients.pick("zhang"),
        "picker '王' (<= 50)": lambda: patients.pick("王"),
        "picker, no query": lambda: patients.pick(""),
        "list page 1 by name": lambda: patients.page(order="name"),
        "list page 50 by MRN": lambda: patients.page(offset=49 * 200),
        "list 'zhang' + count": lambda: (patients.page("zhang"), patients.count("zhang")),
    }
    for label, read in bounded.items():
        print(f"  {label:<22} {median_ms(read, runs):7.1f}")

    rng = random.Random(7)
    total = pdb.conn.execute("SELECT max(id) FROM courses").fetchone()[0]
    ids = [1 + rng.randrange(total) for _ in range(runs)]
    it = iter(ids * 2)

    def open_course() -> None:
        cid = next(it)
        course = courses.get(cid)
        aes.for_course(cid)
        courses.history(cid)
        courses.for_patient(course.patient_mrn)

    print("\nopening a course (aim <= 50 ms), median ms:")
    print(f"  course + AEs + history + patient's courses {median_ms(open_course, runs - 1):7.2f}")
    pdb.close()


def startup_once(db: Path, home: Path) -> tuple[float, float]:
    stamps = home / "stamps"
    stamps.unlink(missing_ok=True)
    env = dict(
        os.environ,
        LMDESK_HOME=str(home),
        LMDESK_STARTUP_STAMPS=str(stamps),
        LMDESK_EXIT_AFTER_PAINT="1",
    )
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "lmdesk", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-800:])
    moments = dict(line.split() for line in stamps.read_text().splitlines())
    paint = float(moments["paint"]) - started
    return paint, float(moments.get("ready", moments["paint"])) - started


def bench_startup(db: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lmdesk-scale-") as tmp:
        home = Path(tmp)
        empty = home / "empty.sqlite"
        variants = {"empty DB": empty, "scale DB": db}
        for path in variants.values():
            startup_once(path, home)  # warm-up; also makes today's automatic backup
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
        for _ in range(runs):  # interleaved, so machine load hits both alike
            for name, path in variants.items():
                results[name].append(startup_once(path, home))
    print("\nstart-up, median s (first paint / first view ready):")
    med = {}
    for name, values in results.items():
        med[name] = (
            statistics.median(v[0] for v in values),
            statistics.median(v[1] for v in values),
        )
        print(f"  {name:<9} {med[name][0]:.3f} / {med[name][1]:.3f}")
    extra = (med["scale DB"][1] / med["empty DB"][1] - 1) * 100
    print(f"  scale vs empty (first view ready): {extra:+.1f} %  (aim <= +10 %)")


def bench_gui(db: Path) -> None:
    from dataclasses import replace

    from PySide6.QtCore import QElapsedTimer, QThreadPool, QTimer

    from lmdesk.app_context import AppContext
    from lmdesk.paths import AppPaths
    from lmdesk.settings import Settings
    from lmdesk.views.app import ensure_application
    from lmdesk.views.db_safety import start_auto_backup

    app = ensure_application()
    with tempfile.TemporaryDirectory(prefix="lmdesk-scale-gui-") as tmp:
        paths = replace(
            AppPaths.resolve(str(db)), backups_dir=Path(tmp) / "backups", logs_dir=Path(tmp)
        )
        ctx = AppContext(paths=paths, settings=Settings(), language="en", clock=CLOCK)
        ctx.patients  # noqa: B018 - opened as at start-up
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(10)
        done: list[str] = []
        started = time.perf_counter()
        start_auto_backup(ctx, done.append)
        while not done:
            app.processEvents()
            time.sleep(0.001)
        took = time.perf_counter() - started
        timer.stop()
        QThreadPool.globalInstance().waitForDone()
        print("\nGUI thread while the daily backup of the scale DB runs on its worker:")
        print(f"  backup took {took:.2f} s; {done[0][:60]}...")
        print(f"  longest gap between 10 ms ticks: {max(gaps):.0f} ms (aim < 100 ms)")

        bench_views(ctx, app)
        ctx.close()


def bench_views(ctx: Any, app: Any, runs: int = 5) -> None:
    """Each view: first import, then the median of ``runs`` fresh builds (construct, show,
    paint), and the patient rows its opening read (row_spy); then typing and sorting."""
    from PySide6.QtCore import Qt

    from lmdesk.devtools.row_spy import patient_reads
    from lmdesk.views.registry import VIEW_SPECS

    conn = ctx.patients.conn
    print("\nopening each view with the scale DB (GUI thread, ms; patient rows read):")
    print(f"  {'view':<10} {'import':>7} {'open':>7} {'rows':>7}")
    for spec in VIEW_SPECS:
        begun = time.perf_counter()
        factory = spec.load()
        imported = (time.perf_counter() - begun) * 1000
        with patient_reads(conn) as reads:
            view = factory(ctx)
        view.deleteLater()
        times = []
        for _ in range(runs):
            begun = time.perf_counter()
            view = factory(ctx)
            view.resize(1200, 760)
            view.show()
            app.processEvents()
            times.append((time.perf_counter() - begun) * 1000)
            view.close()
            view.deleteLater()
            app.processEvents()
        opened = statistics.median(times)
        print(f"  {spec.key:<10} {imported:7.0f} {opened:7.0f} {reads.total:7d}")

    from lmdesk.views.courses.course_view import CoursesView
    from lmdesk.views.patients.patients_view import PatientsView

    courses, patients = CoursesView(ctx), PatientsView(ctx)
    patients.resize(1200, 760)
    patients.show()
    app.processEvents()
    picker = courses.patient_picker
    actions: dict[str, Callable[[], object]] = {
        "picker: type 'zhang'": lambda: picker.search("zhang"),
        "picker: type '王'": lambda: picker.search("王"),
        "patients: search 'zhang'": lambda: patients.search.setText(
            "zhang" if patients.search.text() != "zhang" else "zhan"
        ),
        "patients: clear search": lambda: (patients.search.setText("a"), patients.search.clear()),
        "patients: sort by name": lambda: patients.table.sortByColumn(
            1,
            Qt.SortOrder.DescendingOrder
            if patients.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            else Qt.SortOrder.AscendingOrder,
        ),
        "patients: next page": lambda: (
            patients.model.fetchMore() if patients.model.canFetchMore() else patients.refresh()
        ),
    }
    print("\nactions in those views (GUI thread, median ms):")
    for label, action in actions.items():
        print(f"  {label:<26} {median_ms(action, 11):7.1f}")
    patients.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing scale DB (default: generate)")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--skip", nargs="*", default=[], choices=["queries", "startup", "gui"])
    args = parser.parse_args()
    db = scale_db(args.db)
    with tempfile.TemporaryDirectory(prefix="lmdesk-scale-copy-") as tmp:
        work = Path(tmp) / "patients.sqlite"
        shutil.copyfile(db, work)  # benchmarks never change the cached DB
        if "queries" not in args.skip:
            bench_queries(work, args.runs)
        if "startup" not in args.skip:
            bench_startup(work, args.startup_runs)
        if "gui" not in args.skip:
            bench_gui(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
