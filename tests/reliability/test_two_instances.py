"""Two lmdesk instances (two real processes) edit the same course: no lost update.

The stale instance gets ConflictError with a message that says what changed, and the
course as stored now; the DB keeps exactly the first edit and one audit row for it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from lmdesk.app_context import AppContext
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository

EDITOR = Path(__file__).with_name("session_editor.py")


class Instance:
    """One editor process on ``db`` (a SQLite file, or a ward URL with the person in ``env``)."""

    def __init__(
        self, db: Path | str, reference: Path, user: str, env: dict[str, str] | None = None
    ) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(EDITOR), str(db), str(reference), user],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, command: str) -> dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "editor process died"
        return dict(json.loads(line))

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(30)


@pytest.fixture
def saved_course(ctx: AppContext) -> int:
    pdb = ctx.patients
    PatientRepository(pdb).add(Patient(mrn="T1", name="王 五"))
    protocols = ProtocolRepository(ctx.reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    course = CourseRepository(pdb).add(
        course_from_plan(plan, "T1", "Dr A", datetime(2027, 1, 4, 9, 0))
    )
    assert course.id is not None
    ctx.close()
    del ctx.__dict__["patients"]
    return course.id


@pytest.fixture
def two(ctx: AppContext, reference_db_path: Path):
    a = Instance(ctx.paths.patient_db, reference_db_path, "nurse-a")
    b = Instance(ctx.paths.patient_db, reference_db_path, "nurse-b")
    yield a, b
    a.close()
    b.close()


def test_stale_session_edit_is_refused_with_the_fresh_state(
    ctx: AppContext, saved_course: int, two
) -> None:
    a, b = two
    assert a.ask(f"load {saved_course}")["revision"] == 0
    assert b.ask(f"load {saved_course}")["revision"] == 0
    assert a.ask("give 1") == {"ok": True, "revision": 1}
    stale = b.ask("hold 1 platelets 40")
    assert "ok" not in stale and stale["revision"] == 0
    assert "changed by someone else" in stale["conflict"]
    assert "nurse-a" in stale["conflict"] and "Session 1 given" in stale["conflict"]
    fresh = stale["current"]
    assert fresh["revision"] == 1
    assert fresh["sessions"][0]["status"] == "given"
    assert fresh["sessions"][0]["given"]["given_by"] == "nurse-a"

    course = CourseRepository(ctx.patients).get(saved_course)
    assert course.revision == 1 and course.sessions[0].status == "given"
    actions = [h.action for h in CourseRepository(ctx.patients).history(saved_course)]
    assert actions == ["course.add", "course.give"]

    # after reloading, B's edit goes through on top of A's
    assert b.ask(f"load {saved_course}")["revision"] == 1
    assert b.ask("hold 2 platelets 40") == {"ok": True, "revision": 2}
    ctx.patients.close()
    del ctx.__dict__["patients"]
    course = CourseRepository(ctx.patients).get(saved_course)
    assert [s.status for s in course.sessions[:2]] == ["given", "held"]


def test_stale_patient_edit_is_refused_with_the_fresh_record(
    ctx: AppContext, saved_course: int, two
) -> None:
    a, b = two
    assert a.ask("loadpatient T1")["ok"] and b.ask("loadpatient T1")["ok"]
    assert a.ask("kps 70")["ok"]
    stale = b.ask("kps 90")
    assert "changed by someone else" in stale["conflict"]
    assert stale["current"]["kps"] == 70 and stale["current"]["row_version"] == 2
    assert PatientRepository(ctx.patients).by_mrn("T1").kps == 70
