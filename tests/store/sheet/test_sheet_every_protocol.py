"""Every shipped protocol prints: a sheet builds for a course planned from each, in each language.

A protocol is data; when the data grows a value the sheet has no words for (a co-medication
route "unspecified", say), printing must not crash at the bedside.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lmdesk.models.scheduling.course import course_from_plan
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.sheet.build import build_sheet
from lmdesk.models.sheet.document import ROUTE_IN_FULL, SheetData, SheetSettings
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def plan_any(repo: ProtocolRepository, catalog, protocol_id: str):
    """Plan with defaults: every protocol plans, open schedules as a marked default."""
    protocol = repo.get(protocol_id)
    options = PlanOptions(start=date(2027, 1, 4), maintenance_count=2, dose_reason="test")
    plan = plan_course(protocol, options, repo.limits(), catalog)
    assert plan.sessions, protocol_id
    return plan


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_every_protocol_prints(reference: ReferenceDB, language: str) -> None:
    repo = ProtocolRepository(reference)
    catalog = DrugRepository(reference).catalog()
    printed = []
    for protocol in repo.list(include_custom=False):
        plan = plan_any(repo, catalog, protocol.id)
        course = course_from_plan(plan, "MRN-1", "tester", NOW)
        sheet = build_sheet(
            course, None, SheetSettings(language=language), SheetData(), repo.limits(), NOW
        )
        text = sheet.all_text()
        assert ROUTE_IN_FULL in text, protocol.id
        assert course.sessions[0].date.isoformat() in text, protocol.id
        printed.append(protocol.id)
    assert "pemetrexed-pan2019" in printed and len(printed) >= 10


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_an_unconfirmed_default_is_marked_on_the_sheet(reference: ReferenceDB, language) -> None:
    repo = ProtocolRepository(reference)
    catalog = DrugRepository(reference).catalog()
    plan = plan_any(repo, catalog, "pemetrexed-li2023-ommaya")
    course = course_from_plan(plan, "MRN-1", "tester", NOW)
    sheet = build_sheet(
        course, None, SheetSettings(language=language), SheetData(), repo.limits(), NOW
    )
    text = sheet.all_text()
    marker = {"en": "NOT CONFIRMED", "zh_CN": "未确认", "bilingual": "NOT CONFIRMED"}[language]
    assert any(marker in b for b in sheet.banners)
    assert all(marker in row.status for row in sheet.sessions)
    basis = plan.protocol.phases[0].default
    assert basis is not None
    if language != "zh_CN":
        assert basis.basis_en in text
    if language != "en":
        assert basis.basis_zh in text


def test_a_confirmed_default_prints_who_chose_it(reference: ReferenceDB) -> None:
    repo = ProtocolRepository(reference)
    options = PlanOptions(start=date(2027, 1, 4), confirm_default_schedule=True)
    plan = plan_course(repo.get("sintilimab-lmis"), options, repo.limits(), None)
    course = course_from_plan(plan, "MRN-1", "tester", NOW)
    sheet = build_sheet(course, None, SheetSettings(language="en"), SheetData(), repo.limits(), NOW)
    assert not any("SCHEDULE NOT CONFIRMED" in b for b in sheet.banners)
    assert not any("NOT CONFIRMED" in row.status for row in sheet.sessions)
    section = next(s for s in sheet.sections if s.title == "Schedule the sources leave open")
    assert section.lines[0] == "Cycle: every 14 days x 3 — default, confirmed by the clinician"
