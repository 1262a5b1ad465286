"""JSON shapes of assessments, completeness and comparisons (CLI ``--json``, tests, scripts).

Values are as recorded (decimals as strings, so nothing is rounded on the way out); texts
are in the active language; every rule carries its source keys.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lmdesk.i18n import _
from lmdesk.models.local_time import WEEKDAYS
from lmdesk.models.response.assessment import Assessment
from lmdesk.models.response.checks import assessment_notes
from lmdesk.models.response.compare import Comparison
from lmdesk.models.response.completeness import Role, check_completeness
from lmdesk.models.response.notes import Note


def note_json(n: Note) -> dict[str, Any]:
    return {"level": n.level, "code": n.code, "message": n.text(_), "source": n.citation}


def assessment_json(
    a: Assessment, role: Role, start: dt.date | None, comparison: Comparison | None = None
) -> dict[str, Any]:
    completeness = check_completeness(a, role)
    answered, total = completeness.summary()
    notes = [*assessment_notes(a, role, start), *(comparison.notes if comparison else ())]
    return {
        "id": a.id,
        "role": role,
        "weekday": WEEKDAYS[a.assessed_on.weekday()],
        **a.model_dump(mode="json", exclude={"id"}),
        "completeness": {
            "answered": answered,
            "total": total,
            "missing": [i.key for i in completeness.missing],
            "unavailable": [i.key for i in completeness.unavailable],
        },
        "notes": [note_json(n) for n in notes],
        "comparison": comparison_json(comparison) if comparison else None,
    }


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "baseline_id": c.baseline.id,
        "baseline_date": c.baseline.assessed_on.isoformat(),
        "days_from_baseline": c.days,
        "ratings_against_this_baseline": c.ratings_valid,
        "kps": {
            "baseline": c.kps.baseline,
            "current": c.kps.current,
            "change": c.kps.delta,
            "direction": c.kps.direction,
            "source": c.kps.citation,
        },
        "ecog": {
            "baseline": c.ecog.baseline,
            "current": c.ecog.current,
            "change": c.ecog.delta,
            "direction": c.ecog.direction,
            "source": c.ecog.citation,
        },
        "neuro": [
            {
                "item": n.item.key,
                "baseline": n.baseline,
                "current": n.current,
                "direction": n.direction,
                "source": n.item.citation,
            }
            for n in c.neuro
        ],
        "neuro_rating": c.neuro_rating,
        "cytology": {
            "baseline": c.cytology.baseline,
            "current": c.cytology.current,
            "change": c.cytology.kind,
        },
        "markers": [m.as_json() for m in c.markers],
        "mri": {
            "items": [
                {
                    "item": i.key,
                    "baseline": i.baseline,
                    "current": i.current,
                    "rated_change": i.rated,
                    "conflict": i.conflict,
                }
                for i in c.imaging
            ],
            "lm_response": c.lm_response,
            "parenchymal": c.parenchymal,
            "rano_grade": c.rano_grade,
        },
        "symptoms": [{"symptom": s.key, "change": s.kind} for s in c.symptoms],
        "nano": [
            {"domain": p.domain, "baseline": p.baseline, "current": p.current} for p in c.nano
        ],
        "overall": {
            "call": c.overall.kind,
            "source": c.overall.citation,
            "conditions": {x.key: x.met for x in c.overall.conditions},
        },
    }
