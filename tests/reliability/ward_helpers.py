"""Helpers for the reliability harnesses on the ward server: people, and one opener for both.

A child process (crash writer, session editor) is given a target: a SQLite file path, or a
ward URL (``postgresql://...``) with the person's login and password in the environment
(``LMDESK_WARD_LOGIN``, ``LMDESK_WARD_PASSWORD``): on the server a connection is a person.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from lmdesk.models.clock import Clock
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.users_repo import UsersRepository

LOGIN_ENV = "LMDESK_WARD_LOGIN"
PASSWORD_ENV = "LMDESK_WARD_PASSWORD"
REGISTER_UNTIL = date(2099, 12, 31)


def is_ward_url(target: str) -> bool:
    return target.startswith(("postgresql:", "postgres:"))


def person_url(ward_url: str) -> str:
    """The owner's ward URL without its user name: each person signs in as their own role."""
    return ward_url.replace("postgres@", "")


def password_of(login: str) -> str:
    return f"pass {login} 2027"


def open_store(target: str, clock: Clock, user: str, backups: Path | None = None) -> PatientStore:
    """A SQLite file (as the app opens it) or the ward server as the person in the environment."""
    if is_ward_url(target):
        from lmdesk.store.server.ward_db import ServerPatientDB

        return ServerPatientDB.open(
            target,
            login=os.environ[LOGIN_ENV],
            password=os.environ[PASSWORD_ENV],
            clock=clock,
            user=user,
        )
    path = Path(target)
    return PatientDB.open(path, clock=clock, user=user, backups_dir=backups or path.parent)


def person_env(login: str) -> dict[str, str]:
    """The environment of a child process signed in as ``login``."""
    return {**os.environ, LOGIN_ENV: login, PASSWORD_ENV: password_of(login)}


def make_ward(ward_url: str, clock: Clock, people: list[tuple[str, str, Role]]) -> dict[str, User]:
    """A ward administrator and ``people`` (login, display name, role; all on the IT
    register), each their own PostgreSQL role, made through ``UsersRepository``."""
    from lmdesk.store.server.ward_db import ServerPatientDB

    owner = ServerPatientDB.open(ward_url, login=None, password=None, clock=clock, user="setup")
    try:
        repo = UsersRepository(owner)
        boss = repo.add(
            User(login="ward-boss", name_en="Ward Boss", roles=frozenset({Role.ADMIN})),
            password_of("ward-boss"),
            None,
        )
        made = {"ward-boss": boss}
        for login, name, role in people:
            made[login] = repo.add(
                User(
                    login=login,
                    name_en=name,
                    roles=frozenset({role}),
                    register_until=REGISTER_UNTIL,
                ),
                password_of(login),
                boss,
            )
        return made
    finally:
        owner.close()
