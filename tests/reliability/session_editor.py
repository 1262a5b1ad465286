"""Child process for the two-instance test: one lmdesk "window" editing courses.

Usage: ``python session_editor.py TARGET REFERENCE_DB USER``; TARGET is a SQLite file or a
ward URL (signed in as the person in ``LMDESK_WARD_LOGIN``/``LMDESK_WARD_PASSWORD``).
Reads commands on stdin, answers one JSON line each: ``load ID``, ``give N``,
``hold N REASON``, ``loadpatient MRN``, ``kps N``. Each instance keeps the course it loaded, as a
view would, and applies changes to that (possibly stale) copy.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ward_helpers import open_store

from lmdesk.models.clock import FixedClock
from lmdesk.models.errors import ConflictError
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import Course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB


def main(target: str, reference_path: Path, user: str) -> None:
    clock = FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=8))))
    pdb = open_store(target, clock, user, Path(target).parent / "b")
    limits = ProtocolRepository(ReferenceDB(reference_path)).limits()
    courses = CourseRepository(pdb)
    patients = PatientRepository(pdb)
    course: Course | None = None
    patient: Patient | None = None
    for line in sys.stdin:
        cmd, *rest = line.split(maxsplit=2)
        out: dict[str, Any] = {}
        try:
            if cmd == "load":
                course = courses.get(int(rest[0]))
            elif cmd == "loadpatient":
                patient = patients.by_mrn(rest[0])
            elif cmd == "kps":
                assert patient is not None
                patient = patients.update(patient.model_copy(update={"kps": int(rest[0])}))
            else:
                assert course is not None
                n = int(rest[0])
                s = course.session(n)
                assert s is not None
                if cmd == "give":
                    result = act.give(
                        course,
                        n,
                        at=clock.now(),
                        dose_mg=s.dose_mg,
                        route=s.route,
                        given_by=user,
                        limits=limits,
                    )
                else:
                    result = act.hold(course, n, rest[1].strip())
                course = courses.apply(course, result)
            out["ok"] = True
        except ConflictError as err:
            out["conflict"] = str(err)
            current = err.current
            out["current"] = current.model_dump(mode="json") if current is not None else None
        if course is not None:
            out["revision"] = course.revision
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3])
