"""The AE grading screen's dated list keeps its status column in view: the details column,
sized to a long AE's text, pushed "given" / "held" behind a horizontal scroll bar."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lmdesk.i18n import set_language
from lmdesk.models.ctcae.adverse_event import AdverseEvent
from lmdesk.views.grading.ae_timeline import TimelineTable


def _long_ae() -> AdverseEvent:
    return AdverseEvent(
        id=1,
        course_id=1,
        version="5.0",
        term="Neutrophil count decreased",
        grade=3,
        onset=date(2027, 1, 8),
        lab_value="0.8",
        lab_unit="10^9/L",
        attribution="it_drug",
    )


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_status_column_is_whole_in_view(qtbot: Any, language: str) -> None:
    set_language(language)
    table = TimelineTable()
    qtbot.addWidget(table)
    table.resize(490, 240)  # the record panel's list at 1280x800
    table.show()
    qtbot.waitExposed(table)
    table.show_course(None, [_long_ae()])
    status = 3

    def status_in_view() -> bool:
        right = table.columnViewportPosition(status) + table.columnWidth(status)
        return table.horizontalScrollBar().maximum() == 0 and right <= table.viewport().width()

    qtbot.waitUntil(status_in_view, timeout=3000)  # the header lays out on the next pass
    assert table.columnWidth(status) >= table.sizeHintForColumn(status)
    details = table.proxy.index(0, 2)
    assert "Neutrophil" in details.data() or "中性粒细胞" in details.data()
    assert details.data(Qt.ItemDataRole.ToolTipRole) == details.data()  # whole in the tooltip
