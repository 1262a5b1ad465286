"""``lmdesk selftest``: prove on this machine that every part of lmdesk works.

Core checks run headless against a temporary patient DB; then every registered view is
built offscreen and exercised. Features add their core checks to ``CORE_CHECKS``.
"""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lmdesk.app_context import AppContext
from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent
from lmdesk.store.assessment_repo import assessment_self_check
from lmdesk.store.auto_backup import backup_self_check
from lmdesk.store.ctcae_repo import CtcaeRepo, ctcae_self_check
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.drug_repo import self_check as drug_self_check
from lmdesk.store.pk_repo import PkRepository, pk_self_check
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.store.scheduler_context import self_check as scheduler_self_check
from lmdesk.store.sheet_selfcheck import check_sheet

CoreCheck = Callable[[AppContext], str]


def check_reference_db(ctx: AppContext) -> str:
    ref = ctx.reference
    return _("reference data {version} (reviewed {date})").format(
        version=ref.content_version, date=ref.reviewed_on
    )


def check_patient_db(ctx: AppContext) -> str:
    report = ctx.patients.check()
    if report.integrity != "ok":
        raise RuntimeError(report.integrity)
    with ctx.patients.transaction():
        ctx.patients.audit(
            "selftest", "selftest", "1", None, {"ok": True}, event=AuditEvent(code="selftest")
        )
    chain = ctx.patients.verify_audit()
    if not chain.ok:
        raise RuntimeError(chain.problem or "audit chain broken")
    return _("patient DB schema {version}, integrity ok, audit chain ok").format(
        version=report.schema_version
    )


def check_ward_server_driver(ctx: AppContext) -> str:
    """The PostgreSQL driver and its libpq are here (a bundle must carry them)."""
    import psycopg

    libpq = psycopg.pq.version()
    kinds = {"binary": _("compiled, bundled"), "c": _("compiled"), "python": _("pure Python")}
    return _("ward server driver psycopg {version} ({impl}, libpq {libpq})").format(
        version=psycopg.__version__,
        impl=kinds.get(psycopg.pq.__impl__, psycopg.pq.__impl__),
        libpq=f"{libpq // 10000}.{libpq % 10000}",
    )


# Each feature appends ``(name, check)``; a check returns a one-line summary or raises.
CORE_CHECKS: list[tuple[str, CoreCheck]] = [
    ("reference-db", check_reference_db),
    ("patient-db", check_patient_db),
    ("ward-server", check_ward_server_driver),
    ("drugs", lambda ctx: drug_self_check(DrugRepository(ctx.reference))),
    ("ctcae", lambda ctx: ctcae_self_check(CtcaeRepo(ctx.reference))),
    (
        "scheduler",
        lambda ctx: scheduler_self_check(
            SchedulerStores(ctx.reference, ctx.patients), ctx.clock.today(), ctx.user_label
        ),
    ),
    ("pk", lambda ctx: pk_self_check(PkRepository(ctx.reference))),
    ("sheet", check_sheet),
    ("assessment", lambda ctx: assessment_self_check(ctx.reference, ctx.patients)),
    (
        "backup",
        lambda ctx: backup_self_check(ctx.paths.patient_db, ctx.paths.backups_dir, ctx.clock),
    ),
]


def scratch_context(ctx: AppContext, folder: Path) -> AppContext:
    """A copy of ``ctx`` whose patient DB, backups and logs live in ``folder``."""
    paths = replace(
        ctx.paths,
        patient_db=folder / "selftest.sqlite",
        backups_dir=folder / "backups",
        logs_dir=folder / "logs",
        settings_file=folder / "settings.json",
    )
    return AppContext(
        paths=paths, settings=ctx.settings.copy(), language=ctx.language, clock=ctx.clock
    )


def run_selftest(ctx: AppContext, report: Callable[[str], None], with_views: bool = True) -> bool:
    """Run every check; report one line each. True only if all passed."""
    ok = True
    with tempfile.TemporaryDirectory(prefix="lmdesk-selftest-") as tmp:
        scratch = scratch_context(ctx, Path(tmp))
        try:
            for name, check in CORE_CHECKS:
                try:
                    report(f"ok    {name}: {check(scratch)}")
                except Exception as exc:
                    ok = False
                    report(f"FAIL  {name}: {exc}")
                    report(traceback.format_exc())
            if with_views:
                from lmdesk.views.selftest import run_view_selftest

                ok = run_view_selftest(scratch, report) and ok
        finally:
            scratch.close()
    return ok
