"""Trend data (KPS/ECOG/markers beside doses and AEs) and single-assessment notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from response_factories import baseline, course, follow_up

from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.models.response.checks import assessment_notes
from lmdesk.models.response.trends import CSV_HEADER, build_trends
from lmdesk.models.scheduling.toxicity_rules import Attribution


def _ae(day: date, grade: int = 2, status: str = "active") -> AdverseEvent:
    return AdverseEvent(
        course_id=1,
        version="5.0",
        term="Headache",
        grade=grade,
        onset=day,
        attribution=Attribution.IT_DRUG,
        status=status,
    )


def test_series_per_scale_and_per_marker_and_unit() -> None:
    a = baseline()
    b = follow_up(
        kps=80,
        csf={
            "cytology": "negative",
            "markers": [
                {"name": "cea", "value": "12", "unit": "ng/mL"},
                {"name": "CYFRA21-1", "value": "3.5", "unit": "ng/mL"},
            ],
        },
    )
    c = follow_up(
        id=3,
        assessed_on=date(2027, 3, 1),
        kps=None,
        csf={"markers": [{"name": "CEA", "value": "9", "unit": "ug/L"}]},
    )
    trends = build_trends(
        [c, a, b], course(), [_ae(date(2027, 1, 8)), _ae(date(2027, 1, 9), status="retracted")]
    )
    kps = trends.get("kps")
    assert kps is not None
    assert kps.points == ((date(2027, 1, 2), Decimal(60)), (date(2027, 2, 1), Decimal(80)))
    assert [s.key for s in trends.markers] == [
        "marker:cea|ng/mL",
        "marker:cyfra21-1|ng/mL",
        "marker:cea|ug/L",  # another unit: another line, never converted
    ]
    assert len(trends.doses) == 4 and trends.doses[0].day == date(2027, 1, 4)
    assert [m.day for m in trends.aes] == [date(2027, 1, 8)]


def test_csv_rows_keep_values_as_recorded_and_sort_by_date() -> None:
    trends = build_trends([baseline(), follow_up()], course(), [_ae(date(2027, 1, 8), 3)])
    rows = trends.csv_rows()
    assert len(CSV_HEADER) == len(rows[0])
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert ("2027-01-02", "marker", "CEA", "20", "ng/mL", "") in rows
    assert ("2027-01-08", "adverse_event", "Headache", "3", "grade", "") in rows
    assert any(r[1] == "dose" and r[3] == "12" for r in rows)


def test_low_csf_volume_is_flagged_with_the_eano_esmo_minimum() -> None:
    a = baseline(csf={"cytology": "negative", "volume_ml": "4.5"})
    codes = {n.code: n for n in assessment_notes(a, "baseline", date(2027, 1, 4))}
    assert "csf_volume_low" in codes and codes["csf_volume_low"].citation == "R74"
    assert "4.5 mL" in codes["csf_volume_low"].text(str)
    assert "cytology_negative_repeat" in codes
    ok = baseline(csf={"cytology": "positive", "volume_ml": "5"})
    assert not assessment_notes(ok, "baseline", date(2027, 1, 4))


def test_kps_and_ecog_must_agree_on_death() -> None:
    assert [n.code for n in assessment_notes(baseline(kps=0, ecog=4), "baseline", None)] == [
        "kps_ecog_dead"
    ]
    assert not assessment_notes(baseline(kps=0, ecog=5), "baseline", None)


def test_a_baseline_after_the_first_session_is_explained() -> None:
    late = baseline(assessed_on=date(2027, 1, 6))
    notes = assessment_notes(late, "baseline", date(2027, 1, 4))
    assert [n.code for n in notes] == ["baseline_after_start"]
    assert not assessment_notes(late, "follow_up", date(2027, 1, 4))
