"""CTCAE grading timings (not a test): run ``.venv/bin/python benchmarks/bench_ctcae.py``.

What runs on the GUI thread in the grading view, and the CLI batch:
1. Read one CTCAE version from the reference DB (once per version; aim <= 50 ms).
2. Grade one lab value (per click; aim <= 1 ms).
3. Search the 850 v6.0 terms for a few letters (per keystroke; aim <= 5 ms).
4. Build the whole grading view offscreen (aim <= 300 ms; it is built once, on first open).
5. Grade a 10,000-line JSON-lines batch (CLI; reported for information).
Reports the median of repeated runs.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import replace

from timing import ROOT, median_ms

from lmdesk.cli.grading import grade_line
from lmdesk.models.ctcae import LabQuery, grade_lab
from lmdesk.paths import AppPaths
from lmdesk.store.ctcae_repo import CtcaeRepo
from lmdesk.store.reference import ReferenceDB


def main() -> None:
    reference = ReferenceDB(ROOT / "data" / "lm.sqlite")
    print(
        f"read v6.0 terms:      {median_ms(lambda: CtcaeRepo(reference).terms('6.0'), 5):8.2f} ms"
    )
    repo = CtcaeRepo(reference)
    repo.terms("6.0")
    query = LabQuery.from_raw(
        {
            "term": "Alanine aminotransferase increased",
            "value": "130",
            "unit": "U/L",
            "uln": "40",
            "baseline": "80",
            "version": "6.0",
        }
    )
    print(f"grade one value:      {median_ms(lambda: grade_lab(query), 200):8.3f} ms")
    print(f"search 'menin' v6.0:  {median_ms(lambda: repo.search('menin', '6.0'), 50):8.2f} ms")

    from PySide6.QtWidgets import QApplication

    from lmdesk.app_context import AppContext
    from lmdesk.settings import Settings
    from lmdesk.views.grading.grading_view import GradingView

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.resolve(environ={"LMDESK_HOME": folder})
        ctx = AppContext(
            paths=replace(paths, reference_db=ROOT / "data" / "lm.sqlite"),
            settings=Settings(),
            language="en",
        )
        print(f"build grading view:   {median_ms(lambda: GradingView(ctx), 3):8.1f} ms")
        ctx.close()
    del app

    line = json.dumps(
        {"term": "Neutrophil count decreased", "value": 700, "unit": "/mm3", "lln": 2000}
    )
    start = time.perf_counter()
    aliases = repo.lab_aliases()
    for _ in range(10_000):
        grade_line(line, repo, aliases)
    print(f"batch of 10,000 lines: {(time.perf_counter() - start):7.2f} s")


if __name__ == "__main__":
    main()
