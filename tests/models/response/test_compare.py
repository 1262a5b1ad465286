"""Each component of a follow-up against the baseline, in the scale's own direction."""

from __future__ import annotations

from response_factories import FULL_MRI_ITEMS, FULL_NEURO, baseline, follow_up

from lmdesk.models.response.compare import (
    CytologyChange,
    ImagingItemChange,
    ScaleChange,
    SymptomChange,
    compare,
)


def test_kps_up_is_better_and_ecog_up_is_worse() -> None:
    assert ScaleChange("kps", 60, 80).direction == "better"
    assert ScaleChange("kps", 80, 60).direction == "worse"
    assert ScaleChange("ecog", 1, 3).direction == "worse"
    assert ScaleChange("ecog", 3, 1).direction == "better"
    assert ScaleChange("ecog", 2, 2).direction == "same"
    assert ScaleChange("kps", None, 60).direction == "not_comparable"
    assert ScaleChange("kps", 60, 80).delta == 20
    assert ScaleChange("kps", 60, 80).citation == "R108"
    assert ScaleChange("ecog", 1, 2).citation == "R107"


def test_neuro_items_higher_level_is_worse_and_no_listed_deficit_is_lowest() -> None:
    c = compare(
        baseline(neuro={**FULL_NEURO, "gait": "2", "vision": "none"}),
        follow_up(neuro={**FULL_NEURO, "gait": "1", "vision": "2", "strength": "ne"}),
    )
    by_key = {n.item.key: n.direction for n in c.neuro}
    assert by_key["gait"] == "better"
    assert by_key["vision"] == "worse"
    assert by_key["strength"] == "not_comparable"  # not assessable now
    assert by_key["sensation"] == "same"


def test_cytology_changes() -> None:
    assert CytologyChange("positive", "negative").kind == "converted_negative"
    assert CytologyChange("negative", "positive").kind == "converted_positive"
    assert CytologyChange("positive", "positive").kind == "unchanged"
    assert CytologyChange("positive", "suspicious").kind == "equivocal"
    assert CytologyChange("suspicious", "suspicious").kind == "unchanged"
    assert CytologyChange("not_done", "negative").kind == "not_comparable"
    assert CytologyChange(None, "negative").kind == "not_comparable"


def test_mri_change_rating_is_the_raters_but_contradictions_are_flagged() -> None:
    assert ImagingItemChange("hydrocephalus", "absent", "present", "improved").conflict
    assert ImagingItemChange("hydrocephalus", "present", "absent", "worse").conflict
    assert ImagingItemChange("hydrocephalus", "absent", "absent", "worse").conflict
    assert not ImagingItemChange("hydrocephalus", "present", "present", "improved").conflict
    assert not ImagingItemChange("hydrocephalus", "absent", "present", "worse").conflict
    assert not ImagingItemChange("hydrocephalus", "ne", "present", "improved").conflict
    c = compare(
        baseline(),
        follow_up(
            mri={
                "done": True,
                "items": {**FULL_MRI_ITEMS, "hydrocephalus": "present"},
                "changes": {"hydrocephalus": "improved"},
                "rano_grade": "stable",
            }
        ),
    )
    assert any(n.code == "mri_change_conflict" for n in c.notes)


def test_symptom_changes() -> None:
    assert SymptomChange("headache", True, False).kind == "resolved"
    assert SymptomChange("headache", False, True).kind == "new"
    assert SymptomChange("headache", True, True).kind == "persisting"
    assert SymptomChange("headache", False, False).kind == "absent"
    assert SymptomChange("headache", None, True).kind == "not_comparable"


def test_markers_are_compared_with_the_baseline_assessments_value() -> None:
    c = compare(
        baseline(),
        follow_up(
            csf={
                "cytology": "negative",
                "markers": [{"name": "cea", "value": "13", "unit": "ng/mL"}],
            }
        ),
    )
    assert [m.call for m in c.markers] == ["predicts_response"]
    assert any(n.code == "marker_unconfirmed" for n in c.notes)


def test_a_marker_missing_at_baseline_gets_no_call() -> None:
    c = compare(
        baseline(),
        follow_up(
            csf={
                "cytology": "negative",
                "markers": [{"name": "CYFRA21-1", "value": "9", "unit": "ng/mL"}],
            }
        ),
    )
    assert c.markers[0].call == "no_call" and c.markers[0].reason == "no_baseline"


def test_stable_rating_contradicted_by_an_item_is_flagged_and_blocks_the_rule() -> None:
    c = compare(
        baseline(),
        follow_up(
            neuro={**FULL_NEURO, "gait": "3"},
            mri={"done": True, "rano_grade": "progressive"},
        ),
    )
    assert [n.code for n in c.notes if n.level == "warning"] == ["neuro_rating_conflict"]
    assert c.overall.kind == "clinician_decides"


def test_mixed_item_changes_do_not_contradict_an_improved_or_worse_rating() -> None:
    mixed = {**FULL_NEURO, "gait": "0", "vision": "2"}
    for rating in ("improved", "worse"):
        c = compare(baseline(), follow_up(neuro=mixed, neuro_rating=rating))
        assert not [n for n in c.notes if n.code == "neuro_rating_conflict"]
    c = compare(baseline(), follow_up(neuro={**FULL_NEURO, "gait": "3"}, neuro_rating="improved"))
    assert [n.code for n in c.notes if n.code == "neuro_rating_conflict"]


def test_ratings_made_against_another_baseline_are_not_used() -> None:
    c = compare(
        baseline(), follow_up(rated_against=99, mri={"done": True, "rano_grade": "progressive"})
    )
    assert not c.ratings_valid
    assert c.neuro_rating is None and c.rano_grade is None
    assert c.notes[0].code == "ratings_other_baseline"
    assert c.overall.kind == "clinician_decides"


def test_nano_scores_are_side_by_side_without_direction() -> None:
    c = compare(baseline(nano={"cognition": 1}), follow_up(nano={"cognition": 2, "speech": 0}))
    assert [(p.domain, p.baseline, p.current) for p in c.nano] == [
        ("cognition", 1, 2),
        ("speech", None, 0),
    ]


def test_days_between() -> None:
    assert compare(baseline(), follow_up()).days == 30
