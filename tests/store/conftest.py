"""Every store test runs on both engines: the local SQLite file and the ward's PostgreSQL.

``ctx`` (and so ``patient_db``) is parametrized; a test about one engine only (a file's
damage, a WAL, a marker beside the file) asks for ``sqlite_ctx`` instead. On the server the
tests connect as the database's owner, as the store itself is engine-neutral; what the
server adds (each person's role and its rights) is tested in tests/server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lmdesk.app_context import AppContext
from lmdesk.models.clock import FixedClock
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings

ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Both engines for every test that opens the patient database, unless it is marked
    ``sqlite_only`` (a file's own behaviour: lock-out counters, SQLite's query plan)."""
    if "engine" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("engine", ENGINES[:1] if only_sqlite else ENGINES, indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def ctx(
    app_paths: AppPaths, clock: FixedClock, engine: str, request: pytest.FixtureRequest
) -> Iterator[AppContext]:
    server_url = request.getfixturevalue("ward_url") if engine == "postgresql" else None
    context = AppContext(
        paths=app_paths,
        settings=Settings(),
        language="en",
        clock=clock,
        user="tester",
        server_url=server_url,
    )
    yield context
    context.close()
