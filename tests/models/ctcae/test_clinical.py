"""Guided clinical grading: descriptors, ADL hints, CSF-leak post-LP clauses, choosing a grade."""

from __future__ import annotations

import pytest

from lmdesk.models.ctcae.clinical import descriptors, grade_clinical
from lmdesk.models.ctcae.lab_query import GradeStatus
from lmdesk.models.ctcae.terms import CtcaeTerm, find_term, search_terms
from lmdesk.models.errors import BadInputError

CSF_LEAK = CtcaeTerm(
    version="5.0",
    term="Cerebrospinal fluid leakage",
    meddra_code="10008164",
    soc="Nervous system disorders",
    grades={
        1: "Post-craniotomy: asymptomatic; Post-lumbar puncture: transient headache; postural "
        "care indicated",
        2: "Post-craniotomy: moderate symptoms; medical intervention indicated; Post-lumbar "
        "puncture: persistent moderate symptoms; blood patch indicated",
        3: "Severe symptoms; medical intervention indicated",
        4: "Life-threatening consequences; urgent intervention indicated",
        5: "Death",
    },
    name_zh="脑脊液漏",
    grades_zh={1: "开颅术后：无症状；腰椎穿刺后：一过性头痛；需要体位护理"},
    group="neuro",
    it_order=2,
)
HEADACHE = CtcaeTerm(
    version="5.0",
    term="Headache",
    meddra_code="10019211",
    soc="Nervous system disorders",
    grades={
        1: "Mild pain",
        2: "Moderate pain; limiting instrumental ADL",
        3: "Severe pain; limiting self care ADL",
    },
    name_zh="头痛",
    group="neuro",
    it_order=1,
)
HICCUPS = CtcaeTerm(
    version="5.0", term="Hiccups", meddra_code="1", soc="x", grades={1: "Mild symptoms"}
)


def test_descriptors_only_existing_grades() -> None:
    assert [d.grade for d in descriptors(HEADACHE)] == [1, 2, 3]


def test_adl_flags() -> None:
    by_grade = {d.grade: d for d in descriptors(HEADACHE)}
    assert by_grade[2].mentions_instrumental_adl and not by_grade[2].mentions_self_care_adl
    assert by_grade[3].mentions_self_care_adl
    assert not by_grade[1].mentions_instrumental_adl


def test_clauses_split_on_semicolons() -> None:
    d = descriptors(HEADACHE)[1]
    assert d.clauses == ("Moderate pain", "limiting instrumental ADL")


def test_post_lumbar_puncture_clauses() -> None:
    by_grade = {d.grade: d for d in descriptors(CSF_LEAK)}
    assert by_grade[1].post_lumbar_puncture == "transient headache; postural care indicated"
    assert by_grade[2].post_lumbar_puncture == "persistent moderate symptoms; blood patch indicated"
    assert by_grade[3].post_lumbar_puncture is None


def test_chinese_descriptors_fall_back_per_grade() -> None:
    by_grade = {d.grade: d for d in descriptors(CSF_LEAK, "zh_CN")}
    assert by_grade[1].text.startswith("开颅术后")
    assert by_grade[1].clauses[1] == "腰椎穿刺后：一过性头痛"
    assert by_grade[3].text == "Severe symptoms; medical intervention indicated"


def test_grade_clinical() -> None:
    result = grade_clinical(HEADACHE, 2)
    assert (result.grade, result.status) == (2, GradeStatus.GRADED)
    assert result.criterion == "Moderate pain; limiting instrumental ADL"


@pytest.mark.parametrize("grade", [0, 4, 5, 6])
def test_grade_clinical_refuses_missing_grades(grade: int) -> None:
    with pytest.raises(BadInputError):
        grade_clinical(HEADACHE, grade)


def test_search_ranks_exact_then_prefix_then_it_order() -> None:
    terms = [HICCUPS, CSF_LEAK, HEADACHE]
    assert [t.term for t in search_terms(terms, "")] == [
        "Headache",
        "Cerebrospinal fluid leakage",
        "Hiccups",
    ]
    assert search_terms(terms, "head")[0].term == "Headache"
    assert [t.term for t in search_terms(terms, "脑脊液")] == ["Cerebrospinal fluid leakage"]


def test_find_term_any_case_and_width() -> None:
    assert find_term([HEADACHE], "ＨＥＡＤＡＣＨＥ") is HEADACHE
    assert find_term([HEADACHE], "头痛") is HEADACHE
    assert find_term([HEADACHE], "head") is None


def test_term_names_per_language() -> None:
    assert HEADACHE.name("zh_CN") == "头痛"
    assert HEADACHE.name("en") == "Headache"
    assert HICCUPS.name("zh_CN") == "Hiccups"


def test_grades_outside_1_to_5_rejected() -> None:
    with pytest.raises(ValueError):
        CtcaeTerm(version="5.0", term="x", meddra_code="1", soc="s", grades={6: "no"})


def test_post_lumbar_puncture_clause_in_chinese() -> None:
    by_grade = {d.grade: d for d in descriptors(CSF_LEAK, "zh_CN")}
    assert by_grade[1].post_lumbar_puncture == "一过性头痛；需要体位护理"
    assert by_grade[2].post_lumbar_puncture == "persistent moderate symptoms; blood patch indicated"
