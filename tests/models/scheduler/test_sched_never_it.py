from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.drugs.names import normalize_name
from lmdesk.models.drugs.never_it import refuse_any_never_it, refuse_never_it
from lmdesk.models.errors import SafetyRefusal


@dataclass
class Card:
    name_en: str
    name_zh: str


class FakeCatalog:
    """Stands in for DrugCatalog.never_it_match: knows vincristine under three names."""

    names = ("vincristine", "长春新碱", "oncovin")

    def never_it_match(self, text: str) -> Card | None:
        key = normalize_name(text)
        if any(normalize_name(n) in key for n in self.names):
            return Card("Vincristine", "长春新碱")
        return None


@pytest.mark.parametrize(
    "name",
    [
        "vincristine",
        "VINCRISTINE",
        "ｖｉｎｃｒｉｓｔｉｎｅ",
        "长春 新碱",
        "Oncovin",
        "vin-cristine",
    ],
)
def test_refused_under_any_name(name):
    with pytest.raises(SafetyRefusal) as err:
        refuse_never_it(name, FakeCatalog())
    assert err.value.rule == "never_it"
    assert "FATAL IF GIVEN INTRATHECALLY" in str(err.value)
    assert "长春新碱" in str(err.value)


@pytest.mark.parametrize("name", ["Bortezomib", "VinOrelbine", "leucovorin"])
def test_builtin_list_refuses_without_catalog(name):
    with pytest.raises(SafetyRefusal):
        refuse_never_it(name, None)


def test_it_drugs_pass():
    refuse_any_never_it(
        ["methotrexate", "pemetrexed", "dexamethasone", "folic-acid"], FakeCatalog()
    )


@given(
    st.sampled_from(["vincristine", "bortezomib", "vinblastine"]),
    st.text(alphabet=" -_.", max_size=3),
    st.booleans(),
)
def test_spacing_and_case_never_help(name, sep, upper):
    typed = sep.join(name.upper() if upper else name)
    with pytest.raises(SafetyRefusal):
        refuse_never_it(typed, None)
