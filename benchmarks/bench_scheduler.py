"""Scheduler timings (not a test): run ``.venv/bin/python benchmarks/bench_scheduler.py``.

What runs on the GUI thread when a clinician plans and follows a course:
1. Plan mtx-classic with 60 maintenance sessions, weekends and 30 holidays avoided,
   against another course's 40 sessions (the plan preview re-runs this per edit; aim <= 20 ms).
2. Delay session 3 of that course (every later session re-placed; aim <= 20 ms).
3. Save the course, then apply one action with its audit row (aim <= 30 ms each).
Reports the median of repeated runs.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from timing import median_ms

from lmdesk.models.clock import FixedClock
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.calendar_rules import ScheduleCalendar
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.paths import reference_sources_dir
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.reference_build import build_reference
from lmdesk.store.scheduler_context import SchedulerStores


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ref = ReferenceDB(build_reference(reference_sources_dir(), folder / "ref.sqlite"))
        clock = FixedClock(datetime(2027, 1, 4, 9, 0))
        pdb = PatientDB.open(
            folder / "p.sqlite", clock=clock, user="bench", backups_dir=folder / "b"
        )
        stores = SchedulerStores(ref, pdb)
        protocol = stores.protocols.get("mtx-classic")
        holidays = frozenset(date(2027, 1, 1) + timedelta(days=11 * i) for i in range(30))
        others = frozenset(date(2027, 1, 2) + timedelta(days=9 * i) for i in range(40))
        options = PlanOptions(
            start=date(2027, 1, 4),
            maintenance_count=60,
            calendar=ScheduleCalendar(avoid_weekends=True, holidays=holidays),
            other_it_dates=others,
        )

        def plan() -> object:
            return plan_course(protocol, options, stores.protocols.limits(), stores.catalog)

        result = plan_course(protocol, options, stores.protocols.limits(), stores.catalog)
        course = course_from_plan(result, "B1", "bench", clock.now())
        print(f"plan ({len(result.sessions)} sessions): {median_ms(plan, 30):.1f} ms")
        later = course.sessions[2].date + timedelta(days=4)

        def delay() -> object:
            return act.delay(course, 3, later, "bench", others)

        print(f"delay session 3: {median_ms(delay, 30):.1f} ms")
        stores.patients.add(Patient(mrn="B1", name="Bench"))
        print(f"save course: {median_ms(lambda: stores.courses.add(course), 10):.1f} ms")
        saved = stores.courses.add(course)
        state = {"c": saved}

        def one_action() -> None:
            c = state["c"]
            n = next(s.n for s in c.sessions if s.is_open)
            state["c"] = stores.courses.apply(c, act.hold(c, n, "bench"))

        print(f"apply one action + audit: {median_ms(one_action, 10):.1f} ms")
        pdb.close()
        ref.close()


if __name__ == "__main__":
    main()
