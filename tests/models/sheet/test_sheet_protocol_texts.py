"""Protocol texts on the sheet in the sheet's language: notes, what is not confirmed,
co-medication doses and timings (Chinese, English, or both on a bilingual sheet)."""

from __future__ import annotations

from sheet_factories import DATA, LIMITS, PRINTED, make_course, pmlm, settings

from lmdesk.models.scheduling.protocol import CoMedication
from lmdesk.models.sheet.build import build_sheet


def _protocol():
    return pmlm().model_copy(
        update={
            "notes": "MTD 15 mg [R53].",
            "notes_zh": "MTD 为 15 mg [R53]。",
            "unconfirmed": ("Maintenance frequency",),
            "unconfirmed_zh": ("维持期频率",),
            "co_medications": (
                CoMedication(
                    drug="dexamethasone", dose="5 mg", dose_zh="5 mg", route="it", source="R53"
                ),
                CoMedication(
                    drug="folic-acid",
                    dose="400 µg daily",
                    dose_zh="每日 400 µg",
                    route="oral",
                    timing="from the start of treatment",
                    timing_zh="自治疗开始时起",
                    source="R53",
                ),
            ),
        }
    )


def _sheet(language: str, protocol=None):
    course = make_course(protocol or _protocol())
    return build_sheet(course, None, settings(language), DATA, LIMITS, PRINTED)


def _section(sheet, index: int) -> tuple[str, ...]:
    return sheet.sections[index].lines


def test_chinese_sheet() -> None:
    s = _sheet("zh_CN")
    # the protocol's own folic acid text is kept; the vitamin rule adds vitamin B12
    assert _section(s, 0)[0] == "叶酸 每日 400 µg [R53] — 口服（自治疗开始时起）"
    assert len(_section(s, 0)) == 2 and "1000 µg" in _section(s, 0)[1]
    assert all(row.co_injection == "地塞米松 5 mg" for row in s.sessions)
    unconfirmed = next(sec for sec in s.sections if sec.title == "资料来源未确认的内容")
    assert unconfirmed.lines == ("维持期频率",)
    notes = s.sections[-2]
    assert (notes.title, notes.lines) == ("方案备注", ("MTD 为 15 mg [R53]。",))
    assert s.sections[-1].title == "参考文献" and s.sections[-1].lines[0].startswith("[R53]")
    assert "daily" not in s.all_text() and "Maintenance frequency" not in s.all_text()


def test_english_sheet() -> None:
    s = _sheet("en")
    assert _section(s, 0)[0] == "Folic acid 400 µg daily [R53] — oral (from the start of treatment)"
    assert "1000 µg per injection" in _section(s, 0)[1]
    assert "— intramuscular" in _section(s, 0)[1]
    assert (s.sections[-2].title, s.sections[-2].lines) == ("Protocol notes", ("MTD 15 mg [R53].",))
    assert "维持期频率" not in s.all_text()


def test_bilingual_sheet_gives_both() -> None:
    s = _sheet("bilingual")
    supportive = _section(s, 0)[0]
    assert "400 µg daily / 每日 400 µg" in supportive
    assert "(from the start of treatment / 自治疗开始时起)" in supportive
    assert s.sections[-2].title == "Protocol notes / 方案备注"
    assert s.sections[-2].lines == ("MTD 15 mg [R53].", "MTD 为 15 mg [R53]。")
    unconfirmed = next(sec for sec in s.sections if "Not confirmed" in sec.title)
    assert unconfirmed.lines == ("Maintenance frequency", "维持期频率")


def test_a_protocol_without_chinese_prints_its_english_on_a_chinese_sheet() -> None:
    """A custom protocol typed in one language is printed as typed, never left out."""
    s = _sheet("zh_CN", pmlm())
    unconfirmed = next(sec for sec in s.sections if sec.title == "资料来源未确认的内容")
    assert unconfirmed.lines == ("Maintenance frequency",)
