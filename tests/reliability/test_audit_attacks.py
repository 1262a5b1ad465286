"""Issue 28 item 5: every attack on the audit trail is found, each with its own finding.

The attacker has the DB file and sqlite3 (drops the triggers), but not the installation's
key (``audit.key`` in the settings folder). ``lmdesk db verify-audit`` exits 2 and names
each attack; an attack that makes the trail shorter or rewrites it is already refused when
the DB opens (the marker beside it), and is still found through the backups' anchors when
the marker is deleted too.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lmdesk.__main__ import main
from lmdesk.store import audit
from lmdesk.store.audit_verify import verify_trail
from lmdesk.store.errors import ChangesLostError

sys.path.insert(0, str(Path(__file__).parent))
from faults_helpers import add_patients, make_db, open_db

from lmdesk.models.patient import Patient
from lmdesk.store.patient_repo import PatientRepository


@pytest.fixture(autouse=True)
def _home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LMDESK_HOME", str(tmp_path / "home"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    pdb = make_db(path, 4)
    pdb.rotating_backup(keep=3)
    repo = PatientRepository(pdb)
    p = repo.by_mrn("P1")
    repo.update(p.model_copy(update={"name": "王 改"}))
    add_patients(pdb, "Q", 2)
    pdb.close()
    return path


def tamper(db: Path, *sql: str, fn: Callable[[sqlite3.Connection], None] | None = None) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    for statement in sql:
        conn.execute(statement)
    if fn:
        fn(conn)
    conn.commit()
    conn.close()


def findings(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    db_id = audit.meta_value(conn, "db_id") or ""
    from lmdesk.store.audit_key import default_key_file, load_or_create_key

    report = verify_trail(
        conn, db, db.parent / "backups", db_id, load_or_create_key(default_key_file())
    )
    conn.close()
    return report.codes()


def verify(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "db", "verify-audit"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_an_untouched_trail_is_intact(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = verify(db, capsys)
    assert code == 0, text
    assert "intact" in text


def forge_plain_row(conn: sqlite3.Connection) -> None:
    prev = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
    content = (
        prev,
        "2027-01-05T10:00:00+08:00",
        "mallory",
        "course.give",
        "course",
        "1",
        None,
        "{}",
    )
    conn.execute(
        "INSERT INTO audit (at, user, action, entity, entity_id, before_json, after_json,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*content[1:], prev, audit.row_hash(*content)),
    )


def recompute_plain(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT id, at, user, action, entity, entity_id, before_json, after_json FROM audit"
        " ORDER BY id"
    ).fetchall()
    prev = audit.GENESIS_HASH
    for row_id, at, user, *rest in rows:
        user = "mallory" if row_id == 2 else user
        digest = audit.row_hash(prev, at, user, *rest)
        conn.execute(
            "UPDATE audit SET user = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (user, prev, digest, row_id),
        )
        prev = digest


def test_a_forged_row_appended(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(db, fn=forge_plain_row)
    code, text = verify(db, capsys)
    assert code == 2 and "is forged" in text


def test_a_recomputed_chain(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(db, fn=recompute_plain)
    with pytest.raises(ChangesLostError, match="rewritten"):
        open_db(db)
    assert main(["--db", str(db), "db", "verify-audit"]) == 2
    db.with_name(db.name + ".lmdesk-id").unlink()  # the marker gone too: backups still anchor
    assert {"recomputed"} <= findings(db)
    code, text = verify(db, capsys)
    assert code == 2 and "recomputed" in text


def test_signatures_removed_and_the_chain_recomputed(db: Path) -> None:
    tamper(db, "DELETE FROM db_meta WHERE key LIKE 'audit_%'", fn=recompute_plain)
    assert {"recomputed", "rewritten"} <= findings(db)


@pytest.mark.parametrize("where", ["last rows", "all rows"])
def test_a_shortened_trail(db: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    cut = "DELETE FROM audit WHERE id > 4" if where == "last rows" else "DELETE FROM audit"
    tamper(db, cut)
    with pytest.raises(ChangesLostError, match="saved changes are missing"):
        open_db(db)
    db.with_name(db.name + ".lmdesk-id").unlink()
    assert "shortened" in findings(db)
    code, text = verify(db, capsys)
    assert code == 2 and "deleted from the end" in text


def test_a_shortened_trail_with_its_counter_reset_is_found_by_the_backups(db: Path) -> None:
    tamper(db, "DELETE FROM audit WHERE id > 2", "DELETE FROM sqlite_sequence WHERE name='audit'")
    db.with_name(db.name + ".lmdesk-id").unlink()
    assert "shortened" in findings(db)


def test_an_edited_row(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(db, "UPDATE audit SET user = 'mallory' WHERE id = 3")
    code, text = verify(db, capsys)
    assert code == 2 and "row 3 is forged" in text


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE patients SET name = '李 四' WHERE mrn = 'P2'", "name not as the audit trail"),
        ("UPDATE patients SET row_version = 9 WHERE mrn = 'P1'", "row_version not as"),
        (
            "INSERT INTO patients (mrn, name, search_key, body, created_at, updated_at,"
            " row_version) SELECT 'X', name, search_key, body, created_at, updated_at, 1"
            " FROM patients WHERE mrn = 'P0'",
            "has no audit row",
        ),
    ],
)
def test_data_rows_disagreeing_with_the_trail(
    db: Path, capsys: pytest.CaptureFixture[str], sql: str, expected: str
) -> None:
    tamper(db, sql)
    code, text = verify(db, capsys)
    assert code == 2 and expected in text


def test_a_course_status_edited_behind_lmdesks_back(
    ctx, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date, datetime

    from lmdesk.models.scheduling.course import course_from_plan
    from lmdesk.models.scheduling.planning import PlanOptions, plan_course
    from lmdesk.store.course_repo import CourseRepository
    from lmdesk.store.protocol_repo import ProtocolRepository

    PatientRepository(ctx.patients).add(Patient(mrn="C1", name="王 五"))
    protocols = ProtocolRepository(ctx.reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    CourseRepository(ctx.patients).add(
        course_from_plan(plan, "C1", "Dr A", datetime(2027, 1, 4, 9))
    )
    assert ctx.patients.verify_trail().ok
    ctx.patients.conn.execute("UPDATE courses SET status = 'stopped'")
    assert [f.code for f in ctx.patients.verify_trail().findings] == ["data"]


def test_old_plain_rows_then_signed_rows_verify(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    pdb = open_db(db)
    with pdb.transaction():  # a trail written before signing existed (plain SHA-256)
        audit.append(
            pdb.conn,
            at="2026",
            user="old",
            action="x",
            entity="e",
            entity_id="1",
            before=None,
            after={"a": 1},
        )
    add_patients(pdb, "S", 2)
    assert audit.hmac_from(pdb.conn) == 2
    assert pdb.verify_trail().ok
    pdb.conn.execute("DROP TRIGGER audit_no_update")
    pdb.conn.execute("UPDATE audit SET user = 'mallory' WHERE id = 1")
    assert [f.code for f in pdb.verify_trail().findings] == ["content"]


def test_a_backup_carries_the_head_it_copied(tmp_path: Path) -> None:
    pdb = make_db(tmp_path / "p.sqlite", 2)
    made = pdb.rotating_backup(keep=2)
    head = json.loads(
        sqlite3.connect(made)
        .execute("SELECT value FROM db_meta WHERE key = 'backup_head'")
        .fetchone()[0]
    )
    assert head == list(audit.head(pdb.conn))


def test_the_key_lives_outside_the_db_owner_only(tmp_path: Path) -> None:
    pdb = make_db(tmp_path / "p.sqlite", 1)
    key_file = tmp_path / "home" / "audit.key"
    assert key_file.is_file() and (key_file.stat().st_mode & 0o777) == 0o600
    key_text = key_file.read_text().strip()
    assert key_text.encode() not in (tmp_path / "p.sqlite").read_bytes()
    assert pdb.verify_trail().ok
