"""The compare table's cells, built from the cards without a display."""

from __future__ import annotations

import pytest

from lmdesk.i18n import set_language
from lmdesk.models.drugs.labels import FATAL_BANNER
from lmdesk.store.drug_repo import DrugRepository
from lmdesk.views.drugs.compare_rows import ROW_TITLES, cell_texts


@pytest.fixture(scope="module")
def catalog(reference):
    return DrugRepository(reference).catalog()


def test_every_row_has_a_cell(catalog) -> None:
    texts = cell_texts(catalog.get("methotrexate"), "en")
    assert set(texts) == {key for key, _title in ROW_TITLES}
    assert "12 mg" in texts["doses"] and "[R40]" in texts["doses"]


def test_a_never_card_says_fatal_once_in_each_language(catalog) -> None:
    vincristine = catalog.get("vincristine")
    english = cell_texts(vincristine, "en")["status"]
    assert english == f"{FATAL_BANNER}\nNEVER intrathecal"
    set_language("zh_CN")
    try:
        chinese = cell_texts(vincristine, "zh_CN")["status"]
    finally:
        set_language("en")
    assert chinese == FATAL_BANNER and chinese.count("禁止鞘内注射") == 1
    assert cell_texts(vincristine, "en")["doses"] == "—"


def test_the_studies_are_named_in_the_readers_language(catalog, zh) -> None:
    texts = cell_texts(catalog.get("pemetrexed"), "zh_CN")
    assert "Pan 2019，I 期先导研究（NCT03101579）" in texts["schedule"]
    assert "pilot" not in texts["schedule"] + texts["outcomes"]
