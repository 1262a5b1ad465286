"""Shared fixtures: a fresh reference DB build, a scratch patient DB, a fixed clock."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, settings

from lmdesk.app_context import AppContext
from lmdesk.i18n import set_language
from lmdesk.models.clock import FixedClock
from lmdesk.paths import AppPaths, reference_sources_dir
from lmdesk.settings import Settings
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.reference import ReferenceDB
from lmdesk.store.reference_build import build_reference

sys.path.insert(0, str(Path(__file__).parent))  # tests/pg_cluster.py

# The suite never writes into the real user's folders: every per-user location lmdesk finds
# through platformdirs (data, logs, settings, cache) points into one throw-away folder, set
# before any test resolves a path. Tests that want a home of their own still pass LMDESK_HOME.
SANDBOX_HOME = Path(tempfile.mkdtemp(prefix="lmdesk-tests-"))
atexit.register(shutil.rmtree, SANDBOX_HOME, ignore_errors=True)
for _variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_variable] = str(SANDBOX_HOME / _variable.lower())
os.environ.pop("LMDESK_HOME", None)

WARD_TZ = timezone(timedelta(hours=8))

# No timing in tests: on a loaded or slow CI machine a property test must not fail for
# taking long to run or to draw its examples (speed is measured in benchmarks/).
settings.register_profile("lmdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lmdesk")


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Every test starts in English and leaves the language as it found it."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def zh() -> Iterator[None]:
    set_language("zh_CN")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def reference_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reference DB freshly built from the sources of this checkout (once per run)."""
    return build_reference(reference_sources_dir(), tmp_path_factory.mktemp("ref") / "lm.sqlite")


@pytest.fixture(scope="session")
def reference(reference_db_path: Path) -> Iterator[ReferenceDB]:
    ref = ReferenceDB(reference_db_path)
    yield ref
    ref.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2027, 1, 4, 9, 0, tzinfo=WARD_TZ))


@pytest.fixture
def app_paths(tmp_path: Path, reference_db_path: Path) -> AppPaths:
    home = tmp_path / "home"
    paths = AppPaths.resolve(environ={"LMDESK_HOME": str(home)})
    return replace(paths, reference_db=reference_db_path)


@pytest.fixture
def ctx(app_paths: AppPaths, clock: FixedClock) -> Iterator[AppContext]:
    context = AppContext(
        paths=app_paths, settings=Settings(), language="en", clock=clock, user="tester"
    )
    yield context
    context.close()


@pytest.fixture
def patient_db(ctx: AppContext) -> PatientDB:
    return ctx.patients


# -- the ward server: a real PostgreSQL, started once per run (tests/pg_cluster.py) ----------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """A throw-away PostgreSQL cluster; skipped only where none is installed and the run
    does not require one (``.ci/run`` sets LMDESK_REQUIRE_PG=1: there it must run)."""
    from pg_cluster import REQUIRE_ENV, start_cluster

    try:
        cluster = start_cluster()
    except (FileNotFoundError, KeyError) as exc:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV}=1) but cannot start: {exc}")
        pytest.skip(f"no PostgreSQL server here: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def ward_template(pg_cluster: object, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ward database set up once (schema, roles, grants); each test gets a copy of it."""
    from lmdesk.models.clock import SystemClock
    from lmdesk.store.server.setup import upgrade_schema

    name = "lm_template"
    upgrade_schema(
        pg_cluster.url(name),  # type: ignore[attr-defined]
        tmp_path_factory.mktemp("pg-backups"),
        SystemClock(),
    )
    return name


@pytest.fixture
def ward_url(pg_cluster: object, ward_template: str) -> str:
    """A fresh ward database (a copy of the template) for one test; the owner's URL."""
    import uuid

    import psycopg

    name = f"lm_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:  # type: ignore[attr-defined]
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{ward_template}"')
    return str(pg_cluster.url(name))  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _collect_cycles_on_the_main_thread() -> Iterator[None]:
    """Once a QApplication exists, automatic collection is off (lmdesk/views/gui_gc.py) and a
    GUI-thread timer collects; tests that never spin the event loop get the same here."""
    yield
    if not gc.isenabled():
        from lmdesk.views.gui_gc import collect_due

        collect_due(gc.get_threshold())
