"""Pinyin for Chinese names (issue 26): "zhang" finds 张伟, "liu" 刘洋, initials and every
reading of a surname match; Chinese lists sort in pinyin order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lmdesk.models.name_pinyin import has_han, pinyin_search_forms, pinyin_sort_key


def test_full_pinyin_and_initials() -> None:
    assert "zhangwei" in pinyin_search_forms("张伟")
    assert "zw" in pinyin_search_forms("张伟")
    assert "liuyang" in pinyin_search_forms("刘洋")


def test_every_reading_of_the_surname_is_searchable() -> None:
    forms = pinyin_search_forms("曾小贤")
    assert "zengxiaoxian" in forms and "cengxiaoxian" in forms


def test_mixed_and_latin_names() -> None:
    assert pinyin_search_forms("Chen Liu 陈六")[0] == "chenliu"
    assert pinyin_search_forms("Wang Wei") == ()


def test_chinese_names_sort_in_pinyin_order() -> None:
    names = ["张伟", "刘洋", "王芳", "陈六", "安娜"]
    assert sorted(names, key=pinyin_sort_key) == ["安娜", "陈六", "刘洋", "王芳", "张伟"]
    assert sorted(["Zhou", "张伟", "Adams"], key=pinyin_sort_key) == ["Adams", "张伟", "Zhou"]


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=4
    )
)
def test_every_chinese_name_has_lower_case_ascii_forms(name: str) -> None:
    assert has_han(name)
    forms = pinyin_search_forms(name)
    assert forms and all(f.isascii() and f == f.lower() for f in forms)
