"""A ward on a real PostgreSQL server for GUI tests: its staff (each their own role), and
workstations (AppContexts on the server) with a person signed in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from view_staff import PASSWORD, add_staff

from lmdesk.app_context import AppContext
from lmdesk.models.clock import FixedClock
from lmdesk.models.users.user import User
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings
from lmdesk.views.users.server_sign_in import sign_in_on_server

Station = Callable[[str], AppContext]


def person_url(ward_url: str) -> str:
    """The ward's address without the owner's name: a person signs in with their own."""
    return ward_url.replace("postgres@", "")


@pytest.fixture
def ward_staff(ward_url: str, app_paths: AppPaths, clock: FixedClock) -> dict[str, User]:
    """The ward's staff stored on the server by its owner (view_staff.STAFF, PASSWORD)."""
    owner = AppContext(
        paths=app_paths, settings=Settings(), language="en", clock=clock, server_url=ward_url
    )
    try:
        return add_staff(owner)
    finally:
        owner.close()


@pytest.fixture
def station(
    ward_url: str, ward_staff: dict[str, User], app_paths: AppPaths, clock: FixedClock
) -> Iterator[Station]:
    """``station(login)``: a workstation on the ward server with ``login`` signed in."""
    made: list[AppContext] = []

    def make(login: str) -> AppContext:
        ctx = AppContext(
            paths=app_paths,
            settings=Settings(),
            language="en",
            clock=clock,
            server_url=person_url(ward_url),
        )
        ctx.sign_in(sign_in_on_server(ctx, login, PASSWORD))
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()
