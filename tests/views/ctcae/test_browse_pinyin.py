"""The CTCAE browser lists Chinese names in pinyin order and filters by clinical synonyms."""

from __future__ import annotations

from typing import Any

from lmdesk.models.ctcae.terms import pinyin_key
from lmdesk.views.grading.grading_view import GradingView


def test_browser_sorts_chinese_names_by_pinyin(qtbot: Any, ctx: Any, zh: None) -> None:
    view = GradingView(ctx, confirm=lambda _question: True)
    qtbot.addWidget(view)
    view.browser.ensure_filled()
    proxy = view.browser.proxy
    shown = [proxy.index(row, 0).data() for row in range(proxy.rowCount())]
    chinese = [name for name in shown if not name.isascii()]
    assert len(chinese) > 20
    assert chinese == sorted(chinese, key=pinyin_key)
    assert chinese != sorted(chinese)  # code-point order would differ


def test_browser_filter_finds_a_synonym(qtbot: Any, ctx: Any) -> None:
    view = GradingView(ctx, confirm=lambda _question: True)
    qtbot.addWidget(view)
    view.browser.ensure_filled()
    view.browser.filter_edit.setText("SGPT")
    names = [view.browser.proxy.index(r, 0).data() for r in range(view.browser.proxy.rowCount())]
    assert names == ["Alanine aminotransferase increased"]
