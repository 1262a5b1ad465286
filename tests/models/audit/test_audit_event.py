"""Audit events worded in the reader's language, old free-text rows still shown."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.i18n import set_language
from lmdesk.models.audit.event import AuditEvent, bilingual
from lmdesk.models.audit.wording import WORDINGS, audit_text, describe_event, wording_key

CJK = re.compile(r"[\u4e00-\u9fff]")

# One event of every wording, with the parameters its writer stores.
SAMPLES: dict[str, dict[str, Any]] = {
    "course.add": {
        "protocol": bilingual("Methotrexate IT", "甲氨蝶呤鞘内注射"),
        "protocol_id": "mtx-classic",
        "sessions": 18,
        "start": "2027-01-04",
    },
    "course.give": {
        "n": 1,
        "at": "2027-01-04T02:00:00+00:00",
        "dose_mg": 12.0,
        "route": "lp",
        "who": "Nurse Li",
    },
    "course.hold": {"n": 2, "why": "platelets 40"},
    "course.cancel": {"n": 3, "why": "patient declined"},
    "course.delay": {"n": 2, "old": "2027-01-07", "new": "2027-01-09", "why": "fever"},
    "course.reduce": {"n": 4, "old_mg": 12.0, "new_mg": 8.0, "why": "arachnoiditis"},
    "course.stop": {"who": "Dr B", "why": "progression"},
    "course.verify": {"who": "Dr B"},
    "course.correct": {
        "n": 1,
        "mark": "given",
        "was": "2027-01-04 10:00, 12 mg",
        "who": "Nurse Li",
        "why": "marked on the wrong patient's course",
    },
    "lab.add": {
        "mrn": "M1",
        "test": "platelets",
        "value": 30,
        "unit": "10^9/L",
        "at": "2027-01-04T08:00+08:00",
    },
    "med.add": {"mrn": "M1", "drug": "apixaban", "dose_mg": 5, "at": "2027-01-04T08:00+08:00"},
    "policy.set": {
        "key": "lp_platelets_min",
        "old": 50,
        "new": 20,
        "breach": "stop",
        "who": "Ward lead",
    },
    "course.ics": {"file_name": "course-1.ics"},
    "assessment.report": {"file_name": "response.pdf", "pages": 1},
    "holiday.add": {"day": "2027-01-01", "label": "New Year"},
    "holiday.remove": {"day": "2027-01-01", "label": "New Year"},
    "patient.add": {"mrn": "A1"},
    "patient.update": {"mrn": "A1"},
    "ae.record": {"term": "Headache", "grade": 2, "version": "6.0", "onset": "2027-01-03"},
    "ae.action": {"action": "none"},
    "ae.step": {"step": "hold", "course_id": 1},
    "ae.retract": {"why": "wrong patient"},
    "assessment.add": {"day": "2027-01-04", "role": "baseline"},
    "assessment.update": {"day": "2027-01-04"},
    "assessment.baseline.set": {"day": "2027-01-04"},
    "assessment.baseline.unset": {"day": "2027-01-04"},
    "assessment.retract": {"day": "2027-01-04", "why": "entered twice"},
    "sheet.archive": {"kind": "pdf", "pages": 2, "course_id": 1},
    "sheet.reprint": {"sheet_id": 3, "kind": "print", "file_name": ""},
    "protocol.save": {"protocol": bilingual("Ward MTX", "病区甲氨蝶呤方案")},
    "selftest": {},
    "user.add": {"login": "li.na", "name": "Li Na (李娜)", "roles": "nurse", "who": "Ward Admin"},
    "user.update": {
        "login": "li.na",
        "name": "Li Na (李娜)",
        "roles": "nurse",
        "register_until": "2027-12-31",
        "who": "Ward Admin",
    },
    "user.retire": {"login": "li.na", "name": "Li Na (李娜)", "who": "Ward Admin"},
    "user.password": {"login": "li.na", "name": "Li Na (李娜)", "who": "Li Na (李娜)"},
    "user.lockout": {"login": "li.na", "failures": 5, "until": "2027-01-04T09:15:00+08:00"},
    "ward.set": {"key": "idle_lock_minutes", "old": 10, "new": 5, "who": "Ward Admin"},
}


def test_every_wording_has_a_sample() -> None:
    assert set(SAMPLES) == set(WORDINGS)


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_every_event_is_worded_in_both_languages(code: str) -> None:
    event = AuditEvent(code=code, params=SAMPLES[code])
    english = describe_event(event)
    assert english and code not in english and "{" not in english
    set_language("zh_CN")
    chinese = describe_event(event)
    assert CJK.search(chinese), chinese
    assert code not in chinese and "{" not in chinese
    assert chinese != english


def test_a_row_written_in_english_reads_in_chinese() -> None:
    """The point of keeping events: the reader's language, not the writer's."""
    set_language("en")
    after = {"event": AuditEvent(code="course.hold", params={"n": 2, "why": "fever"}).as_json()}
    set_language("zh_CN")
    text = audit_text("course.hold", "1", None, after)
    assert "2" in text and "fever" in text and CJK.search(text)


def test_protocol_name_follows_the_reader() -> None:
    event = AuditEvent(code="course.add", params=SAMPLES["course.add"])
    assert "Methotrexate IT" in describe_event(event)
    set_language("zh_CN")
    assert "甲氨蝶呤鞘内注射" in describe_event(event)


def test_route_is_written_in_full() -> None:
    text = describe_event(AuditEvent(code="course.give", params=SAMPLES["course.give"]))
    assert "INTRATHECAL by lumbar puncture" in text and "lp," not in text
    set_language("zh_CN")
    assert "鞘内" in describe_event(AuditEvent(code="course.give", params=SAMPLES["course.give"]))


def test_sheet_kinds_and_ae_steps_share_one_wording() -> None:
    assert wording_key("sheet.pdf") == wording_key("sheet.print") == "sheet.archive"
    assert wording_key("ae.step.stop") == "ae.step"
    text = audit_text("ae.step.stop", "4", None, {"event": {"code": "ae.step.stop", "params": {}}})
    assert "adverse event" in text


def test_old_free_text_row_is_shown_as_written() -> None:
    after = {"description": "Course planned: mtx-classic, 18 sessions from 2026-12-07."}
    set_language("zh_CN")
    assert audit_text("course.add", "1", None, after) == after["description"]


@pytest.mark.parametrize(
    ("action", "entity_id", "before", "after", "expected"),
    [
        ("course.ics", "1", None, {"file_name": "c1.ics"}, "c1.ics"),
        ("holiday.add", "2027-01-01", None, {"label": "New Year"}, "2027-01-01 New Year"),
        ("holiday.remove", "2027-01-01", {"label": "New Year"}, None, "2027-01-01 New Year"),
        ("ae.action", "4", {"action_taken": ""}, {"action_taken": "none"}, "No change"),
        ("ae.step.hold", "4", {}, {"action_taken": "hold"}, "Hold the next IT dose"),
        ("ae.retract", "4", {"status": "active"}, {"reason": "dup"}, "retracted"),
        ("patient.add", "1", None, {"mrn": "A1", "name": "X"}, "A1"),
        ("sheet.reprint", "7", None, {"sha256": "ab"}, "7"),
        ("assessment.report", "1", None, {"file_name": "r.pdf", "pages": 1}, "r.pdf"),
        ("selftest", "1", None, {"ok": True}, "Self-test"),
    ],
)
def test_old_rows_without_text_are_worded_from_their_fields(
    action: str, entity_id: str, before: Any, after: Any, expected: str
) -> None:
    text = audit_text(action, entity_id, before, after)
    assert expected in text and action not in text


def test_unknown_code_says_a_change_was_recorded() -> None:
    assert describe_event(AuditEvent(code="x.y")) == "Change recorded (x.y)."


def test_damaged_event_falls_back_to_the_stored_text() -> None:
    after = {"event": {"params": "not a mapping"}, "description": "old text"}
    assert audit_text("course.hold", "1", None, after) == "old text"


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dictionaries(st.sampled_from(["en", "zh", "x"]), st.text(max_size=5), max_size=3),
)


@given(
    st.sampled_from(sorted(SAMPLES)),
    st.dictionaries(
        st.sampled_from(["n", "at", "dose_mg", "route", "why", "day", "kind", "protocol"]),
        _values,
        max_size=6,
    ),
)
def test_any_stored_parameters_still_give_a_line(code: str, params: dict[str, Any]) -> None:
    """A damaged or odd row must not hide the history: every row gets some text."""
    assert describe_event(AuditEvent(code=code, params=params))


def test_day_parameters_get_their_weekday() -> None:
    text = describe_event(AuditEvent(code="assessment.update", params={"day": "2027-01-04"}))
    assert "2027-01-04 Mon" in text
    assert date(2027, 1, 4).weekday() == 0
