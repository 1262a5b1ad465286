"""The rights table: which role (and IT register) each action needs, and the two-person rules.

ONE table (``RIGHTS``) says, for every action, which people may take it: any of its
requirements (a role, with or without a current IT register entry). ``check`` applies it
and the two-person rules of the intrathecal check (the planner may not verify; the verifier
may not give that course's session) and raises ``RightRefused`` naming the missing right.

A retired user has no rights at all. A user whose IT register date has passed is no longer
registered: rights that need the register are refused, the others (recording labs, a
pharmacist's verification, administration) stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lmdesk.i18n import N_, _
from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.scheduling.course import Course
from lmdesk.models.users.roles import Role, role_phrase, roles_phrase
from lmdesk.models.users.user import User


class Action(StrEnum):
    PLAN_COURSE = "plan_course"
    CHANGE_COURSE = "change_course"  # delay, reduce, stop, hold, cancel
    VERIFY = "verify"
    GIVE = "give"
    OVERRIDE_GATE = "override_gate"
    RECORD = "record"  # patients, labs, medications, adverse events, assessments, sheets
    MANAGE_USERS = "manage_users"
    WARD_SETTINGS = "ward_settings"  # hospital, ward, idle lock, backups, gate policy values


@dataclass(frozen=True)
class Requirement:
    """One way to hold a right: this role, and (if ``registered``) on the IT register today."""

    role: Role
    registered: bool = False


@dataclass(frozen=True)
class Right:
    action: Action
    what: str  # N_: the action as the subject of a sentence ("Planning a course")
    needs: str  # N_: who may, as said after "needs" ("a registered prescriber")
    any_of: tuple[Requirement, ...]


_REGISTERED_PRESCRIBER = (Requirement(Role.PRESCRIBER, registered=True),)
_REGISTERED_CLINICIAN = (
    Requirement(Role.PRESCRIBER, registered=True),
    Requirement(Role.NURSE, registered=True),
)
_ANY_CLINICIAN = (
    Requirement(Role.PRESCRIBER),
    Requirement(Role.PHARMACIST),
    Requirement(Role.NURSE),
)
_ADMIN = (Requirement(Role.ADMIN),)

RIGHTS: dict[Action, Right] = {
    r.action: r
    for r in (
        Right(
            Action.PLAN_COURSE,
            N_("Planning a course"),
            N_("a prescriber on the IT register"),
            _REGISTERED_PRESCRIBER,
        ),
        Right(
            Action.CHANGE_COURSE,
            N_("Changing a course (delay, dose reduction, hold, stop, cancel)"),
            N_("a prescriber on the IT register"),
            _REGISTERED_PRESCRIBER,
        ),
        Right(
            Action.VERIFY,
            N_("Verifying a course"),
            N_("a pharmacist or a clinician on the IT register"),
            (Requirement(Role.PHARMACIST), *_REGISTERED_CLINICIAN),
        ),
        Right(
            Action.GIVE,
            N_("Giving an intrathecal dose"),
            N_("a prescriber or nurse on the IT register"),
            _REGISTERED_CLINICIAN,
        ),
        Right(
            Action.OVERRIDE_GATE,
            N_("Overriding a stop of the pre-dose check"),
            N_("a prescriber on the IT register"),
            _REGISTERED_PRESCRIBER,
        ),
        Right(
            Action.RECORD,
            N_("Recording patient data"),
            N_("an active prescriber, pharmacist or nurse"),
            _ANY_CLINICIAN,
        ),
        Right(
            Action.MANAGE_USERS,
            N_("Managing users"),
            N_("a ward administrator"),
            _ADMIN,
        ),
        Right(
            Action.WARD_SETTINGS,
            N_("Changing ward settings"),
            N_("a ward administrator"),
            _ADMIN,
        ),
    )
}


@dataclass(frozen=True)
class CourseParties:
    """Who already acted on the course, as stored names: the two-person rules read them."""

    planned_by: str = ""
    verified_by: str = ""


def parties_of(course: Course) -> CourseParties:
    """The planner and the verifier of a course, for ``check(..., context=...)``."""
    verified = course.verification.by if course.verification is not None else ""
    return CourseParties(planned_by=course.planned_by, verified_by=verified)


class RightRefused(SafetyRefusal):
    """The signed-in user lacks the right for an action (CLI exit 3); the message names it."""

    def __init__(self, message: str, action: Action) -> None:
        super().__init__(message, rule=f"right.{action.value}")
        self.action = action


def _meets(req: Requirement, user: User, today: date) -> bool:
    return (
        user.active and user.has_role(req.role) and (not req.registered or user.on_register(today))
    )


def _missing(right: Right, user: User, today: date) -> str:
    """Why ``user`` does not meet ``right``: the right needed and what the user is."""
    name = user.name()
    what, needs = _(right.what), _(right.needs)
    if not user.active:
        return _("{what} needs {needs}; {name} is retired and has no rights.").format(
            what=what, needs=needs, name=name
        )
    lacking_register = [r.role for r in right.any_of if r.registered and user.has_role(r.role)]
    if lacking_register:
        role = role_phrase(lacking_register[0])
        if user.register_until is None:
            return _("{what} needs {needs}; {name} is {role} not on the IT register.").format(
                what=what, needs=needs, name=name, role=role
            )
        return _(
            "{what} needs {needs}; {name} is {role} whose IT register entry ended {date}."
        ).format(what=what, needs=needs, name=name, role=role, date=user.register_until.isoformat())
    return _("{what} needs {needs}; {name} is {roles}.").format(
        what=what, needs=needs, name=name, roles=roles_phrase(user.roles)
    )


def refusal(
    action: Action, user: User, today: date, *, context: CourseParties | None = None
) -> str | None:
    """Why ``user`` may not take ``action`` today (reader's language), or None when allowed."""
    right = RIGHTS[action]
    if not any(_meets(req, user, today) for req in right.any_of):
        return _missing(right, user, today)
    if context is not None:
        name = user.name()
        if action is Action.VERIFY and user.matches(context.planned_by):
            return _(
                "Verifying a course needs a second person: {name} planned this course."
            ).format(name=name)
        if action is Action.GIVE and user.matches(context.verified_by):
            return _(
                "Giving an intrathecal dose needs a second person: {name} verified this course."
            ).format(name=name)
    return None


def allowed(
    action: Action, user: User, today: date, *, context: CourseParties | None = None
) -> bool:
    return refusal(action, user, today, context=context) is None


def check(action: Action, user: User, today: date, *, context: CourseParties | None = None) -> None:
    """Raise ``RightRefused`` (naming the missing right) unless ``user`` may take ``action``.

    ``context`` carries the course's planner and verifier for the two-person rules of
    VERIFY and GIVE; pass it whenever the action is on a course.
    """
    why = refusal(action, user, today, context=context)
    if why is not None:
        raise RightRefused(why, action)
