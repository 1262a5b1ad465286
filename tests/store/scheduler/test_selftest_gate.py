"""The scheduler selftest gives its demo dose through the pre-dose gate, never around it."""

from __future__ import annotations

from lmdesk.app_context import AppContext
from lmdesk.store.scheduler_context import (
    SELFTEST_OVERRIDE,
    SELFTEST_VERIFIER,
    SchedulerStores,
    self_check,
)


def test_selftest_demo_dose_is_verified_and_given_over_a_typed_gate_override(
    ctx: AppContext,
) -> None:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    summary = self_check(stores, ctx.clock.today(), "Dr Selftest")
    assert "given through the pre-dose gate" in summary
    (course,) = stores.courses.for_patient("SELFTEST-1")
    actions = [e.action for e in stores.courses.history(course.id or 0)]
    assert actions == ["course.add", "course.verify", "course.give", "course.delay"], actions
    verified = stores.courses.history(course.id or 0)[1].after or {}
    assert SELFTEST_VERIFIER in str(verified)
    given = course.sessions[0].given
    assert given is not None and given.given_by == "Dr Selftest"
    assert given.override is not None and given.override.reason == SELFTEST_OVERRIDE
    assert given.override.rules and set(given.override.rules) <= {"labs_missing", "labs_stale"}
    assert course.sessions[1].status == "delayed"  # a delay asks for a new verification
