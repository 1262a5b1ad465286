"""SIGKILL a process that writes courses, again and again; nothing reported as saved is lost.

The child (``crash_writer.py``) writes through the real store API and prints each write
after its COMMIT. After every kill the parent checks: the DB opens through PatientDB,
``integrity_check`` is ok, the audit chain is intact, every reported write is there
(at that revision or later), and no course is half-written (course row, session rows and
audit rows agree). CI runs 10 kills; the full run is
``LMDESK_KILL_RUNS=50 .venv/bin/python -m pytest tests/reliability -m slow``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.scheduling.course import Course
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_store import PatientStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

WRITER = Path(__file__).with_name("crash_writer.py")
CLOCK = FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=timezone(timedelta(hours=8))))
CI_RUNS = 10


def _reader(stream: object, lines: list[str], ready: threading.Event) -> None:
    for raw in stream:  # type: ignore[attr-defined]
        line = raw.decode("utf-8")
        if not line.endswith("\n"):
            break  # a line cut by the kill was never fully reported
        if line == "READY\n":
            ready.set()
        else:
            lines.append(line.strip())
    ready.set()


def run_and_kill(
    db: Path | str,
    reference: Path,
    seed: int,
    rng: random.Random,
    env: dict[str, str] | None = None,
) -> list[str]:
    """Start the writer, let it write for a random while, SIGKILL it; return its reports.

    ``db``: a SQLite file, or a ward URL with the writer's person in ``env``."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db), str(reference), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    lines: list[str] = []
    ready = threading.Event()
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines, ready), daemon=True)
    reader.start()
    assert ready.wait(60), "writer did not start"
    time.sleep(rng.uniform(0.0, 0.4))
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    reader.join(30)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    assert proc.returncode == -signal.SIGKILL, f"writer ended on its own: {err}"
    return list(lines)


def kill_inside_transaction(
    target: str, reference: Path, env: dict[str, str] | None, steps: int
) -> tuple[str, list[str]]:
    """Run the writer until it is inside its hanging transaction, SIGKILL it there."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), target, str(reference), "7", str(steps)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    reports: list[str] = []
    mrn = ""
    for line in proc.stdout:
        if line.startswith("INTX "):
            mrn = line.split()[1]
            break
        if line != "READY\n":
            reports.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    err = proc.stderr.read() if proc.stderr else ""
    assert mrn, f"the writer never reached its open transaction: {err}"
    assert proc.returncode == -signal.SIGKILL
    return mrn, reports


def check_consistent(
    db_path: Path, reported: dict[int, int], ae_ids: set[int] = frozenset()
) -> int:
    """Assert the DB is whole and holds every reported write; return the course count."""
    pdb = PatientDB.open(db_path, clock=CLOCK, user="checker", backups_dir=db_path.parent)
    try:
        return check_store(pdb, reported, ae_ids)
    finally:
        pdb.close()


def check_store(pdb: PatientStore, reported: dict[int, int], ae_ids: set[int] = frozenset()) -> int:
    """``check_consistent`` on an open store of either engine."""
    assert pdb.check().integrity == "ok"
    chain = pdb.verify_audit()
    assert chain.ok, chain.problem
    conn = pdb.conn
    rows = conn.execute("SELECT id, row_version, body FROM courses").fetchall()
    stored = {int(i): (int(v), body) for i, v, body in rows}
    for course_id, revision in reported.items():
        assert course_id in stored, f"course {course_id} reported saved but missing"
        assert stored[course_id][0] >= revision, f"course {course_id} lost an update"
    for course_id, (version, body) in stored.items():
        course = Course.model_validate_json(body)
        assert course.revision == version
        sessions = conn.execute(
            "SELECT n, status, row_version, body FROM course_sessions"
            " WHERE course_id = ? ORDER BY n",
            (course_id,),
        ).fetchall()
        assert [s[0] for s in sessions] == [s.n for s in course.sessions]
        for (n, status, row_version, s_body), model in zip(sessions, course.sessions, strict=True):
            assert status == model.status and row_version == version, (course_id, n)
            assert json.loads(s_body)["status"] == model.status
        audits = conn.execute(
            "SELECT count(*) FROM audit WHERE entity = 'course' AND entity_id = ?",
            (str(course_id),),
        ).fetchone()[0]
        assert audits == version + 1, f"course {course_id}: audit rows != revisions"
    stored_aes = {int(r[0]) for r in conn.execute("SELECT id FROM adverse_events")}
    assert ae_ids <= stored_aes, f"AEs reported saved but missing: {ae_ids - stored_aes}"
    audited_aes = {
        int(r[0]) for r in conn.execute("SELECT entity_id FROM audit WHERE action = 'ae.record'")
    }
    assert audited_aes == stored_aes, "an AE without its audit row (or the reverse)"
    return len(stored)


def kill_loop(tmp_path: Path, reference_db_path: Path, runs: int) -> None:
    db = tmp_path / "patients.sqlite"
    kill_loop_on(db, reference_db_path, runs, lambda r, a: check_consistent(db, r, a))


def kill_loop_on(
    target: Path | str,
    reference_db_path: Path,
    runs: int,
    check: Callable[[dict[int, int], set[int]], int],
    env: dict[str, str] | None = None,
) -> None:
    """Kill the writer ``runs`` times on ``target`` (a file or a ward URL); ``check`` after each."""
    rng = random.Random(int(os.environ.get("LMDESK_KILL_SEED", "20270104")))
    reported: dict[int, int] = {}
    ae_ids: set[int] = set()
    total_writes = 0
    for run in range(runs):
        lines = run_and_kill(target, reference_db_path, run, rng, env)
        for line in lines:
            kind, record_id, revision = line.split()
            if kind == "AE":
                ae_ids.add(int(record_id))
            else:
                reported[int(record_id)] = max(reported.get(int(record_id), 0), int(revision))
        total_writes += len(lines)
        check(reported, ae_ids)
    assert total_writes > runs, "the writer hardly wrote anything before being killed"


def test_sigkill_during_course_writes_loses_nothing(
    tmp_path: Path, reference_db_path: Path
) -> None:
    kill_loop(tmp_path, reference_db_path, CI_RUNS)


@pytest.mark.slow
@pytest.mark.skipif("LMDESK_KILL_RUNS" not in os.environ, reason="set LMDESK_KILL_RUNS=50")
def test_sigkill_full_run(tmp_path: Path, reference_db_path: Path) -> None:
    kill_loop(tmp_path, reference_db_path, int(os.environ["LMDESK_KILL_RUNS"]))


def test_checker_notices_a_half_written_course(tmp_path: Path, reference_db_path: Path) -> None:
    """The consistency check itself can fail: drop a session row behind the API's back.

    The writer is killed after its first steps, not after a random while: a patient's
    first write can take longer than the shortest while on a busy machine."""
    db = tmp_path / "patients.sqlite"
    _, lines = kill_inside_transaction(str(db), reference_db_path, None, 8)
    reported = {int(w[1]): int(w[2]) for w in (line.split() for line in lines) if w[0] != "AE"}
    assert reported
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM course_sessions WHERE n = 1 AND course_id = ?", (min(reported),))
    conn.commit()
    conn.close()
    with pytest.raises(AssertionError):
        check_consistent(db, reported)
