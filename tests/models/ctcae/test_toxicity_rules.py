"""The protocol's next step: only sourced rules propose a step; otherwise the clinician decides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.scheduling.toxicity_rules import (
    ALL_STEPS,
    Attribution,
    Step,
    propose_next_step,
)


def test_liposomal_cytarabine_neurotoxicity_reduces_to_25() -> None:
    p = propose_next_step(
        term="Arachnoiditis",
        group="neuro",
        grade=2,
        attribution=Attribution.IT_DRUG,
        drug="liposomal-cytarabine",
        current_dose_mg=50,
    )
    assert (p.rule_found, p.step, p.reduce_to_mg) == (True, Step.REDUCE, 25.0)
    assert p.sources == ("R11",)


def test_liposomal_cytarabine_persisting_neurotoxicity_stops() -> None:
    p = propose_next_step(
        term="Encephalopathy",
        group="neuro",
        grade=1,
        attribution=Attribution.IT_DRUG,
        drug="DepoCyt",
        current_dose_mg=25,
    )
    assert (p.rule_found, p.step) == (True, Step.STOP)


def test_liposomal_cytarabine_meningitis_holds() -> None:
    p = propose_next_step(
        term="Meningitis",
        group="neuro",
        grade=3,
        attribution=Attribution.DISEASE,
        drug="Liposomal Cytarabine",
    )
    assert (p.rule_found, p.step, p.sources) == (True, Step.HOLD, ("R11",))


def test_serious_procedure_complication_holds_per_seed_review() -> None:
    p = propose_next_step(
        term="Cerebrospinal fluid leakage",
        group="neuro",
        grade=3,
        attribution=Attribution.PROCEDURE,
        drug="pemetrexed",
    )
    assert (p.rule_found, p.step) == (True, Step.HOLD)
    assert p.sources == ("seed-72", "seed-73")


def test_mild_procedure_complication_has_no_rule() -> None:
    p = propose_next_step(
        term="Cerebrospinal fluid leakage",
        group="neuro",
        grade=2,
        attribution=Attribution.PROCEDURE,
        drug="pemetrexed",
    )
    assert p.rule_found is False and p.step is None


def test_pemetrexed_myelosuppression_has_no_published_rule_but_context() -> None:
    p = propose_next_step(
        term="Neutrophil count decreased",
        group="lab",
        grade=3,
        attribution=Attribution.IT_DRUG,
        drug="pemetrexed",
    )
    assert p.rule_found is False
    assert p.step is None
    assert p.text == "No published rule: clinician decides."
    assert set(p.options) == {Step.HOLD, Step.DELAY, Step.REDUCE, Step.STOP}
    cited = {key for _, keys in p.context for key in keys}
    assert {"R51", "R54", "R40"} <= cited


def test_liver_context_for_pemetrexed_only() -> None:
    pem = propose_next_step(
        term="Alanine aminotransferase increased",
        group="lab",
        grade=2,
        attribution=Attribution.IT_DRUG,
        drug="pemetrexed",
    )
    mtx = propose_next_step(
        term="Alanine aminotransferase increased",
        group="lab",
        grade=2,
        attribution=Attribution.IT_DRUG,
        drug="methotrexate",
    )
    assert any("R50" in keys for _, keys in pem.context)
    assert not any("R50" in keys for _, keys in mtx.context)


def test_mtx_neurotoxicity_context_cites_ceiling() -> None:
    p = propose_next_step(
        term="Leukoencephalopathy",
        group="neuro",
        grade=2,
        attribution=Attribution.IT_DRUG,
        drug="MTX",
    )
    assert p.rule_found is False
    assert any("R44" in keys for _, keys in p.context)


def test_chinese_text(zh: None) -> None:
    p = propose_next_step(
        term="Headache", group="neuro", grade=1, attribution=Attribution.OTHER, drug="pemetrexed"
    )
    assert p.text != "No published rule: clinician decides."


@given(
    term=st.sampled_from(["Headache", "Anemia", "Seizure", "Fever", "Nausea", "Radiculitis"]),
    group=st.sampled_from(["neuro", "lab", "other", None]),
    grade=st.integers(min_value=1, max_value=5),
    attribution=st.sampled_from(list(Attribution)),
    drug=st.sampled_from(["pemetrexed", "methotrexate", "thiotepa", "cytarabine", "topotecan"]),
)
def test_no_step_without_a_source(
    term: str, group: str | None, grade: int, attribution: Attribution, drug: str
) -> None:
    p = propose_next_step(term=term, group=group, grade=grade, attribution=attribution, drug=drug)
    if p.step is not None:
        assert p.rule_found and p.sources
    else:
        assert not p.rule_found
        assert p.options == ALL_STEPS


@pytest.mark.parametrize("attribution", list(Attribution))
def test_options_always_offered(attribution: Attribution) -> None:
    p = propose_next_step(
        term="Seizure", group="neuro", grade=4, attribution=attribution, drug="thiotepa"
    )
    assert p.options == ALL_STEPS
