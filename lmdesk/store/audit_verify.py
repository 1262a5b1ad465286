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
    if extra:
        findings.append(Finding(DATA, _("… and {n} more rows").format(n=extra)))
    return findings
