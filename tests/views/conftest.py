"""GUI fixtures: the QApplication pytest-qt made, set up like lmdesk's (bundled CJK font), and
a signed-in user for every test that uses a context (issue 23: views check rights)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))

from view_staff import STAFF, add_staff

from lmdesk.models.users.user import User


@pytest.fixture(autouse=True)
def lmdesk_app(qapp: QApplication) -> QApplication:
    from lmdesk.views.app import ensure_application

    return ensure_application()


@pytest.fixture(autouse=True)
def signed_in(request: pytest.FixtureRequest) -> User | None:
    """Every test with a context acts as Wang Wei, a prescriber on the IT register (issue 23:
    views check rights). Not stored and the patient DB not opened: tests that sign people in
    on a screen use ``staff``."""
    if "ctx" not in request.fixturenames:
        return None
    en, zh, roles, until = STAFF["dr.wang"]
    user = User(login="dr.wang", name_en=en, name_zh=zh, roles=roles, register_until=until)
    request.getfixturevalue("ctx").sign_in(user)
    return user


@pytest.fixture
def staff(ctx, signed_in):
    """The ward's staff stored in the test's patient DB (all with ``view_staff.PASSWORD``);
    the stored Wang Wei is signed in. Sign in someone else: ``ctx.sign_in(staff[login])``."""
    users = add_staff(ctx)
    ctx.sign_in(users["dr.wang"])
    return users
