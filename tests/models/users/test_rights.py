"""The rights table, row by row: who may and who may not, with the missing right named."""

from __future__ import annotations

from datetime import date

import pytest

from lmdesk.i18n import set_language
from lmdesk.models.users.rights import (
    RIGHTS,
    Action,
    CourseParties,
    RightRefused,
    allowed,
    check,
    refusal,
)
from lmdesk.models.users.roles import Role
from lmdesk.models.users.user import User

TODAY = date(2027, 1, 4)
ON = date(2027, 12, 31)
ENDED = date(2027, 1, 3)


def person(*roles: Role, until: date | None = ON, active: bool = True, name: str = "Li Na") -> User:
    return User(
        id=1,
        login="someone",
        name_en=name,
        roles=frozenset(roles),
        register_until=until,
        active=active,
    )


P, PH, N, A = Role.PRESCRIBER, Role.PHARMACIST, Role.NURSE, Role.ADMIN
REG_PRESCRIBER = person(P)
UNREG_PRESCRIBER = person(P, until=None)
EXPIRED_PRESCRIBER = person(P, until=ENDED)
REG_NURSE = person(N)
UNREG_NURSE = person(N, until=None)
PHARMACIST = person(PH, until=None)
ADMIN = person(A, until=None)
RETIRED_PRESCRIBER = person(P, A, active=False)

# action -> (who may, who may not: (user, words the refusal must hold))
TABLE: dict[Action, tuple[list[User], list[tuple[User, str]]]] = {
    Action.PLAN_COURSE: (
        [REG_PRESCRIBER],
        [
            (REG_NURSE, "needs a prescriber on the IT register; Li Na is a nurse"),
            (PHARMACIST, "Li Na is a pharmacist"),
            (UNREG_PRESCRIBER, "Li Na is a prescriber not on the IT register"),
            (EXPIRED_PRESCRIBER, "whose IT register entry ended 2027-01-03"),
            (ADMIN, "Li Na is a ward administrator"),
            (RETIRED_PRESCRIBER, "retired and has no rights"),
        ],
    ),
    Action.CHANGE_COURSE: (
        [REG_PRESCRIBER],
        [
            (REG_NURSE, "Changing a course"),
            (PHARMACIST, "needs a prescriber on the IT register"),
            (EXPIRED_PRESCRIBER, "ended 2027-01-03"),
            (RETIRED_PRESCRIBER, "retired"),
        ],
    ),
    Action.VERIFY: (
        [PHARMACIST, REG_PRESCRIBER, REG_NURSE],
        [
            (UNREG_NURSE, "needs a pharmacist or a clinician on the IT register"),
            (UNREG_PRESCRIBER, "not on the IT register"),
            (ADMIN, "Li Na is a ward administrator"),
            (RETIRED_PRESCRIBER, "retired"),
        ],
    ),
    Action.GIVE: (
        [REG_PRESCRIBER, REG_NURSE],
        [
            (PHARMACIST, "needs a prescriber or nurse on the IT register; Li Na is a pharmacist"),
            (UNREG_NURSE, "Li Na is a nurse not on the IT register"),
            (person(N, until=ENDED), "ended 2027-01-03"),
            (ADMIN, "ward administrator"),
            (RETIRED_PRESCRIBER, "retired"),
        ],
    ),
    Action.OVERRIDE_GATE: (
        [REG_PRESCRIBER],
        [
            (REG_NURSE, "Overriding a stop of the pre-dose check needs a prescriber on the IT"),
            (PHARMACIST, "pharmacist"),
            (UNREG_PRESCRIBER, "not on the IT register"),
            (RETIRED_PRESCRIBER, "retired"),
        ],
    ),
    Action.RECORD: (
        [REG_PRESCRIBER, UNREG_PRESCRIBER, EXPIRED_PRESCRIBER, PHARMACIST, UNREG_NURSE],
        [
            (ADMIN, "needs an active prescriber, pharmacist or nurse; Li Na is a ward admin"),
            (RETIRED_PRESCRIBER, "retired"),
        ],
    ),
    Action.MANAGE_USERS: (
        [ADMIN, person(A, P)],
        [
            (REG_PRESCRIBER, "Managing users needs a ward administrator; Li Na is a prescriber"),
            (person(A, active=False), "retired"),
        ],
    ),
    Action.WARD_SETTINGS: (
        [ADMIN],
        [
            (REG_NURSE, "Changing ward settings needs a ward administrator; Li Na is a nurse"),
            (person(A, active=False), "retired"),
        ],
    ),
}

ALLOWED = [(a, u) for a, (ok, _no) in TABLE.items() for u in ok]
REFUSED = [(a, u, words) for a, (_ok, no) in TABLE.items() for u, words in no]


def test_every_action_has_a_row_and_a_right() -> None:
    assert set(TABLE) == set(Action) == set(RIGHTS)


@pytest.mark.parametrize(("action", "user"), ALLOWED)
def test_allowed(action: Action, user: User) -> None:
    check(action, user, TODAY)
    assert allowed(action, user, TODAY)


@pytest.mark.parametrize(("action", "user", "words"), REFUSED)
def test_refused_names_the_missing_right(action: Action, user: User, words: str) -> None:
    with pytest.raises(RightRefused) as refused:
        check(action, user, TODAY)
    assert words in str(refused.value)
    assert refused.value.rule == f"right.{action.value}"
    assert refused.value.action is action


def test_register_date_is_the_last_day() -> None:
    on_last_day = person(P, until=TODAY)
    assert allowed(Action.PLAN_COURSE, on_last_day, TODAY)
    assert not allowed(Action.PLAN_COURSE, on_last_day, date(2027, 1, 5))


def test_the_planner_may_not_verify() -> None:
    wang = person(P, name="Wang Wei")
    parties = CourseParties(planned_by="wang wei")
    with pytest.raises(RightRefused, match="needs a second person: Wang Wei planned"):
        check(Action.VERIFY, wang, TODAY, context=parties)
    assert allowed(Action.VERIFY, PHARMACIST, TODAY, context=parties)


def test_the_verifier_may_not_give_but_the_planner_may() -> None:
    li = person(N)
    with pytest.raises(RightRefused, match="needs a second person: Li Na verified"):
        check(Action.GIVE, li, TODAY, context=CourseParties(verified_by="Li Na"))
    planner = person(P, name="Wang Wei")
    check(
        Action.GIVE,
        planner,
        TODAY,
        context=CourseParties(planned_by="Wang Wei", verified_by="Li Na"),
    )


def test_the_display_name_with_both_scripts_is_the_same_person() -> None:
    both = User(
        id=2,
        login="li.na",
        name_en="Li Na",
        name_zh="李娜",
        roles=frozenset({N}),
        register_until=ON,
    )
    assert refusal(Action.GIVE, both, TODAY, context=CourseParties(verified_by="Li Na (李娜)"))
    assert refusal(Action.GIVE, both, TODAY, context=CourseParties(verified_by="李娜"))
    assert refusal(Action.GIVE, both, TODAY, context=CourseParties(verified_by="LI.NA"))
    assert not refusal(Action.GIVE, both, TODAY, context=CourseParties(verified_by="Li Nan"))


def test_refusal_in_chinese() -> None:
    set_language("zh_CN")
    try:
        with pytest.raises(RightRefused) as refused:
            check(Action.PLAN_COURSE, REG_NURSE, TODAY)
    finally:
        set_language("en")
    assert "制定疗程需要在鞘内注射资质名册上的处方医师" in str(refused.value)
    assert "护士" in str(refused.value)
