"""Generate a large, valid patient DB for scale benchmarks (years of a busy ward).

    python -m lmdesk.devtools.scale_data OUT.sqlite [--patients 10000] [--sessions 300000]
                                         [--aes 100000] [--seed 1]

Records are made by the real models (plans from the shipped protocols, course actions,
adverse events) and then bulk-inserted with plain SQL matching the migrated schema, so
10,000 patients take seconds, not hours. A handful of course templates (protocol x start x
progress) are built once; each course is a template with its own MRN. Every patient,
course and AE gets one hash-chained audit row (with a short payload, unlike the app's
full snapshot) so ``verify-audit`` passes on the result.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from lmdesk.models.clock import FixedClock
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.name_pinyin import pinyin_sort_key
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.toxicity_rules import Attribution
from lmdesk.paths import bundled_reference_db
from lmdesk.store.audit import GENESIS_HASH, canonical_json, row_hash
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_repo import search_key
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB

TZ = timezone(timedelta(hours=8))
MRN_TOKEN = "@@MRN@@"
TEMPLATE_PROTOCOLS = ("mtx-classic", "cytarabine-moit", "thiotepa-moit", "pemetrexed-pan2019")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
PINYIN = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou")
AE_TERMS = (
    "Platelet count decreased",
    "Neutrophil count decreased",
    "Headache",
    "Nausea",
    "Vomiting",
    "Fever",
    "Arachnoiditis",
    "Back pain",
)


@dataclass(frozen=True)
class Template:
    body: str  # course JSON without id, patient_mrn = MRN_TOKEN
    protocol_id: str
    drug: str
    route: str
    status: str
    revision: int
    sessions: tuple[tuple[int, str, str, str, float, str, str], ...]
    session_dates: tuple[date, ...]


def build_templates(protocols: ProtocolRepository, at: datetime) -> list[Template]:
    """Courses at several start dates and stages: just planned, part given, done, stopped."""
    limits = protocols.limits()
    templates: list[Template] = []
    for protocol_id in TEMPLATE_PROTOCOLS:
        protocol = protocols.get(protocol_id)
        for start in (date(2025, 3, 3), date(2025, 9, 1), date(2026, 4, 6)):
            plan = plan_course(protocol, PlanOptions(start=start), limits, None)
            course = course_from_plan(plan, MRN_TOKEN, "Dr Scale", at)
            for fraction in (0.0, 0.5, 1.0):
                templates.append(_template(_progress(course, fraction, limits, at)))
    return templates


def _progress(course: Course, fraction: float, limits: object, at: datetime) -> Course:
    count = int(len(course.sessions) * fraction)
    for i, session in enumerate(course.sessions[:count]):
        if i % 7 == 3:
            held_at = datetime.combine(session.date, datetime.min.time(), TZ).replace(hour=10)
            course = act.hold(course, session.n, "platelets low", at=held_at).course
        else:
            course = act.give(
                course,
                session.n,
                at=datetime.combine(session.date, datetime.min.time(), TZ).replace(hour=10),
                dose_mg=session.dose_mg,
                route=session.route,
                given_by="Nurse Scale",
                limits=limits,  # type: ignore[arg-type]
            ).course
    if fraction >= 1.0:
        course = act.stop(course, "course completed", at, "Dr Scale").course
    return course


def _template(course: Course) -> Template:
    sessions = tuple(
        (s.n, s.date.isoformat(), s.status, s.drug, s.dose_mg, s.route, s.model_dump_json())
        for s in course.sessions
    )
    return Template(
        body=course.model_dump_json(exclude={"id"}),
        protocol_id=course.protocol.id,
        drug=course.protocol.drug,
        route=course.route,
        status=course.status,
        revision=course.revision,
        sessions=sessions,
        session_dates=tuple(s.date for s in course.sessions),
    )


class AuditWriter:
    """Hash-chained audit rows computed here and written in bulk (same format as audit.py)."""

    def __init__(self, prev: str) -> None:
        self.prev = prev
        self.rows: list[tuple[str | None, ...]] = []

    def add(self, at: str, action: str, entity: str, entity_id: int, after: object) -> None:
        after_json = canonical_json(after)
        digest = row_hash(self.prev, at, "scale-generator", action, entity, str(entity_id), None,
                          after_json)  # fmt: skip
        self.rows.append(
            (at, "scale-generator", action, entity, str(entity_id), after_json, self.prev, digest)
        )
        self.prev = digest


def generate(
    out: Path,
    *,
    patients: int = 10_000,
    sessions: int = 300_000,
    aes: int = 100_000,
    seed: int = 1,
    reference_db: Path | None = None,
) -> dict[str, int]:
    """Write the DB at ``out`` (must not exist); return the row counts."""
    if out.exists():
        raise FileExistsError(out)
    rng = random.Random(seed)
    at = datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
    now = at.isoformat(timespec="seconds")
    reference = ReferenceDB(reference_db or bundled_reference_db())
    templates = build_templates(ProtocolRepository(reference), at)
    pdb = PatientDB.open(out, clock=FixedClock(at), user="scale", backups_dir=out.parent)
    conn = pdb.conn
    conn.execute("PRAGMA synchronous = OFF")
    last = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    audit = AuditWriter(last[0] if last else GENESIS_HASH)
    conn.execute("BEGIN IMMEDIATE")
    patient_rows = []
    mrns = []
    for i in range(patients):
        mrn = f"{rng.choice('ABCDEFGH')}{100000 + i * 7 + rng.randrange(7):07d}"
        if rng.random() < 0.7:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) * rng.randrange(2))
        else:
            name = f"{rng.choice(PINYIN)} {rng.choice(PINYIN)}{rng.randrange(100)}"
        patient = Patient(
            mrn=mrn,
            name=name,
            sex=rng.choice(["F", "M"]),
            birth_date=date(1940 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            driver_gene=rng.choice(["egfr_19del", "egfr_l858r", "alk", "none", "unknown"]),
        )
        body = patient.model_dump_json(exclude={"id", "row_version"})
        patient_rows.append(
            (i + 1, mrn, name, search_key(mrn, name), pinyin_sort_key(name), patient.sex,
             patient.birth_date.isoformat() if patient.birth_date else None, body, now, now)
        )  # fmt: skip
        mrns.append(mrn)
        audit.add(now, "patient.add", "patient", i + 1, {"mrn": mrn})
    conn.executemany(
        "INSERT INTO patients (id, mrn, name, search_key, sort_name, sex, birth_date, body,"
        " created_at, updated_at, row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        patient_rows,
    )
    course_rows, session_rows, course_dates = [], [], []
    written = 0
    course_id = 0
    while written < sessions:
        course_id += 1
        template = rng.choice(templates)
        patient_id = (
            1 + (course_id - 1) % patients if course_id <= patients else 1 + rng.randrange(patients)
        )
        mrn = mrns[patient_id - 1]
        course_rows.append(
            (course_id, patient_id, template.protocol_id, template.drug, template.route,
             template.status, template.body.replace(MRN_TOKEN, mrn), now, now, template.revision)
        )  # fmt: skip
        for n, day, status, drug, dose, route, s_body in template.sessions:  # whole courses
            session_rows.append(
                (course_id, n, day, status, drug, dose, route, s_body, template.revision)
            )
        written += len(template.sessions)
        course_dates.append(template.session_dates)
        audit.add(now, "course.add", "course", course_id, {"mrn": mrn})
    conn.executemany(
        "INSERT INTO courses (id, patient_id, protocol_id, drug, route, status, body,"
        " created_at, updated_at, row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        course_rows,
    )
    conn.executemany(
        "INSERT INTO course_sessions (course_id, n, date, status, drug, dose_mg, route, body,"
        " row_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        session_rows,
    )
    ae_rows = []
    for ae_id in range(1, aes + 1):
        cid = 1 + rng.randrange(course_id)
        onset = rng.choice(course_dates[cid - 1]) + timedelta(days=rng.randrange(3))
        ae = AdverseEvent(
            course_id=cid,
            version="5.0",
            term=rng.choice(AE_TERMS),
            grade=1 + rng.randrange(4),
            onset=min(onset, at.date()),
            attribution=rng.choice(list(Attribution)),
            recorded_by="scale-generator",
        )
        ae_rows.append(
            (ae_id, cid, ae.version, ae.term, ae.grade, ae.onset.isoformat(),
             ae.attribution.value, ae.action_taken, ae.status, ae.model_dump_json(exclude={"id"}),
             now, now)
        )  # fmt: skip
        audit.add(now, "ae.record", "adverse_event", ae_id, {"course_id": cid})
    conn.executemany(
        "INSERT INTO adverse_events (id, course_id, ctcae_version, term, grade, onset_date,"
        " attribution, action_taken, status, body, created_at, updated_at, row_version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        ae_rows,
    )
    conn.executemany(
        "INSERT INTO audit (at, user, action, entity, entity_id, before_json, after_json,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        audit.rows,
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    counts = {
        t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        for t in ("patients", "courses", "course_sessions", "adverse_events", "audit")
    }
    pdb.close()
    reference.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=300_000)
    parser.add_argument("--aes", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(
        args.out, patients=args.patients, sessions=args.sessions, aes=args.aes, seed=args.seed
    )
    took = time.perf_counter() - started
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {counts} in {took:.1f} s, {size:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
