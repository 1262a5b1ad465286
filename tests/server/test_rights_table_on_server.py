"""The whole rights table on the ward server: ``lmdesk_may`` answers as ``rights.allowed`` does.

Every action of ``RIGHTS`` is asked on the own connection of a person holding each
combination of roles, on the IT register (to a later day, to today as its last day), no longer
on it (ended yesterday) or never on it; the server's answer must be exactly the model's for
that person today. A retired person's connection is refused outright.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations

import pytest

from lmdesk.models.clock import FixedClock, SystemClock
from lmdesk.models.users import rights
from lmdesk.models.users.rights import RIGHTS, Action
from lmdesk.models.users.roles import ROLE_ORDER, Role
from lmdesk.models.users.user import User
from lmdesk.store.server.errors import ServerSignInError
from lmdesk.store.server.ward_db import ServerPatientDB
from lmdesk.store.users_repo import UsersRepository

ADMIN_LOGIN = "rt-boss"
#: register_until for each register state, as days from today (None: never on the register).
REGISTER = {"never": None, "later": 30, "last-day": 0, "ended": -1}
ROLE_CODE = {Role.PRESCRIBER: "pr", Role.PHARMACIST: "ph", Role.NURSE: "nu", Role.ADMIN: "ad"}


def password_of(login: str) -> str:
    return f"pass {login} 2027"


def role_sets() -> list[frozenset[Role]]:
    """Every non-empty combination of the four roles (a user holds at least one)."""
    return [
        frozenset(chosen)
        for size in range(1, len(ROLE_ORDER) + 1)
        for chosen in combinations(ROLE_ORDER, size)
    ]


def login_of(roles: frozenset[Role], register: str) -> str:
    codes = "-".join(ROLE_CODE[r] for r in ROLE_ORDER if r in roles)
    return f"rt-{codes}-{register}"


def person_url(ward_url: str) -> str:
    """The ward URL without the owner's name: each person signs in as their own role."""
    return ward_url.replace("postgres@", "")


@pytest.fixture
def today(ward_url: str) -> date:
    """The server's date (``lmdesk_may`` reads ``current_date``), so no midnight or
    time-zone difference between this process and the server can make the test flaky."""
    owner = ServerPatientDB.open(
        ward_url, login=None, password=None, clock=SystemClock(), user="setup"
    )
    try:
        found = owner.conn.execute("SELECT current_date").fetchone()[0]
    finally:
        owner.close()
    assert isinstance(found, date)
    return found


@pytest.fixture
def everyone(ward_url: str, today: date) -> list[User]:
    """One user per role combination and register state, made by the ward administrator
    through ``UsersRepository`` (each becomes their own PostgreSQL role)."""
    from datetime import datetime, time

    clock = FixedClock(datetime.combine(today, time(9, 0)).astimezone())
    owner = ServerPatientDB.open(ward_url, login=None, password=None, clock=clock, user="setup")
    repo = UsersRepository(owner)
    boss = repo.add(
        User(login=ADMIN_LOGIN, name_en="Rights Boss", roles=frozenset({Role.ADMIN})),
        password_of(ADMIN_LOGIN),
        None,
    )
    made = [boss]
    for roles in role_sets():
        for register, days in REGISTER.items():
            login = login_of(roles, register)
            until = None if days is None else today + timedelta(days=days)
            made.append(
                repo.add(
                    User(login=login, name_en=f"User {login}", roles=roles, register_until=until),
                    password_of(login),
                    boss,
                )
            )
    owner.close()
    return made


def test_the_table_covers_every_action_and_combination(everyone: list[User]) -> None:
    assert set(RIGHTS) == set(Action)
    assert len(role_sets()) == 15
    assert len(everyone) == 1 + 15 * len(REGISTER)


def test_server_answers_every_action_as_the_rights_table(
    ward_url: str, everyone: list[User], today: date
) -> None:
    """Each person's own connection asks ``lmdesk_may`` for every action; any difference from
    ``rights.allowed`` (and ``rights.check``) for that person today is listed."""
    differences: list[str] = []
    granted = 0
    for user in everyone:
        pdb = ServerPatientDB.open(
            person_url(ward_url),
            login=user.login,
            password=password_of(user.login),
            clock=SystemClock(),
            user=user.display_name,
        )
        try:
            assert pdb.conn.execute("SELECT session_user").fetchone()[0] == user.login
            for action in Action:
                server = pdb.conn.execute("SELECT lmdesk_may(?)", (action.value,)).fetchone()[0]
                model = rights.allowed(action, user, today)
                try:
                    rights.check(action, user, today)
                    checked = True
                except rights.RightRefused:
                    checked = False
                assert checked == model
                granted += model
                if server is not model:
                    differences.append(
                        f"{user.login} {action.value}: server {server}, rights table {model}"
                    )
        finally:
            pdb.close()
    assert differences == []
    # the sweep meets both answers many times (a table of all-False would prove nothing)
    assert 0 < granted < len(everyone) * len(Action)


def test_an_unknown_action_is_refused_by_the_server(ward_url: str, everyone: list[User]) -> None:
    login = login_of(frozenset(ROLE_ORDER), "later")  # every role, on the register
    pdb = ServerPatientDB.open(
        person_url(ward_url),
        login=login,
        password=password_of(login),
        clock=SystemClock(),
        user="x",
    )
    try:
        for wanted in ("", "anything", "VERIFY", "verify "):
            assert pdb.conn.execute("SELECT lmdesk_may(?)", (wanted,)).fetchone()[0] is False
    finally:
        pdb.close()


def test_a_retired_person_cannot_sign_in_at_all(
    ward_url: str, everyone: list[User], today: date
) -> None:
    """The rights table gives a retired user nothing; the server refuses their sign-in."""
    from datetime import datetime, time

    clock = FixedClock(datetime.combine(today, time(9, 0)).astimezone())
    owner = ServerPatientDB.open(ward_url, login=None, password=None, clock=clock, user="setup")
    repo = UsersRepository(owner)
    boss = repo.get_by_login(ADMIN_LOGIN)
    login = login_of(frozenset({Role.PRESCRIBER, Role.NURSE}), "later")
    retired = repo.retire(repo.get_by_login(login), boss)
    owner.close()
    assert not any(rights.allowed(action, retired, today) for action in Action)
    with pytest.raises(ServerSignInError):
        ServerPatientDB.open(
            person_url(ward_url),
            login=login,
            password=password_of(login),
            clock=SystemClock(),
            user="x",
        )
