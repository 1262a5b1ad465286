"""``lmdesk db verify-audit``: the chain, its anchors outside the DB, the data rows against it.

Findings, each with its own code and sentence:

- the chain itself (``audit.verify_chain``): a deleted or inserted row (``link``), an
  edited unsigned row (``content``), a forged signed row (``forged``), a chain recomputed
  without the key (``recomputed``), a trail signed by another installation (``other-key``);
- a shortened or rewritten trail, against the heads anchored outside the DB — the marker
  beside the DB and every backup's metadata — and SQLite's own AUTOINCREMENT counter
  (``shortened``, ``rewritten``); signatures removed though the marker says the trail is
  signed (``recomputed``);
- the data rows against the trail's last word on them (``data``, ``unaudited``): for every
  patient, the ``mrn``, ``name`` and ``row_version`` columns equal the values in the newest
  audit row of that patient whose ``after`` carries them; for every course, ``status`` and
  ``row_version`` equal the newest ``status`` / ``revision`` its audit rows record
  (``course.add`` carries them under ``after.course``); and every patient and course row
  has at least one audit row.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmdesk.i18n import _
from lmdesk.store import audit
from lmdesk.store.backup import BACKUP_HEAD_KEY, list_backups
from lmdesk.store.db_marker import marker_path, read_marker
from lmdesk.store.dbapi import Connection
from lmdesk.store.sqlite_conn import connect_readonly

SHORTENED = "shortened"
REWRITTEN = "rewritten"
DATA = "data"
UNAUDITED = "unaudited"
MAX_DATA_FINDINGS = 20


@dataclass(frozen=True)
class Finding:
    code: str
    message: str


@dataclass
class TrailReport:
    rows_checked: int
    head_id: int
    head_hash: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


def lineage_problem(conn: sqlite3.Connection, head_id: int, head_hash: str) -> Finding | None:
    """Why the trail in ``conn`` lacks an anchored head (``head_id``/``head_hash``), or None."""
    if head_id <= 0:
        return None
    row = conn.execute("SELECT hash FROM audit WHERE id = ?", (head_id,)).fetchone()
    have, _hash = audit.head(conn)
    if row is None and have < head_id:
        return Finding(
            SHORTENED,
            _(
                "its audit trail ends at row {have}, but row {want} was saved before; the last "
                "{n} saved changes are missing (a lost -wal file, an older copy, or deleted rows)"
            ).format(have=have, want=head_id, n=head_id - have),
        )
    if row is None:
        return Finding(
            SHORTENED,
            _("audit row {want} saved before is missing (rows deleted)").format(want=head_id),
        )
    if str(row[0]) != head_hash:
        return Finding(
            REWRITTEN,
            _(
                "audit row {want} differs from the one saved before (the trail was rewritten)"
            ).format(want=head_id),
        )
    return None


def chain_finding(report: audit.ChainReport) -> Finding | None:
    row = report.first_broken_id
    messages = {
        audit.LINK: _("row {row} does not follow the row before it: rows were deleted or inserted"),
        audit.CONTENT: _("row {row} was edited: its content does not match its hash"),
        audit.FORGED: _(
            "row {row} is forged: its signature does not match (written without this "
            "installation's key)"
        ),
        audit.RECOMPUTED: _(
            "the chain was recomputed from row {row} on: {n} rows carry no valid signature"
        ),
        audit.OTHER_KEY: _(
            "the trail is signed with another installation's key; copy that installation's "
            "audit.key here to check it ({detail})"
        ),
    }
    if report.ok or report.code is None:
        return None
    text = messages[report.code].format(row=row, n=report.bad_rows, detail=report.problem)
    return Finding(report.code, text)


def verify_trail(
    conn: sqlite3.Connection, db_path: Path, backups_dir: Path, db_id: str, key: bytes
) -> TrailReport:
    chain = audit.verify_chain(conn, key)
    report = TrailReport(chain.rows_checked, chain.head_id, chain.head_hash)
    found = chain_finding(chain)
    if found:
        report.findings.append(found)
    report.findings.extend(_anchor_findings(conn, db_path, backups_dir, db_id))
    report.findings.extend(data_findings(conn))
    return report


def _anchor_findings(
    conn: sqlite3.Connection, db_path: Path, backups_dir: Path, db_id: str
) -> list[Finding]:
    findings: list[Finding] = []
    have, _hash = audit.head(conn)
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if seq is not None and int(seq[0]) > have:
        findings.append(
            Finding(
                SHORTENED,
                _("rows {first}-{last} were deleted from the end of the trail").format(
                    first=have + 1, last=int(seq[0])
                ),
            )
        )
    marker = read_marker(db_path)
    if marker is not None and marker.db_id == db_id:
        problem = lineage_problem(conn, marker.head_id, marker.head_hash)
        if problem:
            where = _("recorded in {file}").format(file=marker_path(db_path))
            findings.append(Finding(problem.code, f"{problem.message} ({where})"))
        if marker.hmac_from is not None and audit.hmac_from(conn) != marker.hmac_from:
            findings.append(
                Finding(
                    audit.RECOMPUTED,
                    _(
                        "the trail's signatures were removed: {file} records signing from row "
                        "{row} on"
                    ).format(file=marker_path(db_path), row=marker.hmac_from),
                )
            )
    for backup in list_backups(backups_dir):
        if not backup.name.startswith(db_path.stem + "-"):
            continue
        anchor = backup_anchor(backup)
        if anchor is None or anchor[0] != db_id:
            continue
        problem = lineage_problem(conn, anchor[1], anchor[2])
        if problem:
            where = _("anchored in backup {file}").format(file=backup)
            findings.append(Finding(problem.code, f"{problem.message} ({where})"))
    return findings


def backup_anchor(backup: Path) -> tuple[str, int, str] | None:
    """The DB identity and audit head a backup recorded (None: not an lmdesk backup)."""
    try:
        conn = connect_readonly(backup, immutable=True)
        try:
            db_id = audit.meta_value(conn, "db_id")
            raw = audit.meta_value(conn, BACKUP_HEAD_KEY)
            if raw is not None:
                head_id, head_hash = json.loads(raw)
            else:
                head_id, head_hash = audit.head(conn)
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return (db_id, int(head_id), str(head_hash)) if db_id else None


def _last_words(conn: Connection, entity: str) -> dict[str, dict[str, Any]]:
    """Per entity id: each compared field's value in the newest audit row carrying it."""
    words: dict[str, dict[str, Any]] = {}
    rows = conn.execute(
        "SELECT entity_id, after_json FROM audit WHERE entity = ? ORDER BY id", (entity,)
    )
    for entity_id, after_json in rows:
        known = words.setdefault(str(entity_id), {})
        if not after_json:
            continue
        try:
            after = json.loads(after_json)
        except ValueError:
            continue
        if not isinstance(after, dict):
            continue
        if entity == "course":
            course = after.get("course")
            source = course if isinstance(course, dict) else after
            for src, dst in (("status", "status"), ("revision", "row_version")):
                if src in source:
                    known[dst] = source[src]
        else:
            for name in ("mrn", "name", "row_version"):
                if name in after:
                    known[name] = after[name]
    return words


DATA_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "patient": ("patients", ("mrn", "name", "row_version")),
    "course": ("courses", ("status", "row_version")),
}

#: A course is also compared, session by session, on what a wrong dose, route, day or mark
#: shows in: its stored body and its session rows against the course its audit rows rebuild.
COURSE_FIELDS = ("status", "route", "drug")
SESSION_FIELDS = ("date", "status", "drug", "dose_mg", "route")


def _json_object(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def trail_courses(conn: Connection) -> dict[str, dict[str, Any]]:
    """Per course id: the course as its audit rows leave it. ``course.add`` records the whole
    course; each later row its changed fields and its changed sessions whole (by number)."""
    courses: dict[str, dict[str, Any]] = {}
    rows = conn.execute(
        "SELECT entity_id, after_json FROM audit WHERE entity = 'course' ORDER BY id"
    )
    for entity_id, after_json in rows:
        after = _json_object(after_json)
        if after is None:
            continue
        whole = after.get("course")
        if isinstance(whole, dict):
            courses[str(entity_id)] = json.loads(json.dumps(whole))  # a copy to replay onto
            continue
        course = courses.get(str(entity_id))
        if course is None:
            continue
        for key, value in after.items():
            if key == "sessions" and isinstance(value, list):
                sessions = course.setdefault("sessions", [])
                at = {s.get("n"): i for i, s in enumerate(sessions) if isinstance(s, dict)}
                for session in value:
                    if not isinstance(session, dict):
                        continue
                    if session.get("n") in at:
                        sessions[at[session["n"]]] = session
                    else:
                        sessions.append(session)
            elif key != "event":
                course[key] = value
    return courses


def _course_differences(recorded: dict[str, Any], stored: dict[str, Any]) -> list[str]:
    """What of ``stored`` (a course body, or its session rows) the trail does not say."""
    differs = [
        f for f in COURSE_FIELDS if f in recorded and f in stored and recorded[f] != stored[f]
    ]
    said = {s.get("n"): s for s in recorded.get("sessions", []) if isinstance(s, dict)}
    for session in stored.get("sessions", []):
        n = session.get("n")
        known = said.get(n)
        if known is None:
            differs.append(_("session {n}").format(n=n))
            continue
        for name in SESSION_FIELDS:
            if name in known and name in session and _differ(known[name], session[name]):
                differs.append(_("session {n} {field}").format(n=n, field=name))
    if len(said) != len(stored.get("sessions", [])) and "sessions" in stored:
        differs.append(_("the number of sessions"))
    return differs


def _differ(recorded: Any, stored: Any) -> bool:
    if isinstance(recorded, (int, float)) and isinstance(stored, (int, float)):
        return abs(float(recorded) - float(stored)) > 1e-9
    return bool(recorded != stored)


def course_findings(conn: Connection) -> list[Finding]:
    """Courses whose body or session rows the audit trail does not account for."""
    recorded = trail_courses(conn)
    rows: dict[str, dict[str, Any]] = {}
    try:
        for course_id, body in conn.execute("SELECT id, body FROM courses ORDER BY id"):
            stored = _json_object(body)
            if stored is not None:
                rows[str(course_id)] = stored
        table: dict[str, list[dict[str, Any]]] = {}
        for course_id, n, day, status, drug, dose, route in conn.execute(
            "SELECT course_id, n, date, status, drug, dose_mg, route FROM course_sessions"
            " ORDER BY course_id, n"
        ):
            table.setdefault(str(course_id), []).append(
                {
                    "n": n,
                    "date": day,
                    "status": status,
                    "drug": drug,
                    "dose_mg": dose,
                    "route": route,
                }
            )
    except sqlite3.OperationalError:
        return []
    findings: list[Finding] = []
    for course_id, stored in rows.items():
        said = recorded.get(course_id)
        if said is None:
            continue  # no course.add row: the unaudited finding says so
        for where, data in (
            (_("its record"), stored),
            (_("its session rows"), {"sessions": table.get(course_id, [])}),
        ):
            differs = _course_differences(said, data)
            if differs:
                findings.append(
                    Finding(
                        DATA,
                        _(
                            "course {id} was changed behind lmdesk's back: {fields} in {where} "
                            "not as the audit trail last recorded"
                        ).format(id=course_id, fields=", ".join(differs), where=where),
                    )
                )
    return findings


def data_findings(conn: Connection) -> list[Finding]:
    findings: list[Finding] = []
    extra = 0
    for entity, (table, columns) in DATA_TABLES.items():
        words = _last_words(conn, entity)
        try:
            rows = conn.execute(f"SELECT id, {', '.join(columns)} FROM {table} ORDER BY id")
        except sqlite3.OperationalError:
            continue
        for row in rows:
            entity_id, values = str(row[0]), dict(zip(columns, row[1:], strict=True))
            known = words.get(entity_id)
            problem: Finding | None = None
            if known is None:
                problem = Finding(
                    UNAUDITED,
                    _("{entity} {id} has no audit row (written behind lmdesk's back)").format(
                        entity=entity, id=entity_id
                    ),
                )
            else:
                differs = [c for c in columns if c in known and known[c] != values[c]]
                if differs:
                    problem = Finding(
                        DATA,
                        _(
                            "{entity} {id} was changed behind lmdesk's back: {fields} not as "
                            "the audit trail last recorded"
                        ).format(entity=entity, id=entity_id, fields=", ".join(differs)),
                    )
            if problem is None:
                continue
            if len(findings) < MAX_DATA_FINDINGS:
                findings.append(problem)
            else:
                extra += 1
    for finding in course_findings(conn):
        if len(findings) < MAX_DATA_FINDINGS:
            findings.append(finding)
        else:
            extra += 1
    if extra:
        findings.append(Finding(DATA, _("… and {n} more rows").format(n=extra)))
    return findings
