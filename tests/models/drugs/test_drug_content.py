"""Content checks over every shipped card and the bibliography."""

import re
from pathlib import Path

import pytest

from lmdesk.models.drugs.card import IT_STATUSES
from lmdesk.store.drug_sources import card_paths, load_bibliography, load_cards

SHARED_REF = Path(__file__).resolve().parents[4] / "shared" / "reference"

REQUIRED_IDS = {
    "methotrexate", "cytarabine", "liposomal-cytarabine", "thiotepa", "pemetrexed",
    "topotecan", "trastuzumab", "sintilimab", "nivolumab", "dexamethasone", "folic-acid",
    "vitamin-b12", "leucovorin", "osimertinib", "gefitinib", "erlotinib", "afatinib",
    "lorlatinib", "alectinib", "vincristine", "vinblastine", "vinorelbine", "vindesine",
    "vinflunine", "bortezomib", "asparaginase", "daunorubicin", "dactinomycin", "doxorubicin",
}  # fmt: skip


def test_every_card_validates_and_ids_are_unique() -> None:
    cards = load_cards()
    ids = [c.id for c in cards]
    assert len(ids) == len(set(ids)) == len(card_paths())


def test_required_cards_present() -> None:
    ids = {c.id for c in load_cards()}
    assert sorted(REQUIRED_IDS - ids) == []


def test_every_citation_resolves_to_a_reference_entry() -> None:
    bib = load_bibliography()
    for card in load_cards():
        keys = card.cited_keys()
        assert keys, f"{card.id} cites nothing"
        assert bib.missing(keys) == [], card.id
        assert {r.key for r in card.references} == set(keys)


def test_names_and_labels_in_both_languages() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for card in load_cards():
        assert card.name_en.strip() and card.name_zh.strip()
        assert cjk.search(card.name_zh), card.id
        assert card.class_label.en and cjk.search(card.class_label.zh), card.id
        assert card.it_status in IT_STATUSES


def test_status_specific_content() -> None:
    for card in load_cards():
        if card.it_status == "never":
            assert card.warnings and not card.doses
        if card.it_status in ("standard", "investigational", "discontinued"):
            assert card.doses, f"{card.id}: an IT agent needs at least one sourced dose"
        if card.it_status == "discontinued":
            assert card.status_note is not None, card.id


def test_no_alias_shared_between_cards() -> None:
    from lmdesk.models.drugs.names import normalize_name

    owner: dict[str, str] = {}
    for card in load_cards():
        for name in {normalize_name(n) for n in (card.id, *card.all_names())}:
            assert owner.setdefault(name, card.id) == card.id, (name, owner[name], card.id)


@pytest.mark.skipif(not SHARED_REF.exists(), reason="shared/reference not beside the repo")
def test_bibliography_covers_every_reference_key_of_the_sources() -> None:
    bib = load_bibliography()
    text = (SHARED_REF / "regimens_pk.md").read_text(encoding="utf-8")
    r_keys = set(re.findall(r"^\[(R\d+[a-z]?)\]", text.split("## §R REFERENCES")[1], re.M))
    r_keys |= set(re.findall(r"; \[(R\d+[a-z]?)\]", text.split("## §R REFERENCES")[1]))
    assert r_keys and r_keys <= set(bib)
    seed = (SHARED_REF / "seed_review_zh.txt").read_text(encoding="utf-8")
    seed_numbers = set(re.findall(r"^- \[(\d+)\]", seed, re.M))
    assert seed_numbers and {f"seed-{n}" for n in seed_numbers} <= set(bib)


def test_dois_where_the_source_gives_one() -> None:
    bib = load_bibliography()
    assert bib["R36"].doi == "10.1200/JCO.2003.04.053"
    assert bib["seed-48"].doi == "10.1016/j.jtho.2021.04.018"
    assert bib["seed-0"].doi == "10.3969/j.issn.2095-1264.2025.05.08"


def test_unconfirmed_doses_are_never_recommended() -> None:
    for card in load_cards():
        for dose in card.doses:
            assert dose.confirmed or not dose.recommended, (card.id, dose.study)


def test_csf_pk_numbers_for_the_pk_module() -> None:
    cards = {c.id: c for c in load_cards()}
    mtx = cards["methotrexate"].csf_pk
    assert mtx.molecular_weight is not None and mtx.molecular_weight.value == 454.45
    assert mtx.threshold_micromolar() == 1
    ara = cards["cytarabine"].csf_pk
    assert ara.threshold_micromolar() == pytest.approx(0.1 * 1000 / 243.22)
    assert {h.sampling_site for h in ara.half_lives} >= {"ventricular"}
