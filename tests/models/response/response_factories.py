"""Assessments and a small course for the response-assessment tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.scheduling.course import Course, course_from_plan
from lmdesk.models.scheduling.dose_safety import DoseLimits
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.scheduling.protocol import DoseRange, Phase, Protocol

FULL_NEURO = {
    "gait": "1",
    "strength": "0",
    "sensation": "1",
    "vision": "none",
    "eye_movements": "1",
    "facial_strength": "none",
}
FULL_MRI_ITEMS = {
    "brain_nodules": "present",
    "brain_linear": "present",
    "hydrocephalus": "absent",
    "spinal_nodules": "absent",
    "spinal_linear": "present",
}


def course(start: date = date(2027, 1, 4)) -> Course:
    protocol = Protocol(
        id="test-weekly",
        name_en="Test weekly",
        name_zh="测试每周方案",
        drug="methotrexate",
        dose=DoseRange(min_mg=10, max_mg=15, default_mg=12),
        phases=(Phase(kind="induction", period_days=7, repeats=4),),
    )
    plan = plan_course(protocol, PlanOptions(start=start), DoseLimits([]), None)
    return course_from_plan(plan, "M1", "Dr A", datetime(2027, 1, 1, 9)).model_copy(
        update={"id": 1}
    )


def baseline(**extra: Any) -> Assessment:
    data: dict[str, Any] = {
        "id": 1,
        "course_id": 1,
        "assessed_on": date(2027, 1, 2),
        "is_baseline": True,
        "neuro": dict(FULL_NEURO),
        "csf": {
            "cytology": "positive",
            "volume_ml": "10",
            "markers": [{"name": "CEA", "value": "20", "unit": "ng/mL"}],
        },
        "mri": {"done": True, "items": dict(FULL_MRI_ITEMS)},
        "kps": 60,
        "ecog": 2,
        "symptoms": ["headache"],
    }
    data.update(extra)
    return parse_assessment(data)


def follow_up(**extra: Any) -> Assessment:
    data: dict[str, Any] = {
        "id": 2,
        "course_id": 1,
        "assessed_on": date(2027, 2, 1),
        "rated_against": 1,
        "neuro": dict(FULL_NEURO),
        "neuro_rating": "stable",
        "csf": {
            "cytology": "negative",
            "volume_ml": "10",
            "markers": [{"name": "CEA", "value": "20", "unit": "ng/mL"}],
        },
        "mri": {
            "done": True,
            "items": dict(FULL_MRI_ITEMS),
            "changes": {k: "no_change" for k in FULL_MRI_ITEMS},
            "lm_response": "SD",
            "rano_grade": "stable",
        },
        "kps": 60,
        "ecog": 2,
        "symptoms": ["headache"],
    }
    data.update(extra)
    return parse_assessment(data)
