"""The drug-cards screen, driven by keyboard and mouse as a clinician would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lmdesk.app_context import AppContext
from lmdesk.views.drugs.drug_selftest import run_selftest
from lmdesk.views.drugs.drug_view import DrugCardsView


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: key clicks for ASCII; CJK arrives committed by the input method."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


@pytest.fixture
def view(qtbot, ctx: AppContext) -> DrugCardsView:
    widget = DrugCardsView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_typing_searches_in_both_languages(qtbot, view: DrugCardsView) -> None:
    for text, first in [("mtx", "methotrexate"), ("甲氨蝶呤", "methotrexate"),
                        ("培美曲塞", "pemetrexed"), ("Alimta", "pemetrexed"),
                        ("ARA-C", "cytarabine")]:  # fmt: skip
        view.search.clear()
        type_text(qtbot, view.search, text)
        assert view.result_ids()[0] == first, text
        assert view.current is not None and view.current.id == first


def test_arrow_keys_and_enter_open_a_card(qtbot, view: DrugCardsView) -> None:
    type_text(qtbot, view.search, "vin")
    ids = view.result_ids()
    assert len(ids) >= 5
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.current is not None and view.current.id == ids[1]
    qtbot.keyClick(view.search, Qt.Key.Key_Up)
    assert view.current.id == ids[0]
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == 0


def test_never_card_shows_the_fatal_banner_first(qtbot, view: DrugCardsView) -> None:
    type_text(qtbot, view.search, "长春新碱")
    assert view.current is not None and view.current.id == "vincristine"
    assert view.banner.isVisible()
    assert "FATAL IF GIVEN INTRATHECALLY / 禁止鞘内注射" in view.banner.text()
    view.search.clear()
    type_text(qtbot, view.search, "methotrexate")
    assert not view.banner.isVisible()


def test_status_filter(qtbot, view: DrugCardsView) -> None:
    combo = view.status_filter
    combo.setCurrentIndex(combo.findData("never"))
    ids = view.result_ids()
    assert "vincristine" in ids and "methotrexate" not in ids
    assert all(view.catalog.get(i).it_status == "never" for i in ids)
    combo.setCurrentIndex(combo.findData("discontinued"))
    assert view.result_ids() == ["liposomal-cytarabine"]
    assert "Discontinued" in view.browser.toPlainText()
    assert view.status_strip.isVisible() and not view.banner.isVisible()
    assert "DISCONTINUED" in view.status_strip.text()


def test_class_filter_with_search(qtbot, view: DrugCardsView) -> None:
    view.class_filter.setCurrentIndex(view.class_filter.findData("antifolate"))
    assert set(view.result_ids()) == {"methotrexate", "pemetrexed"}
    type_text(qtbot, view.search, "培美")
    assert view.result_ids() == ["pemetrexed"]


def test_card_page_sections_and_sources(qtbot, view: DrugCardsView) -> None:
    view.show_card("methotrexate")
    text = view.browser.toPlainText()
    for heading in ("Warnings", "Doses by route", "CSF pharmacokinetics", "References"):
        assert heading in text
    assert "INTRATHECAL by lumbar puncture" in text
    assert "12.5 mg" in text and "[R44]" in text
    assert "Evidence" not in text  # shown in the sortable table instead


def test_evidence_table_sorts_numerically(qtbot, view: DrugCardsView) -> None:
    view.show_card("pemetrexed")
    proxy = view.evidence_proxy
    assert proxy.rowCount() == len(view.current.evidence)
    header = view.evidence_view.horizontalHeader()
    mos_col = 8
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.viewport().rect().topLeft() + _section_center(header, mos_col),
    )
    values = [proxy.index(r, mos_col).data() for r in range(proxy.rowCount())]
    numbers = [float(v) for v in values if v != "—"]
    assert numbers == sorted(numbers) or numbers == sorted(numbers, reverse=True)
    assert len(numbers) >= 5


def _section_center(header, column):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_compare_two_then_three_agents(qtbot, view: DrugCardsView) -> None:
    for query in ("mtx", "培美曲塞"):
        view.search.clear()
        type_text(qtbot, view.search, query)
        qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    assert view.tabs.currentWidget() is view.compare_tab
    table = view.compare.table
    assert table.columnCount() == 2
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == [
        "Methotrexate",
        "Pemetrexed",
    ]
    view.compare.pickers[2].setCurrentIndex(view.compare.pickers[2].findData("vincristine"))
    assert table.columnCount() == 3
    status = table.item(0, 2).text()
    assert "FATAL IF GIVEN INTRATHECALLY" in status
    threshold_row = 5
    assert "1 µM" in table.item(threshold_row, 0).text()


def test_references_copy_to_clipboard(qtbot, view: DrugCardsView) -> None:
    view.show_card("topotecan")
    qtbot.mouseClick(view.copy_refs_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "[R36]" in copied and "doi:10.1200/JCO.2003.04.053" in copied


def test_export_pdf_off_the_gui_thread(qtbot, view: DrugCardsView, tmp_path: Path) -> None:
    view.show_card("vincristine")
    target = tmp_path / "vcr.pdf"
    with qtbot.waitSignal(view.pdf_exported, timeout=30000) as blocker:
        view.export_pdf(target)
    assert blocker.args == [str(target)]
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert "Saved" in view.export_status.text()


def test_chinese_ui(qtbot, zh, ctx: AppContext) -> None:
    widget = DrugCardsView(ctx)
    qtbot.addWidget(widget)
    type_text(qtbot, widget.search, "mtx")
    text = widget.browser.toPlainText()
    assert text.startswith("甲氨蝶呤")
    assert "警告" in text and "参考文献" in text
    assert widget.tabs.tabText(1) == "比较"


def test_a_chinese_card_names_its_studies_and_grades_in_chinese(qtbot, zh, ctx) -> None:
    """Study labels and AE grades were English on the Chinese card, table and comparison."""
    widget = DrugCardsView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.wait_for_loading()
    widget.show_card("pemetrexed")
    # the bibliography at the end cites titles as published, in English
    text = widget.browser.toPlainText().split("参考文献")[0]
    assert "Pan 2019，I 期先导研究（NCT03101579）" in text
    assert "临床试验注册信息（NSCLC，Ommaya 囊）" in text
    assert "多为 1–2" in text
    assert "pilot" not in text and "Registry" not in text and "mostly" not in text
    model = widget.evidence_model
    studies = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "Pan 2020，Ther Adv Med Oncol" in studies
    widget.add_current_to_compare()
    table = widget.compare.table
    cells = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert any("Pan 2019，I 期先导研究" in c for c in cells)
    assert not any("pilot" in c or "Registry" in c for c in cells)


def test_selftest_passes(qtbot, view: DrugCardsView) -> None:
    run_selftest(view)


def test_language_switch_retranslates_the_open_card(qtbot, view: DrugCardsView) -> None:
    from lmdesk.i18n import set_language

    view.show_card("pemetrexed")
    assert view.tabs.tabText(0) == "Card"
    set_language("zh_CN")
    try:
        view.retranslate()
        assert view.tabs.tabText(0) == "卡片"
        assert view.browser.toPlainText().startswith("培美曲塞")
        assert "鞘内注射(腰椎穿刺)" in view.browser.toPlainText()
        assert view.current is not None and view.current.id == "pemetrexed"
    finally:
        set_language("en")


def test_first_card_arrives_even_if_the_shell_never_asks(qtbot, ctx: AppContext) -> None:
    """Opened without run_gui's finish_loading (another path, a tool): the card still loads."""
    widget = DrugCardsView(ctx)
    qtbot.addWidget(widget)
    assert widget.current is None  # construction never parses the cards
    widget.show()
    qtbot.waitUntil(lambda: widget.current is not None, timeout=10_000)
    assert widget.current.id == widget._selected_id()
