"""CTCAE grading timings (not a test): run ``.venv/bin/python benchmarks/bench_ctcae.py``.

What runs on the GUI thread in the grading view, and the CLI batch:
1. Read one CTCAE version from the reference DB (once per version; aim <= 50 ms).
2. Grade one lab value (per click; aim <= 1 ms).
3. Search the 850 v6.0 terms for a few letters (per keystroke; aim <= 5 ms).
4. Build the whole grading view offscreen (aim <= 300 ms; it is built once, on first open).
5. ``lmdesk grade --batch --json`` on generated lab-export files of 10k / 100k / 1M lines
   (``lmdesk.devtools.ctcae_rows``, export mix), each in a fresh process: rows per second,
   CPU seconds, peak memory, and beside it the floor - Python's json module reading the same
   lines and writing one line back for each. Aim: 1M lines within 1.5x the floor, memory flat.
   ``--batch-only`` runs just this part; ``--edges`` adds the edge-case mix (unique shapes).
6. On each 1M-line file, every line graded alone (``lmdesk.devtools.ctcae_agree``, the code
   the agreement test uses) and compared line for line with the batch output, both streamed:
   prints "agree: N of N lines" or the first differing line numbers, and exits 1 on any
   difference.
Reports the median of repeated runs (parts 1-4).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from timing import ROOT, median_ms

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


FLOOR = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        out.write(json.dumps(row, ensure_ascii=False) + "\\n")
"""


def _run(command: list[str], output: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MiB) of one fresh process."""
    with output.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, cwd=ROOT)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:4]} failed: {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def agree(source: Path, output: Path) -> bool:
    """Grade every line of ``source`` alone and compare with the batch ``output``, streaming
    both; prints the result and returns whether every line agreed."""
    from lmdesk.cli.grading_batch import read_lines
    from lmdesk.devtools.ctcae_agree import compare, single_json
    from lmdesk.paths import bundled_reference_db

    reference = ReferenceDB(bundled_reference_db())
    start = time.perf_counter()
    with (
        source.open(encoding="utf-8-sig") as src,
        output.open(encoding="utf-8", newline="") as got,
    ):
        result = compare(single_json(CtcaeRepo(reference), read_lines(src)), got)
    reference.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"        single grading, line by line: {result}"
        f" ({time.perf_counter() - start:.0f} s; this process's peak {peak:.0f} MiB)"
    )
    return result.differing == 0


def batch(mixes: tuple[str, ...]) -> None:
    from lmdesk.devtools.ctcae_rows import rows

    python = sys.executable
    print("\nlmdesk grade --batch --json, fresh process each (startup included):")
    print(
        f"{'mix':7} {'lines':>9} {'lmdesk rows/s':>14} {'cpu s':>7} {'peak MiB':>9}"
        f" | {'json floor rows/s':>17} {'cpu s':>7} {'peak MiB':>9} | {'x floor (wall, cpu)':>19}"
    )
    agreed = True
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        floor_script = here / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        for mix in mixes:
            for count in (10_000, 100_000, 1_000_000):
                source = here / f"{mix}-{count}.jsonl"
                with source.open("w", encoding="utf-8") as handle:
                    handle.writelines(line + "\n" for line in rows(count, mix))
                command = ["grade", "--batch", str(source), "--json"]
                ours = _run([python, "-m", "lmdesk", "--lang", "en", *command], here / "out.jsonl")
                floor = _run(
                    [python, str(floor_script), str(source), str(here / "floor.out")], here / "none"
                )
                print(
                    f"{mix:7} {count:>9,} {count / ours[0]:>14,.0f} {ours[1]:>7.2f} {ours[2]:>9.0f}"
                    f" | {count / floor[0]:>17,.0f} {floor[1]:>7.2f} {floor[2]:>9.0f}"
                    f" | {ours[0] / floor[0]:>8.2f}, {ours[1] / floor[1]:>8.2f}"
                )
                if count == 1_000_000:
                    agreed = agree(source, here / "out.jsonl") and agreed
                source.unlink()
    if not agreed:
        raise SystemExit("batch and single grading differ (see above)")


if __name__ == "__main__":
    if "--batch-only" not in sys.argv:
        main()
    batch(("export", "edges") if "--edges" in sys.argv else ("export",))
