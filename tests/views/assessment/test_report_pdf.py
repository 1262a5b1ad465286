"""The response summary renders as one A4 page, in every language, with a full course."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "models" / "response"))

from response_factories import FULL_MRI_ITEMS, baseline, course, follow_up

from lmdesk.models.patient import Patient
from lmdesk.models.response.report import build_report
from lmdesk.printing.report_pdf import render_report


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_a_full_summary_fits_one_page(language: str) -> None:
    second = follow_up(
        kps=70,
        symptoms=["headache", "nausea_vomiting"],
        nano={"cognition": 1},
        clinician_conclusion="Responding; continue the course.",
        csf={
            "cytology": "negative",
            "volume_ml": "4",
            "markers": [
                {"name": "CEA", "value": "13", "unit": "ng/mL"},
                {"name": "CYFRA21-1", "value": "4.2", "unit": "ng/mL"},
            ],
        },
        mri={
            "done": True,
            "items": FULL_MRI_ITEMS,
            "changes": {k: "no_change" for k in FULL_MRI_ITEMS},
            "lm_response": "SD",
            "rano_grade": "stable",
            "parenchymal": "SD",
        },
    )
    third = follow_up(id=3, assessed_on=datetime(2027, 3, 1).date(), kps=80)
    report = build_report(
        course(),
        Patient(mrn="M1", name="Zhang San 张三"),
        [baseline(), second, third],
        language,  # type: ignore[arg-type]
        printed_at=datetime(2027, 3, 2, 9, 0),
        institution="Demo Hospital · Oncology 3",
        citations={k: f"citation of {k}, a long enough reference text" for k in ("R62", "R70")},
    )
    rendered = render_report(report)
    assert rendered.data.startswith(b"%PDF")
    assert rendered.pages == 1
