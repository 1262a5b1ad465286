"""After a live language switch no result line stays in the old language.

A result is worded when it is said; switching from Chinese to English left the Regimen
sheets' status line, the assessment's report line and the status bar's message in Chinese.
"""

from __future__ import annotations

import re

from lmdesk.app_context import AppContext
from lmdesk.i18n import _, set_language

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_result_lines_said_in_chinese_do_not_outlive_a_switch_to_english(
    qtbot, ctx: AppContext
) -> None:
    from lmdesk.views.app import GuiController, ensure_application

    controller = GuiController(ctx, ensure_application(), open_first_view=False)
    window = controller.window
    qtbot.addWidget(window)
    controller.switch_language("zh_CN")
    sheets = window.open_view("sheets")
    assessment = window.open_view("assessment")
    sheets._info(_("Choose a course first."))
    assessment.report_status.setText(_("Backing up…"))
    window.statusBar().showMessage(_("Backing up…"))
    said = [
        sheets.status.text(),
        assessment.report_status.text(),
        window.statusBar().currentMessage(),
    ]
    assert all(HAN.search(text) for text in said), said
    controller.switch_language("en")
    shown = [
        sheets.status.text(),
        assessment.report_status.text(),
        window.statusBar().currentMessage(),
    ]
    assert not any(HAN.search(text) for text in shown), shown
    set_language("en")
