"""The ward's user list sorts by any column and filters by any text; the selection follows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lmdesk.views.common.list_table import ListTable
from lmdesk.views.ward.ward_view import WardView

pytestmark = pytest.mark.usefixtures("staff")


def test_users_sort_by_a_header_click_and_filter_keeps_the_selection_right(
    qtbot, ctx, staff
) -> None:
    ctx.sign_in(staff["admin"])
    view = WardView(ctx, dialog_runner=lambda d: False, confirm=lambda q: True)
    qtbot.addWidget(view)
    logins = view.user_list.shown_texts(0)
    assert len(logins) >= 3
    view.user_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view.user_list.shown_texts(0) == sorted(logins, key=str.lower, reverse=True)

    wanted = staff["dr.wang"]
    qtbot.keyClicks(view.user_list.filter, wanted.login.upper())  # case does not matter
    assert view.user_list.shown_texts(0) == [wanted.login]
    view.user_table.selectRow(0)
    chosen = view.selected_user()
    assert chosen is not None and chosen.login == wanted.login


def test_a_list_table_opens_in_the_screens_order(qtbot) -> None:
    table = ListTable("things")
    qtbot.addWidget(table)
    table.set_rows(["Name"], [["b"], ["a"], ["c"]], ["B", "A", "C"])
    assert table.shown_texts(0) == ["b", "a", "c"]  # no sort until a header is clicked
    table.filter.setText("A")
    assert table.shown_texts(0) == ["a"]
    table.view.selectRow(0)
    assert table.selected() == "A"
    assert table.select("A")
