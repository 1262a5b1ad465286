"""The ward server's own rights: each person's connection meets the rights table in SQL too.

A hand-made statement on a nurse's connection cannot verify a course or change its plan; the
audit trail cannot be changed or emptied by anyone's SQL; two workstations giving the same
session: one wins, the other is told who gave it and when.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from lmdesk.models.clock import FixedClock
from lmdesk.models.errors import ConflictError
from lmdesk.models.local_time import local_time_text
from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.store.course_repo import CourseRepository
from lmdesk.store.patient_repo import PatientRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.server.errors import ServerRefusedError, ServerSignInError
from lmdesk.store.server.ward_db import ServerPatientDB
from lmdesk.store.users_repo import SignInError, UsersRepository

TZ = timezone(timedelta(hours=8))
NOW = datetime(2027, 1, 4, 9, 0, tzinfo=TZ)
PW = {"boss": "ward boss pass 1", "dr.wang": "doctor pass 22", "li.na": "nurse pass 333",
      "zhou.ph": "pharma pass 4444", "new.nurse": "trainee pass 55"}  # fmt: skip


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def limits(reference: ReferenceDB) -> DoseLimits:
    return ProtocolRepository(reference).limits()


@pytest.fixture
def ward(ward_url: str, clock: FixedClock) -> dict[str, User]:
    """A ward with an admin, a registered prescriber and nurse, a pharmacist, and a nurse
    not (yet) on the IT register; each is their own PostgreSQL role."""
    owner = ServerPatientDB.open(ward_url, login=None, password=None, clock=clock, user="setup")
    repo = UsersRepository(owner)
    until = date(2027, 12, 31)
    boss = repo.add(User(login="boss", name_en="Ward Boss", roles=frozenset({Role.ADMIN})),
                    PW["boss"], None)  # fmt: skip
    people = {"boss": boss}
    for login, name, role, registered in (
        ("dr.wang", "Dr Wang", Role.PRESCRIBER, True),
        ("li.na", "Li Na", Role.NURSE, True),
        ("zhou.ph", "Zhou Pharm", Role.PHARMACIST, False),
        ("new.nurse", "New Nurse", Role.NURSE, False),
    ):
        people[login] = repo.add(
            User(login=login, name_en=name, roles=frozenset({role}),
                 register_until=until if registered else None),
            PW[login], boss,
        )  # fmt: skip
    owner.close()
    return people


NAMES = {"boss": "Ward Boss", "dr.wang": "Dr Wang", "li.na": "Li Na", "zhou.ph": "Zhou Pharm",
         "new.nurse": "New Nurse"}  # fmt: skip


def person(url: str, login: str, clock: FixedClock) -> ServerPatientDB:
    """``login``'s own connection (the owner's URL without its user name)."""
    return ServerPatientDB.open(
        url.replace("postgres@", ""), login=login, password=PW[login], clock=clock,
        user=NAMES[login],
    )  # fmt: skip


@pytest.fixture
def course(
    ward_url: str, ward: dict[str, User], clock: FixedClock, reference: ReferenceDB
) -> Course:
    doctor = person(ward_url, "dr.wang", clock)
    PatientRepository(doctor).add(Patient(mrn="W1", name="王 五"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    saved = CourseRepository(doctor).add(course_from_plan(plan, "W1", "Dr Wang", NOW))
    doctor.close()
    return saved


def test_each_user_signs_in_as_their_own_role(ward_url: str, ward: dict[str, User],
                                              clock: FixedClock) -> None:  # fmt: skip
    nurse = person(ward_url, "li.na", clock)
    assert nurse.conn.execute("SELECT session_user").fetchone()[0] == "li.na"
    assert UsersRepository(nurse).authenticate("li.na", PW["li.na"]).id == ward["li.na"].id
    with pytest.raises(SignInError):
        UsersRepository(nurse).authenticate("li.na", "wrong password here")
    with pytest.raises(ServerSignInError):
        ServerPatientDB.open(ward_url.replace("postgres@", ""), login="li.na",
                             password="wrong password here", clock=clock, user="x")  # fmt: skip
    nurse.close()


def test_no_one_reads_a_password_hash_or_the_roles_table_for_writing(
    ward_url: str, ward: dict[str, User], clock: FixedClock
) -> None:
    nurse = person(ward_url, "li.na", clock)
    with pytest.raises(ServerRefusedError):
        nurse.conn.execute("SELECT password_hash FROM users")
    with pytest.raises(ServerRefusedError), nurse.transaction() as conn:
        conn.execute("UPDATE users SET roles = 'prescriber,admin' WHERE login = 'li.na'")
    nurse.close()


def test_a_nurse_connection_cannot_verify_or_change_a_plan_in_sql(
    ward_url: str, ward: dict[str, User], course: Course, clock: FixedClock
) -> None:
    """The Done-when case: hand-made SQL on a nurse's connection is refused by the server."""
    nurse = person(ward_url, "new.nurse", clock)  # a nurse not on the IT register
    verify = (
        "UPDATE courses SET body = jsonb_set(body::jsonb, '{verification}',"
        ' \'{"by": "New Nurse", "at": "2027-01-04T09:00:00+08:00"}\')::text WHERE id = ?'
    )
    refused = re.escape("new.nurse may not do this: Verifying a course needs")
    with pytest.raises(ServerRefusedError, match=refused), nurse.transaction() as conn:
        conn.execute(verify, (course.id,))
    registered = person(ward_url, "li.na", clock)  # on the register: may give, not plan
    change_dose = (
        "UPDATE courses SET body = jsonb_set(body::jsonb, '{sessions,1,dose_mg}', '50')::text"
        " WHERE id = ?"
    )
    refused = re.escape("li.na may not do this: Changing a course")
    with pytest.raises(ServerRefusedError, match=refused), registered.transaction() as conn:
        conn.execute(change_dose, (course.id,))
    refused = "a session changes only together with its course"
    with pytest.raises(ServerRefusedError, match=refused), registered.transaction() as conn:
        conn.execute("DELETE FROM course_sessions WHERE course_id = ?", (course.id,))
    with pytest.raises(ServerRefusedError), registered.transaction() as conn:
        conn.execute("DELETE FROM courses WHERE id = ?", (course.id,))
    stored = CourseRepository(registered).get(course.id or 0)
    assert stored == course and stored.verification is None
    nurse.close()
    registered.close()


def test_the_app_path_meets_the_same_rights(
    ward_url: str, ward: dict[str, User], course: Course, clock: FixedClock, limits: DoseLimits
) -> None:
    """The pharmacist verifies, the registered nurse gives: allowed by the server too."""
    pharmacist = person(ward_url, "zhou.ph", clock)
    verified = CourseRepository(pharmacist).apply(course, act.verify(course, "Zhou Pharm", NOW))
    nurse = person(ward_url, "li.na", clock)
    courses = CourseRepository(nurse)
    given = courses.apply(
        verified, act.give(verified, 1, at=NOW, dose_mg=verified.sessions[0].dose_mg,
                           route=verified.route, given_by="Li Na", limits=limits)
    )  # fmt: skip
    assert given.sessions[0].status == "given"
    trainee = person(ward_url, "new.nurse", clock)
    refused = re.escape("new.nurse may not do this: Giving an intrathecal dose needs")
    with pytest.raises(ServerRefusedError, match=refused):
        CourseRepository(trainee).apply(
            given, act.give(given, 2, at=NOW, dose_mg=given.sessions[1].dose_mg,
                            route=given.route, given_by="New Nurse", limits=limits)
        )  # fmt: skip
    assert CourseRepository(nurse).get(course.id or 0).sessions[1].status == "planned"
    for pdb in (pharmacist, nurse, trainee):
        pdb.close()


def test_audit_rows_cannot_be_changed_deleted_or_truncated_by_anyone(
    ward_url: str, ward: dict[str, User], course: Course, clock: FixedClock
) -> None:
    for who in ("boss", "dr.wang"):
        pdb = person(ward_url, who, clock)
        for statement in (
            "UPDATE audit SET action = 'nothing' WHERE id = 1",
            "DELETE FROM audit WHERE id = 1",
            "TRUNCATE audit",
        ):
            with pytest.raises(ServerRefusedError), pdb.transaction() as conn:
                conn.execute(statement)
        assert pdb.verify_audit().ok
        pdb.close()
    owner = ServerPatientDB.open(ward_url, login=None, password=None, clock=clock, user="o")
    with pytest.raises(ServerRefusedError, match="append-only"), owner.transaction() as conn:
        conn.execute("UPDATE audit SET action = 'nothing' WHERE id = 1")
    assert owner.verify_trail().ok
    owner.close()


def test_two_workstations_give_the_same_session_one_wins_the_other_hears_who(
    ward_url: str, ward: dict[str, User], course: Course, clock: FixedClock, limits: DoseLimits
) -> None:
    pharmacist = person(ward_url, "zhou.ph", clock)
    verified = CourseRepository(pharmacist).apply(course, act.verify(course, "Zhou Pharm", NOW))
    first, second = person(ward_url, "li.na", clock), person(ward_url, "dr.wang", clock)
    dose = verified.sessions[0].dose_mg
    CourseRepository(first).apply(
        verified, act.give(verified, 1, at=NOW, dose_mg=dose, route=verified.route,
                           given_by="Li Na", limits=limits)
    )  # fmt: skip
    with pytest.raises(ConflictError) as refused:
        CourseRepository(second).apply(
            verified, act.give(verified, 1, at=NOW, dose_mg=dose, route=verified.route,
                               given_by="Dr Wang", limits=limits)
        )  # fmt: skip
    message = str(refused.value)
    assert "Li Na" in message
    assert local_time_text(NOW.isoformat()) in message and "given" in message.lower()
    stored = CourseRepository(second).get(course.id or 0)
    assert stored.sessions[0].given is not None and stored.sessions[0].given.given_by == "Li Na"
    for pdb in (pharmacist, first, second):
        pdb.close()


def test_accounts_follow_the_users_table(
    ward_url: str, ward: dict[str, User], clock: FixedClock
) -> None:
    """A new password (own or by the admin), a role change and retirement reach the role."""
    nurse = person(ward_url, "li.na", clock)
    UsersRepository(nurse).set_password(ward["li.na"], "my own new pass 9", ward["li.na"])
    nurse.close()
    PW["li.na"] = "my own new pass 9"
    try:
        again = person(ward_url, "li.na", clock)
        assert again.conn.execute("SELECT lmdesk_may('give')").fetchone()[0] is True
        assert again.conn.execute("SELECT lmdesk_may('plan_course')").fetchone()[0] is False
        again.close()
        boss = person(ward_url, "boss", clock)
        repo = UsersRepository(boss)
        promoted = repo.update(
            ward["li.na"].model_copy(update={"roles": frozenset({Role.NURSE, Role.PRESCRIBER})}),
            ward["boss"],
        )
        again = person(ward_url, "li.na", clock)
        assert again.conn.execute("SELECT lmdesk_may('plan_course')").fetchone()[0] is True
        groups = {
            r[0]
            for r in again.conn.execute(
                "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid"
                " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'li.na'"
            )
        }
        assert groups == {"lmdesk_staff", "lmdesk_nurse", "lmdesk_prescriber"}
        again.close()
        repo.retire(promoted, ward["boss"])
        with pytest.raises(ServerSignInError):
            person(ward_url, "li.na", clock)
        boss.close()
    finally:
        PW["li.na"] = "nurse pass 333"


def test_a_course_written_inside_a_larger_unit_of_work_keeps_its_sessions(
    ward_url: str, ward: dict[str, User], clock: FixedClock, reference: ReferenceDB
) -> None:
    """A course saved inside an outer transaction (a savepoint) is still "written by this
    transaction" for its sessions; a session touched without its course still is not."""
    doctor = person(ward_url, "dr.wang", clock)
    PatientRepository(doctor).add(Patient(mrn="N9", name="李 四"))
    protocols = ProtocolRepository(reference)
    plan = plan_course(
        protocols.get("mtx-classic"),
        PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True),
        protocols.limits(),
        None,
    )
    with doctor.transaction():
        saved = CourseRepository(doctor).add(course_from_plan(plan, "N9", "Dr Wang", NOW))
    assert CourseRepository(doctor).get(saved.id or 0).sessions == saved.sessions
    with pytest.raises(ServerRefusedError, match="only together with its course"), \
            doctor.transaction() as conn:  # fmt: skip
        conn.execute("UPDATE course_sessions SET dose_mg = 1 WHERE course_id = ?", (saved.id,))
    doctor.close()


def test_a_missing_database_is_not_called_a_wrong_password(
    pg_cluster: object, clock: FixedClock
) -> None:
    from lmdesk.store.server.errors import ServerUnreachableError

    url = str(pg_cluster.url("lm_no_such_database", None))  # type: ignore[attr-defined]
    with pytest.raises(ServerUnreachableError, match="does not exist"):
        ServerPatientDB.open(url, login="postgres", password=None, clock=clock, user="x")


def test_the_servers_refusal_is_said_in_the_users_language(
    ward_url: str, ward: dict[str, User], course: Course, clock: FixedClock
) -> None:
    """The server names its refusal by a key; the words are lmdesk's, in the user's language
    (they were PL/pgSQL's English inside a Chinese sentence)."""
    from lmdesk.i18n import _, set_language

    nurse = person(ward_url, "new.nurse", clock)
    set_language("zh_CN")
    with pytest.raises(ServerRefusedError) as info, nurse.transaction() as conn:
        conn.execute(
            "UPDATE courses SET body = jsonb_set(body::jsonb, '{sessions,1,dose_mg}', '50')::text"
            " WHERE id = ?",
            (course.id,),
        )
    text = str(info.value)
    assert "new.nurse" in text and "may not" not in text
    assert _("Changing a course (delay, dose reduction, hold, stop, cancel)") in text
    assert not any("a" <= ch.lower() <= "z" for ch in text.replace("new.nurse", ""))
    nurse.close()
