"""Every shipped protocol prints: a sheet builds for a course planned from each, in each language.

A protocol is data; when the data grows a value the sheet has no words for (a co-medication
route "unspecified", say), printing must not crash at the bedside.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lmdesk.models.course import course_from_plan
from lmdesk.models.planning import PlanOptions, plan_course
from lmdesk.models.sheet import ROUTE_IN_FULL, SheetData, SheetSettings
from lmdesk.models.sheet_build import build_sheet
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


def plan_any(repo: ProtocolRepository, catalog, protocol_id: str):
    """Plan with defaults; where the sources leave the schedule to the clinician, enter one."""
    protocol = repo.get(protocol_id)
    options = PlanOptions(start=date(2027, 1, 4), maintenance_count=2, dose_reason="test")
    plan = plan_course(protocol, options, repo.limits(), catalog)
    if not plan.sessions:
        assert any(f.code == "needs_clinician_input" for f in plan.findings), protocol_id
        options = options.model_copy(update={"every_days": 7, "count": 4})
        plan = plan_course(protocol, options, repo.limits(), catalog)
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
