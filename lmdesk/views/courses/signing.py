"""Who signs an action on the Courses screen: authenticate the person at that moment, then
let the rights table decide (verify, give, override), and the gate check the give dialog runs.

No widgets here: the dialogs call these functions with what the person typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from lmdesk.app_context import AppContext
from lmdesk.models.errors import LmdeskError
from lmdesk.models.scheduling.course import Course
from lmdesk.models.scheduling.gate import GateResult, evaluate_gate
from lmdesk.models.scheduling.protocol import Route
from lmdesk.models.users.rights import Action, check, parties_of
from lmdesk.models.users.user import User
from lmdesk.store.bedside_stores import BedsideStores
from lmdesk.store.users_repo import UsersRepository
from lmdesk.views.courses.give_dialog import GateCheck
from lmdesk.views.users.rights_ui import acting_as


class CourseSigning:
    """The sign-on-this-screen steps of one Courses screen (its context, users and stores)."""

    def __init__(self, ctx: AppContext, users: UsersRepository, bedside: BedsideStores) -> None:
        self._ctx = ctx
        self._users = users
        self._bedside = bedside
        #: On the ward server: the password each signer just typed, until their write ran
        #: on their own connection (``acting``); never kept past that action.
        self._signed: dict[str, str] = {}

    def stored_name(self, login: str) -> str:
        """The stored name of the user with ``login`` (what the gate compares), else as typed."""
        found = self._users.find(login) if login.strip() else None
        return found.display_name if found is not None else login

    def gate_check(self, course: Course, n: int) -> GateCheck:
        """The pre-dose gate for session ``n`` of ``course``, for the give dialog to run."""

        def run(at: datetime, route: Route, dose_mg: float, given_by: str) -> GateResult:
            return evaluate_gate(
                self._bedside.gate_input(
                    course, n, at=at, route=route, dose_mg=dose_mg,
                    given_by=self.stored_name(given_by),
                )
            )  # fmt: skip

        return run

    def signer(self, action: Action, course: Course) -> Callable[[str, str], User]:
        """Authenticate who signs for ``action`` on ``course`` here, then ask the rights table."""

        def authorize(login: str, password: str) -> User:
            user = self._users.authenticate(login, password)
            check(action, user, self._ctx.clock.today(), context=parties_of(course))
            if self._ctx.on_server:
                self._signed[user.login] = password
            return user

        return authorize

    def giver(self, course: Course) -> Callable[[str, str, bool], User]:
        """The giver signs; overriding a gate stop needs the override right as well."""
        sign = self.signer(Action.GIVE, course)

        def authorize(login: str, password: str, overriding: bool) -> User:
            user = sign(login, password)
            if overriding:
                check(Action.OVERRIDE_GATE, user, self._ctx.clock.today())
            return user

        return authorize

    @contextmanager
    def acting(self, user: User) -> Iterator[None]:
        """The block's writes made by ``user``, who just signed here (on the ward server on
        their own connection: the server checks their rights); the password is forgotten."""
        password = self._signed.pop(user.login, None)
        self._signed.clear()
        with acting_as(self._ctx, user, password):
            yield

    def default_login(self, action: Action, course: Course) -> str:
        """The signed-in user's login when they may take ``action`` here, else empty."""
        user = self._ctx.signed_in
        if user is None:
            return ""
        try:
            check(action, user, self._ctx.clock.today(), context=parties_of(course))
        except LmdeskError:
            return ""
        return user.login
