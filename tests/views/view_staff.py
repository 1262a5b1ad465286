"""The ward's staff for GUI tests: stored in the test's patient DB, all with ``PASSWORD``.

Hashes are made with cheap argon2 parameters so that creating the staff costs milliseconds;
signing in verifies them as the app does.
"""

from __future__ import annotations

from datetime import date

from argon2 import PasswordHasher

from lmdesk.app_context import AppContext
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.store.users_repo import UsersRepository

PASSWORD = "ward test password"
REGISTERED = date(2099, 12, 31)
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

# login -> (Latin name, Chinese name, roles, on the IT register until)
STAFF: dict[str, tuple[str, str, frozenset[Role], date | None]] = {
    "admin": ("Ward Admin", "病区管理员", frozenset({Role.ADMIN}), None),
    "dr.wang": ("Wang Wei", "王伟", frozenset({Role.PRESCRIBER}), REGISTERED),
    "dr.chen": ("Chen Jing", "陈静", frozenset({Role.PRESCRIBER}), REGISTERED),
    "nurse.li": ("Li Na", "李娜", frozenset({Role.NURSE}), REGISTERED),
    "nurse.zhou": ("Zhou Yan", "周燕", frozenset({Role.NURSE}), None),
    "pharm.zhao": ("Zhao Min", "赵敏", frozenset({Role.PHARMACIST}), None),
}


def add_staff(ctx: AppContext) -> dict[str, User]:
    """Store the staff in ``ctx``'s patient DB (the administrator first); by login."""
    repo = UsersRepository(ctx.patients, hasher=FAST)
    saved: dict[str, User] = {}
    admin: User | None = None
    for login, (en, zh, roles, until) in STAFF.items():
        user = User(login=login, name_en=en, name_zh=zh, roles=roles, register_until=until)
        saved[login] = repo.add(user, PASSWORD, admin)
        admin = admin or saved[login]
    return saved
