"""The PK view built from the app context loads a real planned course from the patient DB."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lmdesk.__main__ import main

sys.path.insert(0, str(Path(__file__).parents[2] / "cli"))
from cli_staff import PASSWORD, signed

from lmdesk.app_context import AppContext


@pytest.fixture
def planned_course(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch, reference_db_path: Path
) -> None:
    monkeypatch.setattr("lmdesk.paths.bundled_reference_db", lambda: reference_db_path)
    monkeypatch.setenv("LMDESK_PASSWORD", PASSWORD)
    db = str(ctx.paths.patient_db)
    assert main(signed(["--db", db, "patient", "add", "--mrn", "PK1", "--name", "Test"])) == 0
    assert (
        main(
            signed(
                [
                    "--db",
                    db,
                    "course",
                    "add",
                    "--mrn",
                    "PK1",
                    "--protocol",
                    "mtx-classic",
                    "--start",
                    "2027-01-04",
                    "--dose",
                    "12",
                    "--route",
                    "lp",
                    "--confirm-default",
                ]
            )
        )
        == 0
    )


def test_view_from_context_loads_the_course(qtbot, ctx: AppContext, planned_course: None) -> None:
    from lmdesk.views.pk.pk_view import PkView

    view = PkView(ctx)
    qtbot.addWidget(view)
    c = view.controls
    c.schedule.setCurrentIndex(c.schedule.findData("course"))
    c.course_id.setValue(1)
    c.course_button.click()
    assert view.course is not None and len(view.course) > 4
    assert all(not d.given for d in view.course)
    times = view.result.curves.doses.times_h
    assert times[0] == 0.0 and times[1] == 72.0  # twice weekly at the start of mtx-classic
    assert view.result.metrics["lumbar"].intervals[0].trough is not None
