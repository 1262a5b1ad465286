import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sheet_factories import LIMITS, pmlm

from lmdesk.cli.scheduler import plan_json
from lmdesk.models.drugs.name_index import DrugCatalog
from lmdesk.models.errors import BadInputError, SafetyRefusal
from lmdesk.models.scheduling.planning import PlanOptions, plan_course
from lmdesk.models.sheet.plan import plan_from_json, plan_protocol_id
from lmdesk.store.drug_sources import load_cards

CATALOG = DrugCatalog(load_cards())


def plan_doc(plan) -> dict:
    """Exactly what ``lmdesk plan --json`` prints, so the round trip tests the real contract."""
    return plan_json(plan)


def test_round_trip_keeps_dates_doses_and_co_medications():
    plan = plan_course(pmlm(), PlanOptions(start=date(2027, 1, 4)), LIMITS, None)
    doc = json.loads(json.dumps(plan_doc(plan)))
    back = plan_from_json(doc, pmlm(), LIMITS, CATALOG)
    assert [s.date for s in back.sessions] == [s.date for s in plan.sessions]
    assert [s.dose_mg for s in back.sessions] == [s.dose_mg for s in plan.sessions]
    assert back.sessions[0].co_medications == plan.sessions[0].co_medications
    assert back.route == "lp" and plan_protocol_id(doc) == "pemetrexed-pmlm"


def test_never_it_drug_smuggled_into_a_plan_is_refused():
    plan = plan_course(pmlm(), PlanOptions(start=date(2027, 1, 4)), LIMITS, None)
    doc = plan_doc(plan)
    doc["sessions"][1]["drug"] = "Vinorelbine"
    with pytest.raises(SafetyRefusal) as info:
        plan_from_json(doc, pmlm(), LIMITS, CATALOG)
    assert info.value.rule == "never_it"


def test_other_drug_than_the_protocols_is_refused():
    plan = plan_course(pmlm(), PlanOptions(start=date(2027, 1, 4)), LIMITS, None)
    doc = plan_doc(plan)
    doc["sessions"][0]["drug"] = "methotrexate"
    with pytest.raises(SafetyRefusal) as info:
        plan_from_json(doc, pmlm(), LIMITS, CATALOG)
    assert info.value.rule == "drug_identity"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"protocol": st.just("pemetrexed-pmlm"), "sessions": st.lists(json_values, max_size=3)},
            optional={"route": json_values, "dose_mg": json_values, "mri_dates": json_values},
        ),
    )
)
def test_any_json_is_a_plan_or_bad_input(doc):
    try:
        plan = plan_from_json(doc, pmlm(), LIMITS, CATALOG)
    except (BadInputError, SafetyRefusal):
        return
    assert plan.sessions
