"""The printed sheet shows a session's corrected marks: what the mark said, who took it
back, when and why (a corrected session otherwise printed as if never marked)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sheet_factories import DATA, LIMITS, PRINTED, TZ, make_course, patient, settings

from lmdesk.models.scheduling.course import Course, MarkCorrection
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.history import SheetHistory

WAS = "15 mg by LP at 2027-01-04 09:30 by Li Na"


def _corrected() -> Course:
    course = make_course()
    correction = MarkCorrection(
        mark="given",
        was=WAS,
        reason="marked on the wrong patient",
        by="Dr Wang",
        at=datetime(2027, 1, 4, 10, 5, tzinfo=TZ),
    )
    first = course.sessions[0].model_copy(update={"corrections": (correction,)})
    return course.model_copy(update={"sessions": (first, *course.sessions[1:])})


@pytest.mark.parametrize(
    ("language", "title", "words"),
    [
        ("en", "Corrected marks", ("the given mark", "taken back by Dr Wang", "2027-01-04 10:05")),
        ("zh_CN", "已更正的记录", ("已给药记录", "由 Dr Wang 于 2027-01-04 10:05 撤回")),
    ],
)
def test_a_corrected_mark_prints_who_when_and_why(
    language: str, title: str, words: tuple[str, ...]
) -> None:
    sheet = build_sheet(
        _corrected(), patient(), settings(language), DATA, LIMITS, PRINTED, printed_by="t",
        history=SheetHistory(),
    )  # fmt: skip
    section = next(s for s in sheet.sections if s.title == title)
    (line,) = section.lines
    assert WAS in line and "marked on the wrong patient" in line
    for word in words:
        assert word in line, line
    row = sheet.sessions[0]
    assert ("see below" if language == "en" else "见下文") in row.status
    assert not any("see below" in r.status or "见下文" in r.status for r in sheet.sessions[1:])


def test_a_sheet_without_corrections_has_no_block() -> None:
    sheet = build_sheet(
        make_course(), patient(), settings("en"), DATA, LIMITS, PRINTED, printed_by="t"
    )
    assert all(s.title != "Corrected marks" for s in sheet.sections)
