"""Child process for the crash-kill test: writes courses, session updates and AEs forever.

Usage: ``python crash_writer.py TARGET REFERENCE_DB SEED [HANG_AFTER]``; TARGET is a SQLite
file or a ward URL (the person in ``LMDESK_WARD_LOGIN``/``LMDESK_WARD_PASSWORD``, see
``ward_helpers``). Writes go through the real store API (PatientRepository,
CourseRepository, course_actions, AdverseEventRepository).
After each COMMIT the child prints one line ``<kind> <id> <revision>`` (ADD/UPDATE: a
course; AE: an adverse event) and flushes, so the parent knows exactly which writes were
durable when it sends SIGKILL. With HANG_AFTER, after that many steps it opens one more
transaction (a course for a new patient ``HANG-<seed>``), prints ``INTX <mrn>`` when its rows
are written but not committed, and waits there to be killed.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ward_helpers import open_store

from lmdesk.models.clock import FixedClock
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.errors import BadInputError
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository, search_key
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB

TZ = timezone(timedelta(hours=8))


def report(kind: str, course_id: int, revision: int) -> None:
    sys.stdout.write(f"{kind} {course_id} {revision}\n")
    sys.stdout.flush()


def hang_in_course_add(
    pdb: PatientStore,
    patients: PatientRepository,
    courses: CourseRepository,
    planned: Course,
    seed: int,
) -> None:
    """Add a patient, then a course whose transaction stops after its last row (course,
    sessions, audit) is written and before COMMIT: say ``INTX`` and wait to be killed."""
    mrn = f"HANG-{seed}"
    patients.add(Patient(mrn=mrn, name="半途 测试"))
    write_audit = pdb.audit

    def audit_then_hang(*args: Any, **kwargs: Any) -> None:
        write_audit(*args, **kwargs)
        sys.stdout.write(f"INTX {mrn}\n")
        sys.stdout.flush()
        time.sleep(300)

    pdb.audit = audit_then_hang  # type: ignore[method-assign]
    courses.add(planned.model_copy(update={"patient_mrn": mrn, "planned_by": "Dr Writer"}))


def main(target: str, reference_path: Path, seed: int, hang_after: int | None = None) -> None:
    rng = random.Random(seed)
    clock = FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=TZ))
    pdb = open_store(target, clock, "crash-writer")
    reference = ReferenceDB(reference_path)
    protocols = ProtocolRepository(reference)
    protocol = protocols.get("mtx-classic")
    limits = protocols.limits()
    patients = PatientRepository(pdb)
    courses = CourseRepository(pdb)
    aes = AdverseEventRepository(pdb)
    plan = plan_course(
        protocol, PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True), limits, None
    )
    search_key("warm", "预热 测试")  # pinyin's tables load on first use: not in the first write
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    open_courses: list[Course] = []
    n = 0
    while True:
        n += 1
        if hang_after is not None and n > hang_after:
            hang_in_course_add(
                pdb, patients, courses, course_from_plan(plan, "", "", clock.now()), seed
            )
        if not open_courses or rng.random() < 0.3:
            mrn = f"K{seed}-{n}"
            patients.add(Patient(mrn=mrn, name=f"崩溃 测试 {n}"))
            course = courses.add(course_from_plan(plan, mrn, "Dr Writer", clock.now()))
            assert course.id is not None
            report("ADD", course.id, course.revision)
            open_courses.append(course)
            continue
        course = rng.choice(open_courses)
        if rng.random() < 0.15:
            assert course.id is not None
            ae = aes.record(
                AdverseEvent(
                    course_id=course.id,
                    version="5.0",
                    term="Headache",
                    grade=1 + rng.randrange(3),
                    onset=date(2027, 1, 4),
                    attribution="procedure",
                )
            )
            report("AE", ae.id or 0, 1)
            continue
        pending = [s for s in course.sessions if s.is_open]
        if not pending:
            open_courses.remove(course)
            continue
        session = pending[0]
        try:
            if rng.random() < 0.8:
                result = act.give(
                    course,
                    session.n,
                    at=clock.now(),
                    dose_mg=session.dose_mg,
                    route=session.route,
                    given_by="Nurse K",
                    limits=limits,
                )
            else:
                result = act.hold(course, session.n, "platelets low")
        except BadInputError:
            open_courses.remove(course)
            continue
        saved = courses.apply(course, result)
        assert saved.id is not None
        report("UPDATE", saved.id, saved.revision)
        open_courses[open_courses.index(course)] = saved


if __name__ == "__main__":
    hang = int(sys.argv[4]) if len(sys.argv) > 4 else None
    main(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), hang)
