"""Drug-name keys: every spelling of a name gives one key, and the key is stable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.drugs.names import normalize_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vincristine", "VINCRISTINE"),
        ("vincristine", "ｖｉｎｃｒｉｓｔｉｎｅ"),
        ("长春新碱", "长春 新碱"),
        ("Ara-C", "arac"),
        ("Ara-C", "ARA C"),
        ("MTX", "m.t.x."),
        ("Alimta®", "alimta"),
        ("vin\u200bcristine", "vincristine"),
    ],
)
def test_spellings_share_one_key(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(("a", "b"), [("vincristine", "vinblastine"), ("MTX", "MTA")])
def test_different_names_stay_different(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


@settings(max_examples=500)
@given(st.text())
def test_key_is_stable(text: str) -> None:
    key = normalize_name(text)
    assert normalize_name(key) == key


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(codec="ascii")))
def test_key_ignores_case(text: str) -> None:
    assert normalize_name(text.upper()) == normalize_name(text.lower())
