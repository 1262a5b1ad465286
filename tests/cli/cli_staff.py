"""Signed-in staff for CLI tests: a ward's users in the test DB and ``--user`` by command.

``signed(argv)`` adds ``--user LOGIN`` to a writing command (the login whose role the
command's right needs) and creates the staff in the ``--db`` database on first use; all
share ``PASSWORD`` (set as ``LMDESK_PASSWORD`` by ``tests/cli/conftest.py``).
"""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

from lmdesk.cli import build_parser
from lmdesk.models.clock import SystemClock
from lmdesk.models.users.rights import Action
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.users_repo import UsersRepository

PASSWORD = "ward test password"
REGISTERED = date(2099, 12, 31)

# login -> (Latin name, Chinese name, roles, on the IT register until)
STAFF: dict[str, tuple[str, str, frozenset[Role], date | None]] = {
    "admin": ("Ward Admin", "病区管理员", frozenset({Role.ADMIN}), None),
    "dr.wang": ("Wang Wei", "王伟", frozenset({Role.PRESCRIBER}), REGISTERED),
    "dr.chen": ("Chen Jing", "陈静", frozenset({Role.PRESCRIBER}), REGISTERED),
    "nurse.li": ("Li Na", "李娜", frozenset({Role.NURSE}), REGISTERED),
    "pharm.zhao": ("Zhao Min", "赵敏", frozenset({Role.PHARMACIST}), None),
}
NAMES = {login: f"{en} ({zh})" for login, (en, zh, _r, _d) in STAFF.items()}

LOGIN_FOR: dict[Action, str] = {
    Action.PLAN_COURSE: "dr.wang",
    Action.CHANGE_COURSE: "dr.wang",
    Action.VERIFY: "pharm.zhao",
    Action.GIVE: "nurse.li",
    Action.OVERRIDE_GATE: "dr.wang",
    Action.RECORD: "dr.wang",
    Action.MANAGE_USERS: "admin",
    Action.WARD_SETTINGS: "admin",
}


def ensure_staff(db: Path) -> None:
    """The ward's staff in the patient DB at ``db`` (created if missing; once per file)."""
    pdb = PatientDB.open(db, clock=SystemClock(), user="test", backups_dir=db.parent / "backups")
    try:
        repo = UsersRepository(pdb)
        if repo.has_users():
            return
        admin: User | None = None
        for login, (en, zh, roles, until) in STAFF.items():
            user = User(login=login, name_en=en, name_zh=zh, roles=roles, register_until=until)
            saved = repo.add(user, PASSWORD, admin)
            admin = admin or saved
    finally:
        pdb.close()


def _db_of(argv: list[str]) -> Path | None:
    if "--db" in argv:
        return Path(argv[argv.index("--db") + 1])
    return None


def signed(argv: list[str]) -> list[str]:
    """``argv`` with ``--user`` of the staff member whose role the command needs."""
    if "--user" in argv:
        db = _db_of(argv)
        if db is not None:
            with contextlib.suppress(Exception):
                ensure_staff(db)
        return argv
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            ns, _rest = build_parser().parse_known_args([*argv, "--user", "auto"])
    except (SystemExit, Exception):  # bad usage: the command itself will say so
        return argv
    action = getattr(ns, "right", None)
    if action is None:
        return argv
    login = LOGIN_FOR[action]
    if action is Action.GIVE and (getattr(ns, "override", "") or "").strip():
        login = LOGIN_FOR[Action.OVERRIDE_GATE]
    db = _db_of(argv)
    if db is not None:
        with contextlib.suppress(Exception):
            ensure_staff(db)
    return [*argv, "--user", login]
