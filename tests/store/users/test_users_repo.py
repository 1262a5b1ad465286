"""Users in the patient DB: first administrator, sign-in, lock-out, retire, audit, migration."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from lmdesk.app_context import AppContext
from lmdesk.models.clock import FixedClock
from lmdesk.models.errors import BadInputError, ConflictError
from lmdesk.models.users.rights import RightRefused
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.store.migrations import LATEST_VERSION
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.users_repo import SignInError, UsersRepository
from lmdesk.store.ward_settings_repo import WardSettingsRepository

PW = "correct horse battery"


def user(login: str, *roles: Role, name: str = "", until: date | None = None) -> User:
    return User(
        login=login,
        name_en=name or login.title(),
        roles=frozenset(roles),
        register_until=until,
    )


@pytest.fixture
def repo(patient_db: PatientDB) -> UsersRepository:
    return UsersRepository(patient_db)


@pytest.fixture
def admin(repo: UsersRepository) -> User:
    return repo.add(user("boss", Role.PRESCRIBER, name="Ward Boss"), PW, None)


def test_the_first_user_is_the_ward_administrator(repo: UsersRepository) -> None:
    assert not repo.has_users()
    first = repo.add(user("boss", Role.NURSE), PW, None)
    assert repo.has_users() and first.roles == {Role.NURSE, Role.ADMIN}
    with pytest.raises(BadInputError, match="ward administrator"):
        repo.add(user("second", Role.NURSE), PW, None)


def test_only_an_admin_adds_users(repo: UsersRepository, admin: User) -> None:
    nurse = repo.add(user("li.na", Role.NURSE), PW, admin)
    with pytest.raises(RightRefused, match="Managing users needs a ward administrator"):
        repo.add(user("other", Role.NURSE), PW, nurse)
    with pytest.raises(BadInputError, match="taken"):
        repo.add(user("LI.NA", Role.NURSE), PW, admin)
    with pytest.raises(BadInputError, match="at least 10"):
        repo.add(user("short", Role.NURSE), "short", admin)
    assert [u.login for u in repo.list()] == ["boss", "li.na"]


def test_sign_in_and_the_generic_failure(repo: UsersRepository, admin: User) -> None:
    assert repo.authenticate(" BOSS ", PW).id == admin.id
    with pytest.raises(SignInError) as wrong_pw:
        repo.authenticate("boss", "wrong password!")
    with pytest.raises(SignInError) as no_user:
        repo.authenticate("nobody", PW)
    assert str(wrong_pw.value) == str(no_user.value)
    assert "wrong password!" not in str(wrong_pw.value)
    assert isinstance(wrong_pw.value, BadInputError)


@pytest.mark.sqlite_only  # the ward server counts failures itself (see docs/ward-server.md)
def test_lock_out_after_five_failures_for_fifteen_minutes(
    patient_db: PatientDB, repo: UsersRepository, admin: User
) -> None:
    for _ in range(4):
        with pytest.raises(SignInError, match="wrong password"):
            repo.authenticate("boss", "not the password")
    assert repo.authenticate("boss", PW).id == admin.id  # success resets the count
    for _ in range(5):
        with pytest.raises(SignInError):
            repo.authenticate("boss", "not the password")
    with pytest.raises(SignInError, match=r"locked .* try again at 09:15"):
        repo.authenticate("boss", PW)
    assert repo.locked_until(admin) is not None
    history = [e.action for e in patient_db.history("user", admin.id or 0)]
    assert "user.lockout" in history
    clock = patient_db.clock
    assert isinstance(clock, FixedClock)
    patient_db.clock = FixedClock(clock.now() + timedelta(minutes=15, seconds=1))
    assert repo.authenticate("boss", PW).id == admin.id


@pytest.mark.sqlite_only
def test_ward_sets_the_lock_out(patient_db: PatientDB, repo: UsersRepository, admin: User) -> None:
    WardSettingsRepository(patient_db).set_many(
        {"lockout_failures": 3, "lockout_minutes": 60}, admin
    )
    for _ in range(3):
        with pytest.raises(SignInError):
            repo.authenticate("boss", "not the password")
    with pytest.raises(SignInError, match="10:00"):
        repo.authenticate("boss", PW)


def test_retired_user_cannot_sign_in_and_last_admin_stays(
    repo: UsersRepository, admin: User
) -> None:
    nurse = repo.add(user("li.na", Role.NURSE), PW, admin)
    with pytest.raises(BadInputError, match="at least one active ward administrator"):
        repo.retire(admin, admin)
    retired = repo.retire(nurse, admin)
    assert not retired.active
    with pytest.raises(SignInError, match="unknown login name or wrong password"):
        repo.authenticate("li.na", PW)
    with pytest.raises(ConflictError):
        repo.update(nurse.model_copy(update={"name_en": "Li"}), admin)  # stale row version


def test_a_retired_admin_loses_rights_at_once(repo: UsersRepository, admin: User) -> None:
    second = repo.add(user("chief", Role.ADMIN), PW, admin)
    repo.retire(admin, second)
    with pytest.raises(RightRefused, match="retired"):
        repo.add(user("x1", Role.NURSE), PW, admin)  # the object still says active


def test_update_roles_and_register(repo: UsersRepository, admin: User) -> None:
    nurse = repo.add(user("li.na", Role.NURSE), PW, admin)
    changed = repo.update(
        nurse.model_copy(update={"register_until": date(2027, 6, 30), "staff_no": "N042"}), admin
    )
    assert changed.register_until == date(2027, 6, 30) and changed.row_version == 2


def test_password_change_by_owner_or_admin(repo: UsersRepository, admin: User) -> None:
    nurse = repo.add(user("li.na", Role.NURSE), PW, admin)
    other = repo.add(user("zhao", Role.PHARMACIST), PW, admin)
    repo.set_password(nurse, "another good one", nurse)
    assert repo.authenticate("li.na", "another good one").id == nurse.id
    with pytest.raises(RightRefused):
        repo.set_password(nurse, "yet another one", other)
    repo.set_password(nurse, "admin reset 123", admin)
    assert repo.authenticate("li.na", "admin reset 123").id == nurse.id


def test_audit_names_the_actor_and_never_the_password(
    patient_db: PatientDB, repo: UsersRepository, admin: User
) -> None:
    nurse = repo.add(user("li.na", Role.NURSE), "secret nurse pw", admin)
    repo.set_password(nurse, "second secret pw", admin)
    rows = patient_db.conn.execute('SELECT "user", before_json, after_json FROM audit').fetchall()
    text = repr(rows)
    assert "secret nurse pw" not in text and "second secret pw" not in text
    assert "$argon2" not in text
    assert {r[0] for r in rows} == {"Ward Boss"}
    stored = patient_db.conn.execute("SELECT password_hash FROM users").fetchall()
    if patient_db.keeps_password_hashes:
        assert all(str(h[0]).startswith("$argon2id$") for h in stored)  # hashed, never in clear
    else:  # the ward server keeps each user's SCRAM verifier in the role, nothing here
        assert all(h[0] == "" for h in stored)
    assert "password_hash" not in repr(nurse) and "$argon2" not in repr(repo.list())
    assert patient_db.verify_audit().ok


def test_ward_settings_shared_audited_admin_only(
    ctx: AppContext, patient_db: PatientDB, repo: UsersRepository, admin: User
) -> None:
    ctx.settings.hospital_name = "Old Hospital"
    assert ctx.ward_settings().hospital == "Old Hospital"  # settings.json until set in the DB
    ward = WardSettingsRepository(patient_db)
    ward.set("hospital", "Ward Hospital", admin)
    assert ctx.ward_settings().hospital == "Ward Hospital"
    nurse = repo.add(user("li.na", Role.NURSE), PW, admin)
    with pytest.raises(RightRefused, match="Changing ward settings"):
        ward.set("idle_lock_minutes", 5, nurse)
    with pytest.raises(BadInputError):
        ward.set("idle_lock_minutes", 0, admin)
    assert [e.action for e in patient_db.history("ward_settings", "hospital")] == ["ward.set"]


def test_sign_in_makes_the_audit_user_the_signed_in_user(
    ctx: AppContext, repo: UsersRepository, admin: User
) -> None:
    assert ctx.user_label == "tester"
    ctx.sign_in(repo.authenticate("boss", PW))
    assert ctx.user_label == "Ward Boss" and ctx.patients.user == "Ward Boss"
    ctx.sign_in(None)
    assert ctx.patients.user == "tester"


def test_existing_database_is_migrated_and_keeps_its_audit_names(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "p.sqlite"
    pdb = PatientDB.open(path, clock=clock, user="root", backups_dir=tmp_path / "b")
    with pdb.transaction():
        pdb.audit("selftest", "selftest", 1, None, {"x": 1})
    pdb.conn.execute("DROP TABLE users")
    pdb.conn.execute("DROP TABLE ward_settings")
    pdb.conn.execute("DROP INDEX patients_sort_name")  # schema 10's pinyin sort key
    pdb.conn.execute("ALTER TABLE patients DROP COLUMN sort_name")
    pdb.conn.execute("PRAGMA user_version = 8")
    pdb.close()
    again = PatientDB.open(path, clock=clock, user="os", backups_dir=tmp_path / "b")
    try:
        assert again.schema_version == LATEST_VERSION
        repo = UsersRepository(again)
        assert not repo.has_users()  # the first start asks for the ward administrator
        repo.add(user("boss", Role.PRESCRIBER), PW, None)
        users = [r[0] for r in again.conn.execute("SELECT user FROM audit ORDER BY id")]
        assert users == ["root", "Boss"]
        assert again.verify_audit().ok
        assert any("pre-v9" in p.name for p in (tmp_path / "b").iterdir())
    finally:
        again.close()
    with sqlite3.connect(path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(users)")}
    assert "password" not in columns and "password_hash" in columns
