"""Courses screen: "Correct last mark…" takes back a mis-clicked Given with a typed reason,
audited and shown in the history (issue 26: before, only new actions could fix it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from lmdesk.models.patient import Patient
from lmdesk.models.scheduling import course_actions as act
from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.courses.course_view import CoursesView


class Answers:
    def __init__(self, reason: str | None) -> None:
        self.reason = reason
        self.asked: list[str] = []
        self.warned: list[str] = []

    def text(self, title: str, label: str) -> str | None:
        self.asked.append(label)
        return self.reason

    def warn(self, title: str, text: str) -> None:
        self.warned.append(text)


def _given_course(ctx: Any, given_at: datetime) -> Any:
    stores = SchedulerStores(ctx.reference, ctx.patients)
    stores.patients.add(Patient(mrn="C-1", name="Test"))
    plan = plan_course(
        stores.protocols.get("pemetrexed-pan2019"),
        PlanOptions(start=date(2027, 1, 4)),
        stores.protocols.limits(),
        None,
    )
    course = stores.courses.add(course_from_plan(plan, "C-1", "Dr A", datetime(2027, 1, 3, 9)))
    s = course.sessions[0]
    given = act.give(
        course,
        s.n,
        at=given_at,
        dose_mg=s.dose_mg,
        route=s.route,
        given_by="Li Na",
        limits=stores.protocols.limits(),
    )
    return stores, stores.courses.apply(course, given)


def _view(qtbot: Any, ctx: Any, answers: Answers) -> CoursesView:
    view = CoursesView(ctx, asker=answers)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.select_patient("C-1")
    return view


def test_a_given_mark_is_corrected_with_a_reason_and_shown_in_the_history(
    qtbot: Any, ctx: Any
) -> None:
    stores, course = _given_course(ctx, ctx.clock.now() - timedelta(hours=1))
    answers = Answers("marked on the wrong row")
    view = _view(qtbot, ctx, answers)
    assert view.correct_action.isEnabled() and view.correct_action.text()
    view.correct_action.trigger()
    assert answers.asked and "Li Na" in answers.asked[0]  # says what is corrected
    stored = stores.courses.get(course.id)
    first = stored.sessions[0]
    assert first.status == "planned" and first.given is None
    assert first.corrections[0].reason == "marked on the wrong row"
    assert stores.courses.history(course.id)[-1].action == "course.correct"
    shown = view.history_list.shown_texts(2)
    assert any("marked on the wrong row" in text and "corrected" in text for text in shown)
    assert ctx.patients.verify_audit().ok
    assert not view.correct_action.isEnabled()  # nothing left to correct


def test_cancelling_or_a_late_correction_changes_nothing(qtbot: Any, ctx: Any) -> None:
    stores, course = _given_course(ctx, ctx.clock.now() - timedelta(days=2))
    answers = Answers(None)
    view = _view(qtbot, ctx, answers)
    view.correct_action.trigger()
    assert answers.warned and "hours" in answers.warned[0]  # past the window: said why
    assert not answers.asked
    assert stores.courses.get(course.id).sessions[0].status == "given"


def test_a_hold_made_on_the_screen_can_be_corrected(qtbot: Any, ctx: Any) -> None:
    """The screen's hold recorded no time, so its mark was 'marked before corrections were
    recorded' and could never be corrected."""
    stores, course = _given_course(ctx, ctx.clock.now() - timedelta(hours=2))
    answers = Answers("platelets low")
    view = _view(qtbot, ctx, answers)
    view.select_session(2)
    view.hold()
    held = stores.courses.get(course.id).sessions[1]
    assert held.status == "held" and held.held_at == ctx.clock.now()
    answers.reason = "held the wrong session"
    view.correct_action.trigger()
    assert not answers.warned, answers.warned
    second = stores.courses.get(course.id).sessions[1]
    assert second.status == "planned" and second.corrections[0].mark == "held"


def test_the_course_history_sorts_and_filters(qtbot: Any, ctx: Any) -> None:
    """Issue 26: the audit trail was a QTableWidget that neither sorted nor filtered."""
    _stores, _course = _given_course(ctx, ctx.clock.now() - timedelta(hours=1))
    view = _view(qtbot, ctx, Answers("marked on the wrong row"))
    view.correct_action.trigger()
    whats = view.history_list.shown_texts(2)
    assert len(whats) >= 3 and "corrected" in whats[0]  # newest first
    qtbot.keyClicks(view.history_list.filter, "CORRECTED")
    assert view.history_list.shown_texts(2) == [whats[0]]
    view.history_list.filter.clear()
    view.history.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    shown = view.history_list.shown_texts(2)
    assert shown == sorted(whats, key=str.casefold) and shown != whats


def test_the_session_table_sorts_filters_and_acts_on_the_chosen_row(qtbot: Any, ctx: Any) -> None:
    """Issue 26: the sessions sorted in the course's order only and had no filter; the chosen
    row stays the session acted on whatever the order."""
    stores, course = _given_course(ctx, ctx.clock.now() - timedelta(hours=2))
    view = _view(qtbot, ctx, Answers("platelets low"))
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # a click on "#", twice
    shown = [view.table.model().index(r, 0).data() for r in range(view.table.model().rowCount())]
    assert shown[0] == str(len(course.sessions)) and shown[-1] == "1"
    view.select_session(2)
    assert view.selected_session() is not None and view.selected_session().n == 2
    view.hold()
    assert stores.courses.get(course.id).sessions[1].status == "held"
    qtbot.keyClicks(view.session_filter, "held")
    assert view.table.model().rowCount() >= 1
    statuses = [view.sessions.session(r).status for r in range(view.sessions.rowCount())]
    assert statuses.count("held") == 1 and view.table.model().rowCount() < len(statuses)
