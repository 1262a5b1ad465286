"""The demo ward's staff for screenshots: stored in the throw-away demo database, signed in."""

from __future__ import annotations

from datetime import date

from lmdesk.app_context import AppContext
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User
from lmdesk.store.users_repo import UsersRepository

#: Only ever in the screenshot run's temporary database.
DEMO_PASSWORD = "demo ward password"
REGISTER_UNTIL = date(2027, 12, 31)

# login (the staff number, as many wards use) -> (Latin name, Chinese name, roles,
# IT register until, staff number)
DEMO_STAFF: dict[str, tuple[str, str, frozenset[Role], date | None, str]] = {
    "w1001": ("He Lan", "何兰", frozenset({Role.ADMIN}), None, "W1001"),
    "d2031": ("Chen Wei", "陈伟", frozenset({Role.PRESCRIBER}), REGISTER_UNTIL, "D2031"),
    "d2044": ("Liu Yang", "刘洋", frozenset({Role.PRESCRIBER}), REGISTER_UNTIL, "D2044"),
    "p3007": ("Sun Min", "孙敏", frozenset({Role.PHARMACIST}), None, "P3007"),
    "n4012": ("Wu Fang", "吴芳", frozenset({Role.NURSE}), REGISTER_UNTIL, "N4012"),
    "n4020": ("Zhou Jie", "周洁", frozenset({Role.NURSE}), None, "N4020"),
}


def add_demo_staff(ctx: AppContext) -> dict[str, User]:
    """Store the demo ward's staff (the administrator first); by login."""
    repo = UsersRepository(ctx.patients)
    saved: dict[str, User] = {}
    admin: User | None = None
    for login, (en, zh, roles, until, staff_no) in DEMO_STAFF.items():
        user = User(
            login=login,
            name_en=en,
            name_zh=zh,
            staff_no=staff_no,
            roles=roles,
            register_until=until,
        )
        saved[login] = repo.add(user, DEMO_PASSWORD, admin)
        admin = admin or saved[login]
    return saved
