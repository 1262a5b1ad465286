"""Regimen-sheet timings (not a test): run ``.venv/bin/python benchmarks/bench_sheet.py``.

A 40-session course (methotrexate: 8 induction + 4 consolidation + 28 monthly maintenance),
in each sheet language:
1. Build the sheet document from the course (GUI thread; aim <= 20 ms).
2. Render it to an A4 PDF (worker thread; aim: build + render < 0.5 s).
Reports the median of repeated runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from timing import median_ms

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import SheetData, SheetSettings
from lmdesk.paths import bundled_reference_db
from lmdesk.printing.offscreen import ensure_gui_application
from lmdesk.printing.sheet_pdf import render_pdf
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB


def main() -> None:
    ensure_gui_application()
    repo = ProtocolRepository(ReferenceDB(bundled_reference_db()))
    limits = repo.limits()
    plan = plan_course(
        repo.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), maintenance_count=28),
        limits,
        None,
    )
    now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    course = course_from_plan(plan, "BENCH-1", "bench", now).model_copy(update={"id": 1})
    assert len(course.sessions) == 40, len(course.sessions)
    patient = Patient(mrn="BENCH-1", name="Bench 测试", sex="M", birth_date=date(1960, 1, 1))
    data = SheetData(reference_version="bench")
    for language in ("en", "zh_CN", "bilingual"):
        settings = SheetSettings(hospital="Hospital", ward="Ward", language=language)  # type: ignore[arg-type]

        def build(s: SheetSettings = settings) -> object:
            return build_sheet(course, patient, s, data, limits, now)

        sheet = build_sheet(course, patient, settings, data, limits, now)
        pages = render_pdf(sheet).pages
        build_ms = median_ms(build, 20)
        total_ms = median_ms(lambda s=settings: render_pdf(build(s)), 7)  # type: ignore[misc]
        print(
            f"{language:9s} 40 sessions, {pages} pages: build {build_ms:6.1f} ms, "
            f"build + render {total_ms:6.1f} ms (median)"
        )


if __name__ == "__main__":
    main()
