"""What a ward-server benchmark run left behind: lost updates, the trail, notify latency.

Used by ``bench_ward_server.py``: every save a workstation saw return is looked for in the
database at the end (its audit row at exactly the revision it reported, its change still in
the record); notifications heard are matched to the saves of the other workstations.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lmdesk.models.clock import SystemClock
from lmdesk.models.scheduling.course import Course
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.server.ward_db import ServerPatientDB


def count_lost(owner_url: str, results: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Every save that returned, checked against the database at the end."""
    pdb = ServerPatientDB.open(
        owner_url, login=None, password=None, clock=SystemClock(), user="check"
    )
    problems: list[str] = []
    try:
        audit: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for entity, entity_id, action, user in pdb.conn.execute(
            'SELECT entity, entity_id, action, "user" FROM audit ORDER BY id'
        ).fetchall():
            audit[(entity, entity_id)].append((action, user))
        courses = CourseRepository(pdb)
        final: dict[int, Course] = {}
        claimed: set[tuple[int, int]] = set()
        for result in results:
            who = result["name"]
            for w in result["writes"]:
                key = (w["entity"], str(w["id"]))
                rows = audit.get(key, [])
                if w["entity"] != "course":
                    if (w["action"], who) not in rows:
                        problems.append(f"{who}: {w['action']} {w['id']} has no audit row")
                    continue
                course_id, revision = int(w["id"]), int(w["revision"])
                if (course_id, revision) in claimed:
                    problems.append(f"course {course_id} revision {revision} reported twice")
                claimed.add((course_id, revision))
                if revision >= len(rows) or rows[revision] != (w["action"], who):
                    problems.append(f"{who}: course {course_id} r{revision} not in the trail")
                if course_id not in final:
                    final[course_id] = courses.get(course_id)
                course = final[course_id]
                if course.revision != len(rows) - 1:
                    problems.append(f"course {course_id}: revision {course.revision} vs trail")
                if w["action"] == "course.give":
                    given = course.session(w["n"])
                    if given is None or given.given is None or given.given.given_by != who:
                        problems.append(f"{who}: the dose of course {course_id}/{w['n']} is gone")
                elif w["action"] == "course.verify":
                    if course.verification is None or course.verification.by != who:
                        problems.append(f"{who}: verification of course {course_id} is gone")
                elif w["action"] == "course.hold":
                    held = course.session(w["n"])
                    if held is None or held.status != "held":
                        problems.append(f"{who}: hold of course {course_id}/{w['n']} is gone")
        for table, entity in (("patients", "patient"), ("adverse_events", "adverse_event"),
                              ("assessments", "assessment")):  # fmt: skip
            stored = {str(r[0]) for r in pdb.conn.execute(f"SELECT id FROM {table}").fetchall()}
            for result in results:
                for w in result["writes"]:
                    if w["entity"] == entity and str(w["id"]) not in stored:
                        problems.append(f"{entity} {w['id']} reported saved but missing")
        chain, trail = pdb.verify_audit(), pdb.verify_trail()
        if not chain.ok:
            problems.append(f"audit chain: {chain.problem}")
        if not trail.ok:
            problems.append(f"audit trail: {trail.findings}")
        print(f"audit chain: {'intact' if chain.ok else 'BROKEN'} ({chain.rows_checked} rows);"
              f" trail: {'ok' if trail.ok else 'FINDINGS'}")  # fmt: skip
    finally:
        pdb.close()
    return len(problems), problems


def notify_latencies(results: list[dict[str, Any]]) -> tuple[list[float], int]:
    """ms from a save's COMMIT being sent to each other workstation hearing it; the misses."""
    sent: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
    for result in results:
        for w in result["writes"]:
            sent[(w["entity"], str(w["id"]), w["action"], result["name"])].append(w["t"])
    latencies: list[float] = []
    missed = 0
    for result in results:
        heard: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
        for at, note in result["heard"]:
            key = (note["entity"], str(note["entity_id"]), note["action"], note["user"])
            heard[key].append(at)
        for key, times in sent.items():
            if key[3] == result["name"]:
                continue
            got = heard.get(key, [])
            missed += max(0, len(times) - len(got))
            latencies.extend((g - t) * 1000 for t, g in zip(times, got, strict=False))
    return latencies, missed


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def prove_checker(owner_url: str, results: list[dict[str, Any]]) -> None:
    """A lost update made on purpose (an old copy of a session written back) is counted."""
    give = next(w for r in results for w in r["writes"] if w["action"] == "course.give")
    pdb = ServerPatientDB.open(owner_url, login=None, password=None, clock=SystemClock(), user="x")
    try:
        with pdb.transaction() as conn:
            conn.execute(
                "UPDATE courses SET body = jsonb_set(body::jsonb #- ?::text[], ?::text[],"
                " '\"planned\"')::text WHERE id = ?",
                (
                    f"{{sessions,{give['n'] - 1},given}}",
                    f"{{sessions,{give['n'] - 1},status}}",
                    give["id"],
                ),
            )
    finally:
        pdb.close()
    lost, problems = count_lost(owner_url, results)
    print(f"checker proof: one dose overwritten -> lost updates {lost}: {problems[:3]}")
    if lost == 0:
        raise SystemExit("the lost-update checker missed a lost update")
