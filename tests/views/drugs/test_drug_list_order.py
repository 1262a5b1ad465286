"""The drug list reads in the screen's language's order: a Chinese list in the pinyin order of
the Chinese names (it was in English order: Afatinib, Alectinib, Asparaginase …, so 门冬酰胺酶
sat among the A's), an English list by English name. The pinyin order is worked out by the
worker that parses the cards; the list re-sorts when it arrives, keeping the chosen card."""

from __future__ import annotations

from typing import Any

from lmdesk.app_context import AppContext
from lmdesk.models.name_pinyin import pinyin_sort_key
from lmdesk.views.drugs.drug_view import DrugCardsView


def _view(qtbot: Any, ctx: AppContext) -> DrugCardsView:
    view = DrugCardsView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def _names(view: DrugCardsView) -> list[str]:
    return [view.listing.get(i).name_zh for i in view.result_ids()]  # type: ignore[union-attr]


def test_a_chinese_list_is_in_pinyin_order_once_the_cards_are_parsed(
    qtbot: Any, zh: Any, ctx: AppContext
) -> None:
    view = _view(qtbot, ctx)
    view.loader.start_background()
    qtbot.waitUntil(lambda: view.loader.chinese_order() is not None, timeout=20000)

    def in_pinyin_order() -> bool:  # the list re-sorts when the worker's signal arrives
        names = _names(view)
        return names == sorted(names, key=pinyin_sort_key)

    qtbot.waitUntil(in_pinyin_order, timeout=5000)
    names = _names(view)
    assert names.index("门冬酰胺酶") > names.index("甲氨蝶呤")  # m after j, not among the a's


def test_an_english_list_is_by_english_name(qtbot: Any, ctx: AppContext) -> None:
    view = _view(qtbot, ctx)
    view.loader.start_background()
    qtbot.waitUntil(lambda: view.loader.chinese_order() is not None, timeout=20000)
    english = [view.listing.get(i).name_en for i in view.result_ids()]  # type: ignore[union-attr]
    assert english == sorted(english, key=str.casefold)


def test_the_search_ranks_first_and_orders_ties_by_the_list_order(
    qtbot: Any, zh: Any, ctx: AppContext
) -> None:
    view = _view(qtbot, ctx)
    view.loader.start_background()
    qtbot.waitUntil(lambda: view.loader.chinese_order() is not None, timeout=20000)
    qtbot.waitUntil(lambda: _names(view)[2] == "阿糖胞苷", timeout=5000)  # re-sorted
    view.search.setText("替尼")  # the TKIs: every match a substring, ordered by pinyin
    names = _names(view)
    assert len(names) >= 4 and names == sorted(names, key=pinyin_sort_key)
