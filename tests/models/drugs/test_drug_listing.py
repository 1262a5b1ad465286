"""The drug list's light lines (DrugListing) agree with the full cards, name for name.

The drug screen searches listings until the cards are parsed; whatever it finds (and marks
as never-IT) must be exactly what the card catalogue would find.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.drugs.listing import (
    IT_STATUSES,
    ClassLabel,
    DrugListing,
    chinese_order,
    listing_of,
)
from lmdesk.models.drugs.name_index import DrugCatalog, DrugNameIndex
from lmdesk.store.drug_sources import load_cards


@cache
def catalog() -> DrugCatalog:
    return DrugCatalog(load_cards())


@cache
def listings() -> DrugNameIndex[DrugListing]:
    stored = [c.model_dump(mode="json") for c in sorted(catalog().all(), key=lambda c: c.id)]
    return DrugNameIndex(DrugListing.from_stored(body) for body in stored)


def _body(**changes: Any) -> dict[str, Any]:
    card = catalog().get("methotrexate")
    assert card is not None
    body = card.model_dump(mode="json")
    body.update(changes)
    return body


def test_every_stored_card_reads_back_as_its_listing() -> None:
    for card in catalog().all():
        assert DrugListing.from_stored(card.model_dump(mode="json")) == listing_of(card)


def test_listing_names_are_the_card_names() -> None:
    for card in catalog().all():
        listed = listings().get(card.id)
        assert listed is not None
        assert listed.all_names() == card.all_names()
        assert listed.name("zh_CN") == card.name("zh_CN") and listed.name("en") == card.name_en
        assert listed.class_label.get("zh_CN") == card.class_label.get("zh_CN")


def test_never_it_status_survives_the_light_read() -> None:
    never = {c.id for c in catalog().all() if c.it_status == "never"}
    assert never and never == {c.id for c in listings().all() if c.it_status == "never"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"class_label": None}, "class_label"),
        ({"it_status": "sometimes"}, "it_status"),
        ({"aliases": "MTX"}, "aliases"),
        ({"aliases": ["MTX", 3]}, "aliases"),
        ({"name_en": ""}, "name_en"),
        ({"name_zh": None}, "name_zh"),
        ({"class_label": {"en": "Antifolate"}}, "zh"),
    ],
)
def test_a_damaged_stored_card_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        DrugListing.from_stored(_body(**changes))


def test_missing_id_is_refused() -> None:
    body = _body()
    del body["id"]
    with pytest.raises(ValueError, match="'id'"):
        DrugListing.from_stored(body)


def test_class_label_and_statuses() -> None:
    assert ClassLabel(en="Antifolate", zh="抗叶酸药").get("zh") == "抗叶酸药"
    assert ClassLabel(en="Antifolate", zh="抗叶酸药").get("fr") == "Antifolate"
    assert "never" in IT_STATUSES


def _names() -> list[str]:
    return sorted({n for c in catalog().all() for n in c.all_names()})


queries = st.one_of(
    st.sampled_from(_names()).flatmap(
        lambda name: st.tuples(st.integers(0, len(name)), st.integers(0, len(name))).map(
            lambda ij: name[min(ij) : max(ij)]
        )
    ),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_the_list_finds_what_the_catalogue_finds(query: str) -> None:
    assert [c.id for c in listings().search(query)] == [c.id for c in catalog().search(query)]
    resolved, by_card = listings().resolve(query), catalog().resolve(query)
    assert (resolved.id if resolved else None) == (by_card.id if by_card else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(queries, max_size=3).map(" ".join))
def test_never_it_matching_is_the_same_on_the_list(text: str) -> None:
    listed, carded = listings().never_it_match(text), catalog().never_it_match(text)
    assert (listed.id if listed else None) == (carded.id if carded else None)


def _drug(drug_id: str, name_en: str, name_zh: str) -> DrugListing:
    return DrugListing(
        id=drug_id,
        name_en=name_en,
        name_zh=name_zh,
        aliases=(),
        drug_class="x",
        class_label=ClassLabel("x", "x"),
        it_status="standard",
    )


def test_a_chinese_list_goes_by_the_pinyin_of_the_chinese_names() -> None:
    drugs = [
        _drug("asp", "Asparaginase", "门冬酰胺酶"),
        _drug("afa", "Afatinib", "阿法替尼"),
        _drug("mtx", "Methotrexate", "甲氨蝶呤"),
        _drug("vb12", "Vitamin B12", ""),
    ]
    index = DrugNameIndex(drugs)
    assert [d.id for d in index.all()] == ["afa", "asp", "mtx", "vb12"]  # English names
    order = chinese_order(drugs)
    assert order["afa"] == "a fa ti ni" and order["vb12"] == "vitamin b12"
    index.set_order(order)
    assert [d.id for d in index.all()] == ["afa", "mtx", "asp", "vb12"]  # a, jia, men, vi
    # ranked first (prefixes of "a" before other matches), ties in the list's order
    assert [d.id for d in index.search("a")] == ["afa", "asp", "mtx", "vb12"]
    assert [d.id for d in index.search("e")] == ["mtx", "asp"]  # jia before men
    index.set_order({})
    assert [d.id for d in index.all()] == ["afa", "asp", "mtx", "vb12"]
