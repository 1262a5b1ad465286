"""TKI context tab: pick a systemic drug, type a plasma level, read the sourced rows."""

from __future__ import annotations

from lmdesk.i18n import set_language
from lmdesk.views.pk.context_panel import TkiContextPanel
from lmdesk.views.pk.pk_view import PkView


def rows(panel: TkiContextPanel) -> list[list[str]]:
    return panel.shown_rows()


def pick(view: PkView, drug: str) -> None:
    box = view.context_panel.drug
    box.setCurrentIndex(box.findData(drug))


def test_a_typed_plasma_level_gives_the_estimated_csf_level(make_view, qtbot) -> None:
    view: PkView = make_view()
    pick(view, "erlotinib")
    panel = view.context_panel
    assert rows(panel)[0][:3] == ["150 mg", "28.7 ± 16.8 ng/mL (66.9 nM)", "2.77 %"]
    assert rows(panel)[0][3] == "—"  # no plasma level typed yet
    panel.plasma.selectAll()
    qtbot.keyClicks(panel.plasma, "1000")
    panel.plasma.editingFinished.emit()
    assert rows(panel)[0][3] == "27.7 nM"  # 1000 nM x 2.77 %
    assert rows(panel)[0][4] == "R100"


def test_the_chinese_panel_names_the_drug_and_the_measurement_in_chinese(make_view) -> None:
    view: PkView = make_view()
    set_language("zh_CN")
    try:
        view.retranslate()
        panel = view.context_panel
        names = [panel.drug.itemText(i) for i in range(panel.drug.count())]
        assert "阿法替尼" in names and "Afatinib" not in names
        pick(view, "afatinib")
        first = rows(panel)[0]
        assert first[:2] == ["40 mg，第 8 天", "3.16 ± 1.95 nM（血液 233 nM）"]
        set_language("en")
        view.retranslate()
        assert rows(panel)[0][:2] == ["40 mg, day 8", "3.16 ± 1.95 nM (blood 233 nM)"]
        assert panel.drug.currentText() == "Afatinib"
    finally:
        set_language("en")
