"""Both languages are first-class: every marked string has Chinese, catalogs are compiled."""

from __future__ import annotations

import pytest

from lmdesk.devtools import catalogs
from lmdesk.i18n import (
    _,
    choose_language,
    current_language,
    normalize_language,
    set_language,
)


def test_every_marked_string_has_a_chinese_translation() -> None:
    missing = catalogs.missing()
    assert missing == {}, "untranslated (run: python -m lmdesk.devtools.catalogs missing)"


def test_no_message_is_translated_two_ways() -> None:
    assert catalogs.conflicting() == {}, "one message, one translation across feature catalogs"


def test_compiled_catalogs_match_their_sources() -> None:
    assert catalogs.stale_mo_files() == [], "run: python -m lmdesk.devtools.catalogs compile"


def test_string_finder_sees_marked_calls(tmp_path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "m.py").write_text('x = _("Hello")\ny = N_("World")\nz = f(_)\n', encoding="utf-8")
    assert set(catalogs.source_strings(pkg)) == {"Hello", "World"}


def test_switching_language_changes_translations() -> None:
    set_language("zh_CN")
    assert current_language() == "zh_CN"
    assert _("Nothing changed.") == "未做任何更改。"
    set_language("en")
    assert _("Nothing changed.") == "Nothing changed."


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        set_language("xx")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("en_US.UTF-8", "en"),
        ("C", "en"),
        ("fr_FR", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_language(value: str | None, expected: str | None) -> None:
    assert normalize_language(value) == expected


def test_cli_choice_beats_saved_setting_beats_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert choose_language("en", "zh_CN") == "en"
    assert choose_language(None, "en") == "en"
    assert choose_language(None, None) == "zh_CN"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.setenv(variable, "de_DE.UTF-8")
    monkeypatch.setattr("locale.getlocale", lambda: ("de_DE", "UTF-8"))
    assert choose_language(None, None) == "en", "an unsupported system language falls back to en"
