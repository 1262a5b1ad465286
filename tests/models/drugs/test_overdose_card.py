"""Issue 22: the methotrexate overdose card, its dose bands and one ceiling everywhere."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.errors import SafetyRefusal
from lmdesk.models.pk.what_if import dose_findings
from lmdesk.models.scheduling.dose_safety import check_dose
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.overdose_repo import OverdoseRepository
from lmdesk.store.protocol_repo import ProtocolRepository


@pytest.fixture
def card(reference):  # type: ignore[no-untyped-def]
    found = OverdoseRepository(reference).card("methotrexate")
    assert found is not None
    return found


@given(st.floats(min_value=0.1, max_value=5000, allow_nan=False))
def test_every_dose_falls_in_exactly_one_band(reference, dose: float) -> None:  # type: ignore[no-untyped-def]
    card = OverdoseRepository(reference).card("methotrexate")
    assert card is not None
    assert sum(b.holds(dose) for b in card.bands) == 1


@pytest.mark.parametrize(
    ("dose", "start"),
    [(99.9, "Below 100"), (100, "100-500"), (500, "100-500"), (500.1, "Above 500")],
)
def test_band_boundaries(card, dose: float, start: str) -> None:  # type: ignore[no-untyped-def]
    band = card.band_for(dose)
    assert band is not None and band.text.en.startswith(start) and band.source == ("R235",)


def test_card_is_sourced_and_never_softens_the_leucovorin_rule(card) -> None:  # type: ignore[no-untyped-def]
    assert "NEVER" in card.never.en and card.never_source == ("R235", "R115")
    glucarpidase = next(s for s in card.steps if "2000 U" in s.text.en)
    assert {"R231", "R232", "R233"} <= set(glucarpidase.source)
    assert "Off-label" in glucarpidase.text.en
    systemic = next(s for s in card.steps if "leucovorin" in s.text.en.casefold())
    assert not systemic.confirmed and "not confirmed" in systemic.text.en
    assert all(s.text.zh for s in card.steps)


def _numbers(text: str) -> set[float]:
    return {float(n) for n in re.findall(r"(\d+(?:\.\d+)?) mg", text)}


def test_one_methotrexate_ceiling_everywhere(reference) -> None:  # type: ignore[no-untyped-def]
    protocols = ProtocolRepository(reference)
    limit = protocols.limits().for_drug("methotrexate", "lp")
    assert limit is not None and (limit.usual_max_mg, limit.ceiling_mg) == (12.5, 15)
    assert limit.usual_source.startswith("R44") and limit.ceiling_source.startswith("R42")
    # the protocol range stops at the ceiling
    assert protocols.get("mtx-classic").dose.max_mg == limit.ceiling_mg
    # the drug card names both numbers, with their citations
    card = DrugRepository(reference).catalog().get("methotrexate")
    assert card is not None
    ceiling_warning = next(w for w in card.warnings if "ceiling" in w.text.en)
    assert _numbers(ceiling_warning.text.en) == {12.5, 15}
    assert set(ceiling_warning.source) == {"R44", "R42"}
    # the planner refuses above the ceiling, and its refusal says both numbers
    with pytest.raises(SafetyRefusal) as err:
        check_dose("methotrexate", "lp", 15.5, protocols.limits())
    assert "usual maximum 12.5 mg [R44" in str(err.value) and "hard ceiling 15 mg [R42" in str(err)
    check_dose("methotrexate", "lp", 15, protocols.limits(), reason="x")
    # the PK what-if threshold is the same ceiling
    assert dose_findings("methotrexate", "lp", 15, protocols.limits())[0].code != (
        "above_ceiling_what_if"
    )
    above = dose_findings("methotrexate", "lp", 15.01, protocols.limits())[0]
    assert above.code == "above_ceiling_what_if" and "usual maximum 12.5 mg" in above.message
