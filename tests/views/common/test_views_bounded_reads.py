"""Opening the patient-facing screens on a DB of thousands of patients reads a bounded
number of patient rows (counted through SQLite's trace callback, not timed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from lmdesk.app_context import AppContext
from lmdesk.devtools.row_spy import patient_reads
from lmdesk.devtools.scale_data import generate
from lmdesk.models.clock import FixedClock
from lmdesk.paths import AppPaths
from lmdesk.settings import Settings
from lmdesk.store.patient_repo import PICK_LIMIT
from lmdesk.views.patients.patient_table import PAGE
from lmdesk.views.sheet.sheets_view import SHOWN

PATIENTS = 3000
BOUND = max(PAGE, PICK_LIMIT, SHOWN)  # the largest page any screen asks for


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory, reference_db_path: Path) -> Path:
    out = tmp_path_factory.mktemp("many") / "patients.sqlite"
    generate(out, patients=PATIENTS, sessions=4000, aes=300, reference_db=reference_db_path)
    return out


@pytest.fixture
def big_ctx(big_db: Path, app_paths: AppPaths, clock: FixedClock) -> Iterator[AppContext]:
    paths = replace(app_paths, patient_db=big_db, backups_dir=big_db.parent / "backups")
    context = AppContext(paths=paths, settings=Settings(), language="en", clock=clock)
    context.patients  # noqa: B018 - opened (and migrated) before counting
    yield context
    context.close()


def _courses(ctx: AppContext) -> QWidget:
    from lmdesk.views.courses.course_view import CoursesView

    return CoursesView(ctx)


def _grading(ctx: AppContext) -> QWidget:
    from lmdesk.views.grading.grading_view import GradingView

    return GradingView(ctx)


def _patients(ctx: AppContext) -> QWidget:
    from lmdesk.views.patients.patients_view import PatientsView

    return PatientsView(ctx)


def _sheets(ctx: AppContext) -> QWidget:
    from lmdesk.views.sheet.sheets_view import SheetsView

    return SheetsView(ctx)


VIEWS: dict[str, Callable[[AppContext], QWidget]] = {
    "patients": _patients,
    "courses": _courses,
    "grading": _grading,
    "sheets": _sheets,
}


@pytest.mark.parametrize("key", sorted(VIEWS))
def test_opening_a_view_reads_a_bounded_number_of_patients(
    qtbot: Any, big_ctx: AppContext, key: str
) -> None:
    with patient_reads(big_ctx.patients.conn) as reads:
        view = VIEWS[key](big_ctx)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
    assert reads.statements, "the view read no patient at all"
    assert reads.largest <= BOUND, reads.statements
    assert reads.total <= 3 * BOUND, [n for _sql, n in reads.statements]


def test_typing_in_the_pickers_and_the_list_stays_bounded(qtbot: Any, big_ctx: AppContext) -> None:
    from lmdesk.views.courses.course_view import CoursesView
    from lmdesk.views.patients.patients_view import PatientsView

    courses, patients = CoursesView(big_ctx), PatientsView(big_ctx)
    qtbot.addWidget(courses)
    qtbot.addWidget(patients)
    with patient_reads(big_ctx.patients.conn) as reads:
        qtbot.keyClicks(courses.patient_picker.edit, "a")  # matches most patients
        patients.search.setText("a")
        patients.table.sortByColumn(1, patients.table.horizontalHeader().sortIndicatorOrder())
    assert len(courses.patient_picker.results()) == PICK_LIMIT
    assert patients.model.total() > BOUND and patients.model.rowCount() == PAGE
    assert reads.largest <= BOUND, [n for _sql, n in reads.statements]


def test_the_spy_sees_an_unbounded_read(big_ctx: AppContext) -> None:
    """The counter itself: listing every patient is caught."""
    from lmdesk.store.patient_repo import PatientRepository

    with patient_reads(big_ctx.patients.conn) as reads:
        PatientRepository(big_ctx.patients).search("")
    assert reads.largest == PATIENTS


def test_sheets_lists_the_newest_courses_and_says_so(qtbot: Any, big_ctx: AppContext) -> None:
    from lmdesk.views.sheet.sheets_view import SheetsView

    view = SheetsView(big_ctx)
    qtbot.addWidget(view)
    assert view.table.model().rowCount() == SHOWN
    ids = [view.courses[r].id for r in range(SHOWN)]
    assert ids == sorted(ids, reverse=True)  # newest first
    assert str(SHOWN) in view.shown_label.text()
    view.search.setText(view.courses[0].mrn)
    assert 0 < view.table.model().rowCount() < SHOWN and view.shown_label.text() == ""


def test_pk_screen_reads_no_patient_list(qtbot: Any, big_ctx: AppContext) -> None:
    from lmdesk.views.pk.pk_view import PkView

    with patient_reads(big_ctx.patients.conn) as reads:
        view = PkView(big_ctx)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        assert view.course_finder is not None
        view.course_finder.patient_picker.search("a")
    assert reads.largest == PICK_LIMIT, reads.statements
    view.pool.waitForDone(30000)
