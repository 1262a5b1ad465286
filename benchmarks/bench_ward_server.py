"""Ward server load (not a test): N workstations, M mixed actions each, on one PostgreSQL.

Run: ``.venv/bin/python benchmarks/bench_ward_server.py --workstations 20 --actions 200``.
Starts a throw-away cluster (``tests/pg_cluster.py``), sets up a ward database and one user
per workstation (prescribers, pharmacists, nurses, all on the IT register), then starts N
processes, each signed in as its own user over TCP on 127.0.0.1 with its password. Each
does M actions its role allows (``models.users.rights``, two-person rules included): plan a
course (a patient and a course), verify, give, hold (a change), record an AE, record an
assessment, and reads. Like a screen, a workstation acts on the copy of a course it loaded
last; a ConflictError (someone changed it meanwhile) is counted, and the fresh copy kept.
Each workstation also LISTENs on its own connection and notes when it hears each change.

Printed: actions per second; p50/p95 per action kind (the whole action: load and save);
lost updates (a save that returned must be in the database at the end, its audit row at
exactly the revision it reported, its change still in the record); ConflictErrors; the
audit chain (``verify_audit``) and trail (``verify_trail``); and notify latency p50/p95:
from the moment the writer sent its COMMIT (``time.time()``, one machine) to the moment
another workstation's listener thread received the notification.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from timing import ROOT
from ward_checks import count_lost, notify_latencies, pct, prove_checker

sys.path.insert(0, str(ROOT / "tests"))

from lmdesk.models.clock import SystemClock
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.errors import BadInputError, ConflictError, SafetyRefusal
from lmdesk.models.patient import Patient
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.users import rights
from lmdesk.models.users.rights import Action
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.paths import reference_sources_dir
from lmdesk.store.ae_repo import AdverseEventRepository
from lmdesk.store.assessment_repo import AssessmentRepository
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.reference_build import build_reference
from lmdesk.store.server.errors import ServerRefusedError
from lmdesk.store.server.ward_db import ServerPatientDB

ROLE_CYCLE = (Role.PRESCRIBER, Role.PHARMACIST, Role.NURSE, Role.NURSE)
#: The share of each action kind by role; a kind with nothing to act on becomes a read.
MIX: dict[Role, dict[str, float]] = {
    Role.PRESCRIBER: {"plan": 25, "change": 8, "give": 12, "ae": 15, "assess": 10, "read": 30},
    Role.PHARMACIST: {"verify": 45, "ae": 10, "assess": 10, "read": 35},
    Role.NURSE: {"give": 40, "verify": 5, "ae": 20, "assess": 10, "read": 25},
}
HOT_COURSES = 12  # workstations pick among the ward's newest active courses (contention)
DRAIN_S = 1.5  # listening after the last action, for the last notifications to arrive
STARTED_DAYS_AGO = 60  # courses began this long ago (gives on past-dated sessions, follow-ups)
#: Courses planned before the run (by the first prescriber): the ward has work on day one.
SEED_COURSES = 2 * HOT_COURSES


@dataclass(frozen=True)
class Spec:
    index: int
    login: str
    password: str
    name: str
    role: Role
    url: str
    reference: str
    actions: int
    seed: int
    out: str


# -- one workstation (a process) ---------------------------------------------------------------


class Listener(threading.Thread):
    """LISTEN lmdesk_changes on the workstation's own second connection; note arrival times."""

    def __init__(self, pdb: ServerPatientDB) -> None:
        super().__init__(daemon=True)
        self.conn = pdb.listen_connection()
        self.conn.execute("LISTEN lmdesk_changes")
        self.heard: list[tuple[float, dict[str, Any]]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for note in self.conn.notifies(timeout=0.2):
                self.heard.append((time.time(), json.loads(note.payload)))
        self.conn.close()


class Workstation:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.clock = SystemClock()
        #: Courses began a while ago, so that follow-up assessments can be dated after it.
        self.start_day = self.clock.today() - timedelta(days=STARTED_DAYS_AGO)
        self.pdb = ServerPatientDB.open(
            spec.url, login=spec.login, password=spec.password, clock=self.clock, user=spec.name
        )
        from lmdesk.store.users_repo import UsersRepository

        self.me = UsersRepository(self.pdb).get_by_login(spec.login)
        protocols = ProtocolRepository(ReferenceDB(Path(spec.reference)))
        self.limits = protocols.limits()
        self.plan = plan_course(
            protocols.get("mtx-classic"),
            PlanOptions(start=self.start_day, confirm_default_schedule=True),
            self.limits,
            None,
        )
        self.patients = PatientRepository(self.pdb)
        self.courses = CourseRepository(self.pdb)
        self.aes = AdverseEventRepository(self.pdb)
        self.assessments = AssessmentRepository(self.pdb)
        self.mrn_prefix = f"W{spec.index}"
        self.seen: dict[int, Course] = {}  # the copies this workstation's screens hold
        self.writes: list[dict[str, Any]] = []  # every save that returned
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.outcomes: Counter[str] = Counter()
        self.commit_sent = 0.0
        conn = self.pdb.server_conn
        execute = conn.execute

        def timed_execute(sql: str, parameters: Any = (), /) -> Any:
            if sql == "COMMIT":  # the moment the save is sent to be made durable
                self.commit_sent = time.time()
            return execute(sql, parameters)

        conn.execute = timed_execute  # type: ignore[method-assign]

    def warm_up(self) -> None:
        """What the first action of each kind would pay once (imports, caches): not timed."""
        self.do_read()
        course = course_from_plan(self.plan, "warm", "Someone Else", self.clock.now()).model_copy(
            update={"id": 1}
        )
        verified = act.verify(course, self.spec.name, self.clock.now()).course
        first = verified.sessions[0]
        act.give(verified, first.n, at=self.clock.now(), dose_mg=first.dose_mg,
                 route=first.route, given_by="Another", limits=self.limits)  # fmt: skip
        act.hold(verified, first.n, "warm")

    # -- what the workstation does ---------------------------------------------------------
    def may(self, action: Action, course: Course | None = None) -> bool:
        context = rights.parties_of(course) if course is not None else None
        return rights.allowed(action, self.me, self.clock.today(), context=context)

    def saved(self, entity: str, entity_id: int, action: str, **facts: Any) -> None:
        self.writes.append(
            {
                "entity": entity,
                "id": entity_id,
                "action": action,
                "t": self.commit_sent,
                "returned": time.time(),
                **facts,
            }
        )

    def hot(self) -> list[int]:
        rows = self.pdb.conn.execute(
            "SELECT id FROM courses WHERE status = 'active' ORDER BY id DESC LIMIT ?",
            (HOT_COURSES,),
        ).fetchall()
        ids = [int(r[0]) for r in rows]
        self.rng.shuffle(ids)
        return ids

    def copy_of(self, course_id: int) -> Course:
        """The copy on screen if there is one (possibly stale), else a fresh load."""
        if course_id not in self.seen or self.rng.random() < 0.5:
            self.seen[course_id] = self.courses.get(course_id)
        return self.seen[course_id]

    def apply(self, course: Course, result: act.ActionResult, **facts: Any) -> None:
        saved = self.courses.apply(course, result)
        assert saved.id is not None
        self.seen[saved.id] = saved
        self.saved("course", saved.id, result.event.code, revision=saved.revision, **facts)

    def do_plan(self) -> bool:
        if not self.may(Action.PLAN_COURSE):
            return False
        mrn = f"{self.mrn_prefix}-{len(self.writes)}"
        patient = self.patients.add(Patient(mrn=mrn, name=f"病人 {mrn}"))
        self.saved("patient", patient.id or 0, "patient.add", mrn=mrn)
        course = self.courses.add(
            course_from_plan(self.plan, mrn, self.spec.name, self.clock.now())
        )
        assert course.id is not None
        self.seen[course.id] = course
        self.saved("course", course.id, "course.add", revision=course.revision)
        return True

    def do_verify(self) -> bool:
        for course_id in self.hot():
            course = self.copy_of(course_id)
            if course.verification is None and self.may(Action.VERIFY, course):
                self.apply(course, act.verify(course, self.spec.name, self.clock.now()))
                return True
        return False

    def do_give(self) -> bool:
        for course_id in self.hot():
            course = self.copy_of(course_id)
            pending = [s for s in course.sessions if s.is_open]
            if course.verification is None or not pending or not self.may(Action.GIVE, course):
                continue
            session = pending[0]
            result = act.give(
                course,
                session.n,
                at=self.clock.now(),
                dose_mg=session.dose_mg,
                route=session.route,
                given_by=self.spec.name,
                limits=self.limits,
            )
            self.apply(course, result, n=session.n)
            return True
        return False

    def do_change(self) -> bool:
        for course_id in self.hot():
            course = self.copy_of(course_id)
            pending = [s for s in course.sessions if s.is_open]
            if pending and self.may(Action.CHANGE_COURSE, course):
                n = pending[-1].n
                self.apply(course, act.hold(course, n, "platelets low"), n=n)
                return True
        return False

    def do_ae(self) -> bool:
        hot = self.hot()
        if not hot or not self.may(Action.RECORD):
            return False
        ae = self.aes.record(
            AdverseEvent(
                course_id=hot[0],
                version="5.0",
                term="Headache",
                grade=1 + self.rng.randrange(2),
                onset=self.clock.today(),
                attribution="procedure",
            )
        )
        self.saved("adverse_event", ae.id or 0, "ae.record")
        return True

    def do_assess(self) -> bool:
        """The course's first assessment (its baseline) the day before it began, follow-ups
        today (a baseline raced by another workstation's is refused, and counted)."""
        hot = self.hot()
        if not hot or not self.may(Action.RECORD):
            return False
        earlier = self.assessments.for_course(hot[0])
        day = self.start_day - timedelta(days=1) if not earlier else self.clock.today()
        kps = self.rng.choice((60, 70, 80))
        a = self.assessments.add(Assessment(course_id=hot[0], assessed_on=day, kps=kps, ecog=1))
        self.saved("assessment", a.id or 0, "assessment.add")
        return True

    def do_read(self) -> bool:
        hot = self.hot()
        if hot:
            self.seen[hot[0]] = self.courses.get(hot[0])
            self.aes.for_course(hot[0])
            self.assessments.for_course(hot[0])
        self.patients.count("W")
        return True

    def one_action(self) -> None:
        mix = MIX[self.spec.role]
        kind = self.rng.choices(list(mix), weights=list(mix.values()))[0]
        started = time.perf_counter()
        try:
            done = getattr(self, f"do_{kind}")()
            if not done:
                kind = "read"
                self.do_read()
            self.outcomes["ok"] += 1
        except ConflictError as err:
            self.outcomes[f"conflict {kind}"] += 1
            if isinstance(err.current, Course) and err.current.id is not None:
                self.seen[err.current.id] = err.current
        except ServerRefusedError as err:
            self.outcomes[f"server refused {kind}: {err}"] += 1
        except (BadInputError, SafetyRefusal) as err:
            said = re.sub(r"\d{4}-\d{2}-\d{2} \w{3}", "<day>", str(err))
            self.outcomes[f"refused {kind}: {said}"] += 1
        self.timings[kind].append((time.perf_counter() - started) * 1000)


def run_workstation(spec: Spec, start: Any, finished: Any) -> None:
    ws = Workstation(spec)
    ws.warm_up()
    listener = Listener(ws.pdb)
    listener.start()
    start.wait()
    began = time.time()
    for _ in range(spec.actions):
        ws.one_action()
    ended = time.time()
    finished.wait()
    time.sleep(DRAIN_S)
    listener.stop.set()
    listener.join(5)
    ws.pdb.close()
    Path(spec.out).write_text(
        json.dumps(
            {
                "index": spec.index,
                "name": spec.name,
                "began": began,
                "ended": ended,
                "writes": ws.writes,
                "timings": ws.timings,
                "outcomes": ws.outcomes,
                "heard": listener.heard,
            },
            ensure_ascii=False,
        )
    )


# -- the ward, and what the run left in it -------------------------------------------------------


def set_up_ward(owner_url: str, n: int, backups: Path) -> list[tuple[str, str, Role]]:
    from lmdesk.store.server.setup import upgrade_schema
    from lmdesk.store.users_repo import UsersRepository

    upgrade_schema(owner_url, backups, SystemClock())
    owner = ServerPatientDB.open(
        owner_url, login=None, password=None, clock=SystemClock(), user="setup"
    )
    repo = UsersRepository(owner)
    until = SystemClock().today() + timedelta(days=365)
    boss = repo.add(
        User(login="bench-boss", name_en="Bench Boss", roles=frozenset({Role.ADMIN})),
        "bench boss pass 1",
        None,
    )
    people = []
    for i in range(n):
        role = ROLE_CYCLE[i % len(ROLE_CYCLE)]
        login, name = f"ws{i:02d}", f"{role.value.title()} {i:02d}"
        repo.add(
            User(login=login, name_en=name, roles=frozenset({role}), register_until=until),
            f"pass {login} bench",
            boss,
        )
        people.append((login, name, role))
    owner.close()
    return people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workstations", type=int, default=10)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20270104)
    parser.add_argument(
        "--prove-checker",
        action="store_true",
        help="after the run, overwrite one given dose behind the app's back (as the owner):"
        " the lost-update count must then be 1 or more",
    )
    args = parser.parse_args()
    from pg_cluster import start_cluster

    n, m = args.workstations, args.actions
    with tempfile.TemporaryDirectory(prefix="bench-ward-") as tmp:
        folder = Path(tmp)
        reference = build_reference(reference_sources_dir(), folder / "ref.sqlite")
        cluster = start_cluster()
        try:
            owner_url = cluster.url("ward")
            tcp_url = f"postgresql://127.0.0.1:{cluster.port}/ward"
            people = set_up_ward(owner_url, n, folder / "backups")
            login, name, role = people[0]
            planner = Workstation(Spec(0, login, f"pass {login} bench", name, role, tcp_url,
                                       str(reference), 0, 0, ""))  # fmt: skip
            planner.mrn_prefix = "SEED"
            for _ in range(SEED_COURSES):
                planner.do_plan()
            planner.pdb.close()
            ctx = mp.get_context("spawn")
            start, finished = ctx.Barrier(n + 1), ctx.Barrier(n)
            procs = []
            for i, (login, name, role) in enumerate(people):
                spec = Spec(i, login, f"pass {login} bench", name, role, tcp_url, str(reference),
                            m, args.seed + i, str(folder / f"ws{i}.json"))  # fmt: skip
                proc = ctx.Process(target=run_workstation, args=(spec, start, finished))
                proc.start()
                procs.append(proc)
            start.wait(300)
            for proc in procs:
                proc.join()
            if any(p.exitcode != 0 for p in procs):
                raise SystemExit(f"a workstation failed: {[p.exitcode for p in procs]}")
            results = [json.loads((folder / f"ws{i}.json").read_text()) for i in range(n)]
            report(n, m, owner_url, results)
            if args.prove_checker:
                prove_checker(owner_url, results)
        finally:
            cluster.stop()


def report(n: int, m: int, owner_url: str, results: list[dict[str, Any]]) -> None:
    began = min(r["began"] for r in results)
    ended = max(r["ended"] for r in results)
    total = sum(sum(len(v) for v in r["timings"].values()) for r in results)
    print(f"{n} workstations x {m} actions: {total} actions in {ended - began:.1f} s,"
          f" {total / (ended - began):.0f} actions/s")  # fmt: skip
    timings: dict[str, list[float]] = defaultdict(list)
    for r in results:
        for kind, values in r["timings"].items():
            timings[kind].extend(values)
    for kind in ("plan", "verify", "give", "change", "ae", "assess", "read"):
        values = timings.get(kind, [])
        if values:
            print(f"  {kind:7s} n={len(values):5d}  p50 {pct(values, 50):7.1f} ms"
                  f"  p95 {pct(values, 95):7.1f} ms")  # fmt: skip
    outcomes: Counter[str] = Counter()
    for r in results:
        outcomes.update(r["outcomes"])
    writes = sum(len(r["writes"]) for r in results)
    conflicts = sum(v for k, v in outcomes.items() if k.startswith("conflict"))
    print(f"saves that returned: {writes}; ConflictErrors (stale copies, refused): {conflicts}")
    for key, value in sorted(outcomes.items()):
        if key != "ok":
            print(f"  {value:5d} x {key}")
    lost, problems = count_lost(owner_url, results)
    print(f"lost updates: {lost}")
    for problem in problems[:20]:
        print(f"  {problem}")
    latencies, missed = notify_latencies(results)
    print(f"notify latency (COMMIT sent -> another workstation heard it): n={len(latencies)}"
          f"  p50 {pct(latencies, 50):.1f} ms  p95 {pct(latencies, 95):.1f} ms"
          f"  max {max(latencies, default=float('nan')):.1f} ms; not heard: {missed}")  # fmt: skip


if __name__ == "__main__":
    main()
