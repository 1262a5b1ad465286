"""Issue 22: above the methotrexate ceiling the PK what-if opens the sourced overdose card."""

from __future__ import annotations

from PySide6.QtCore import Qt

from lmdesk.store.overdose_repo import OverdoseRepository
from lmdesk.views.common.overdose_dialog import OverdoseDialog
from lmdesk.views.pk.pk_view import PkView


def type_dose(view: PkView, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    view.controls.dose.lineEdit().selectAll()
    qtbot.keyClicks(view.controls.dose.lineEdit(), text)
    qtbot.keyClick(view.controls.dose.lineEdit(), Qt.Key.Key_Return)


def test_what_if_above_the_ceiling_offers_the_overdose_card(make_view, qtbot, reference) -> None:  # type: ignore[no-untyped-def]
    view: PkView = make_view(overdose_cards=OverdoseRepository(reference))
    view.retranslate()
    type_dose(view, qtbot, "12")
    assert not view.overdose_button.isVisibleTo(view)
    type_dose(view, qtbot, "150")
    assert view.result is not None and view.result.what_if
    # the same two numbers, with their citations, wherever the ceiling is shown
    text = view.message.text()
    assert "usual maximum 12.5 mg [R44" in text and "hard ceiling 15 mg [R42" in text
    assert "usual maximum 12.5 mg" in view.controls.dose.toolTip()
    assert view.overdose_button.isVisibleTo(view)
    qtbot.mouseClick(view.overdose_button, Qt.MouseButton.LeftButton)
    dialog = view.overdose_dialog
    assert isinstance(dialog, OverdoseDialog) and dialog.isVisible()
    assert "NEVER give leucovorin" in dialog.never.text() and "[R235]" in dialog.never.text()
    assert "100-500 mg" in dialog.band.text() and "150 mg" in dialog.band.text()
    body = dialog.body.text()
    assert "2000 U" in body and "[R231][R232][R233]" in body and "Off-label" in body
    assert "not confirmed" in body
    dialog.close()


def test_overdose_card_in_chinese(qtbot, reference, zh) -> None:  # type: ignore[no-untyped-def]
    card = OverdoseRepository(reference).card("methotrexate")
    assert card is not None
    dialog = OverdoseDialog(card, 600, "甲氨蝶呤")
    qtbot.addWidget(dialog)
    assert "切勿鞘内注射亚叶酸钙" in dialog.never.text()
    assert "高于 500 mg" in dialog.band.text()
    assert "未确认" in dialog.body.text() and "谷卡匹酶" in dialog.body.text()
