"""DrugCatalog on the shipped cards: search, resolve, never-IT matching, did-you-mean."""

import unicodedata
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmdesk.models.drugs.name_index import DrugCatalog
from lmdesk.models.drugs.names import normalize_name
from lmdesk.store.drug_sources import load_cards

NEVER_IDS = [
    "vincristine",
    "vinblastine",
    "vinorelbine",
    "vindesine",
    "vinflunine",
    "bortezomib",
    "asparaginase",
    "daunorubicin",
    "dactinomycin",
    "doxorubicin",
    "leucovorin",
]


@cache
def catalog() -> DrugCatalog:
    return DrugCatalog(load_cards())


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _never_names() -> list[tuple[str, str]]:
    return [
        (card.id, name)
        for card in catalog().all()
        if card.it_status == "never"
        for name in card.all_names()
    ]


def test_every_never_card_exists_and_is_never() -> None:
    for drug_id in NEVER_IDS:
        card = catalog().get(drug_id)
        assert card is not None, drug_id
        assert card.it_status == "never"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("VCR", "vincristine"),
        ("长春新碱", "vincristine"),
        ("长春 新碱", "vincristine"),
        ("ｖｉｎｃｒｉｓｔｉｎｅ", "vincristine"),
        ("Navelbine", "vinorelbine"),
        ("诺维本", "vinorelbine"),
        ("velcade", "bortezomib"),
        ("阿霉素", "doxorubicin"),
        ("亚叶酸钙", "leucovorin"),
        ("Actinomycin-D", "dactinomycin"),
        ("mtx", "methotrexate"),
        ("甲氨蝶呤", "methotrexate"),
        ("培美曲塞", "pemetrexed"),
        ("Alimta", "pemetrexed"),
        ("力比泰", "pemetrexed"),
        ("ARA-C", "cytarabine"),
        ("ａｒａ－ｃ", "cytarabine"),
        ("DepoCyt", "liposomal-cytarabine"),
        ("信迪利单抗", "sintilimab"),
        ("Opdivo", "nivolumab"),
        ("维生素B12", "vitamin-b12"),
        ("叶酸", "folic-acid"),
        ("Tagrisso", "osimertinib"),
    ],
)
def test_resolve_any_name(query: str, expected: str) -> None:
    card = catalog().resolve(query)
    assert card is not None and card.id == expected


def test_resolve_unknown_is_none() -> None:
    assert catalog().resolve("no such drug") is None
    assert catalog().resolve("") is None


def test_search_ranking_exact_before_prefix_before_substring() -> None:
    ids = [c.id for c in catalog().search("vin")]
    assert set(NEVER_IDS[:5]) <= set(ids)
    # "vinca" style prefix: exact match of an alias ranks first
    assert catalog().search("VCR")[0].id == "vincristine"
    assert catalog().search("")[0].name_en <= catalog().search("")[-1].name_en
    assert len(catalog().search("")) == len(catalog())


@pytest.mark.parametrize(
    ("query", "first"),
    [("mtx", "methotrexate"), ("甲氨", "methotrexate"), ("培美", "pemetrexed"),
     ("Ara-C", "cytarabine"), ("阿糖胞苷", "cytarabine"), ("alim", "pemetrexed")],
)  # fmt: skip
def test_search_puts_the_intended_card_first(query: str, first: str) -> None:
    assert catalog().search(query)[0].id == first


def test_search_orders_exact_then_prefix() -> None:
    ids = [c.id for c in catalog().search("阿糖胞苷")]
    assert ids[:2] == ["cytarabine", "liposomal-cytarabine"]


def test_search_finds_substring() -> None:
    assert "doxorubicin" in [c.id for c in catalog().search("rubicin")]
    assert {c.id for c in catalog().search("rubicin")} >= {"doxorubicin", "daunorubicin"}


@pytest.mark.parametrize(
    "text",
    [
        "vincristine 2 mg",
        "VinCristine",
        "ｖｉｎｃｒｉｓｔｉｎｅ sulfate",
        "长春 新碱 注射液",
        "VCR 1.4mg/m2",
        "Vin-cris-tine",
        "liposomal vincristine (Marqibo)",
    ],
)
def test_never_it_match_catches_vincristine_in_any_form(text: str) -> None:
    match = catalog().never_it_match(text)
    assert match is not None and match.id == "vincristine"


def test_never_it_match_ignores_safe_text() -> None:
    for text in ("methotrexate 12 mg", "甲氨蝶呤", "pemetrexed", "dexamethasone 5 mg", ""):
        assert catalog().never_it_match(text) is None


@settings(max_examples=200, deadline=None)
@given(
    pair=st.sampled_from(_never_names()),
    prefix=st.text(alphabet="abc 12-", max_size=5),
    suffix=st.text(alphabet="xyz 34.mg", max_size=6),
    upper=st.booleans(),
    wide=st.booleans(),
)
def test_never_it_name_found_under_any_spelling(
    pair: tuple[str, str], prefix: str, suffix: str, upper: bool, wide: bool
) -> None:
    _drug_id, name = pair
    key = normalize_name(name)
    is_cjk = any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in key)
    if len(key) < 3 and not is_cjk:
        return  # too short to match inside free text by design (still resolves exactly)
    text = name.upper() if upper else name
    text = _fullwidth(text) if wide else text
    match = catalog().never_it_match(f"{prefix} {text} {suffix}")
    assert match is not None
    # the longest matching name wins; it must belong to a never card
    assert match.it_status == "never"


def test_no_never_name_hides_inside_a_permitted_drug_name() -> None:
    """A never-IT name inside another card's name would refuse a permitted drug."""
    for card in catalog().all():
        if card.it_status == "never":
            continue
        for name in card.all_names():
            assert catalog().never_it_match(name) is None, (card.id, name)


def test_closest_names_suggests_near_misses() -> None:
    assert "Vincristine" in catalog().closest_names("vincristin")
    assert catalog().closest_names("") == []
    assert len(catalog().closest_names("vinblastin", n=2)) <= 2


def test_duplicate_ids_refused() -> None:
    card = catalog().all()[0]
    with pytest.raises(ValueError, match="duplicate"):
        DrugCatalog([card, card])
