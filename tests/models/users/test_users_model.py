"""Users, roles, password rules and the ward settings' ranges (pure models)."""

from __future__ import annotations

from datetime import date

import pytest

from lmdesk.models.errors import BadInputError
from lmdesk.models.users.password import check_password, password_problem
from lmdesk.models.users.roles import Role, parse_roles, roles_phrase
from lmdesk.models.users.user import User, login_from_name, make_user
from lmdesk.models.users.ward_settings import WardSettings, parse_setting, settings_from_stored


def test_login_is_case_insensitive_and_checked() -> None:
    u = make_user(login="  Li.Na ", name_en="Li Na", roles=frozenset({Role.NURSE}))
    assert u.login == "li.na"
    for bad in ("", "a", "li na", "-x", "x" * 40, "李娜"):
        with pytest.raises(BadInputError):
            make_user(login=bad, name_en="Li Na", roles=frozenset({Role.NURSE}))


def test_a_name_in_one_script_at_least_and_a_role() -> None:
    with pytest.raises(BadInputError, match="name"):
        make_user(login="x1", roles=frozenset({Role.NURSE}))
    with pytest.raises(BadInputError, match="role"):
        make_user(login="x1", name_zh="李娜", roles=frozenset())
    u = make_user(login="x1", name_zh="李娜", roles=frozenset({Role.NURSE}))
    assert u.display_name == "李娜" and u.name("en") == "李娜"


def test_display_name_and_register() -> None:
    u = User(
        login="li.na",
        name_en="Li Na",
        name_zh="李娜",
        roles=frozenset({Role.NURSE}),
        register_until=date(2027, 6, 30),
    )
    assert u.display_name == "Li Na (李娜)"
    assert u.name("zh_CN") == "李娜" and u.name("en") == "Li Na"
    assert u.on_register(date(2027, 6, 30)) and not u.on_register(date(2027, 7, 1))
    assert not u.model_copy(update={"active": False}).on_register(date(2027, 1, 1))
    assert "until 2027-06-30" in u.register_text(date(2027, 1, 1))
    assert "ended" in u.register_text(date(2028, 1, 1))


def test_login_from_name() -> None:
    assert login_from_name("Li Na") == "li.na"
    assert login_from_name("Zoë O'Neil") == "zoe.o.neil"
    with pytest.raises(BadInputError, match="--login"):
        login_from_name("李娜")


def test_roles() -> None:
    assert parse_roles("Prescriber, admin") == {Role.PRESCRIBER, Role.ADMIN}
    with pytest.raises(BadInputError, match="doctor"):
        parse_roles("doctor")
    with pytest.raises(BadInputError):
        parse_roles(" , ")
    assert roles_phrase({Role.ADMIN, Role.NURSE}) == "a nurse and a ward administrator"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10"),
        (" " * 12, "only spaces"),
        ("Li.Na", "at least 10"),
        ("Nurse.Li.Na", "login name"),
        ("x" * 300, "at most"),
    ],
)
def test_password_rules(password: str, problem: str) -> None:
    found = password_problem(password, "nurse.li.na")
    assert found is not None and problem in found and password not in found
    with pytest.raises(BadInputError):
        check_password(password, "nurse.li.na")


def test_a_good_password_passes() -> None:
    assert password_problem("correct horse battery", "li.na") is None


def test_ward_settings_ranges() -> None:
    s = WardSettings()
    assert (s.idle_lock_minutes, s.lockout_failures, s.lockout_minutes) == (10, 5, 15)
    assert s.changed("idle_lock_minutes", "5").idle_lock_minutes == 5
    for key, bad in (("idle_lock_minutes", "0"), ("lockout_failures", "x"), ("nope", "1")):
        with pytest.raises(BadInputError):
            parse_setting(key, bad)
    with pytest.raises(BadInputError):
        parse_setting("hospital", "x" * 81)
    stored = settings_from_stored({"ward": " 7 West ", "lockout_minutes": "oops", "zz": "1"})
    assert stored.ward == "7 West" and stored.lockout_minutes == 15
