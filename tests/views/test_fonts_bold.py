"""The bundled bold CJK face: it is registered as the bold weight of the CJK family, Qt
really draws bold Chinese with it, and it covers every character of the zh_CN catalogs
and of the reference data.

A failure of the coverage tests means new text needs the font rebuilt:
``python -m lmdesk.devtools.subset_bold_font`` (needs fonts-noto-cjk-extra), then commit
``lmdesk/resources/fonts/NotoSansCJKsc-Bold-subset.otf``.
"""

from __future__ import annotations

import struct
import tomllib
import unicodedata
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmdesk.i18n import locale_dir
from lmdesk.paths import fonts_dir, reference_sources_dir
from lmdesk.printing.fonts import (
    CJK_BOLD_FONT_FILE,
    CJK_FAMILY,
    bundled_font_files,
    chinese_families,
    cjk_has_bold,
    register_bundled_fonts,
)
from lmdesk.views.about_dialog import AboutDialog
from lmdesk.views.fonts import apply_cjk_fallback

TEXT = "鞘内注射"
REBUILD = "rebuild it: python -m lmdesk.devtools.subset_bold_font"


def os2_weight(raw: QRawFont) -> int:
    """usWeightClass of the font file Qt actually drew with (the OS/2 table's bytes 4-5)."""
    table = bytes(raw.fontTable("OS/2"))
    return int(struct.unpack(">H", table[4:6])[0])


def has(raw: QRawFont, char: str) -> bool:
    """``raw`` maps ``char`` (by code point: PySide's ``str`` overload takes a UTF-16 unit)."""
    return raw.supportsCharacter(ord(char))


def glyph_fonts(font: QFont, text: str) -> list[QRawFont]:
    """The font files Qt lays ``text`` out with in ``font`` (fallbacks included)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont() for run in layout.glyphRuns()]


def ink(font: QFont, text: str) -> int:
    """Dark pixels when ``text`` is drawn black on white in ``font``."""
    image = QImage(420, 100, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    painter.drawText(10, 70, text)
    painter.end()
    data = bytes(image.constBits())
    stride = image.bytesPerLine()
    return sum(
        1 for y in range(image.height()) for x in range(image.width()) if data[y * stride + x] < 128
    )


def cjk_font(bold: bool, families: list[str] | None = None) -> QFont:
    font = QFont()
    font.setFamilies(families or [CJK_FAMILY])
    font.setPixelSize(48)
    font.setBold(bold)
    return font


@pytest.fixture(scope="module")
def bold_raw(qapp: QApplication) -> QRawFont:
    raw = QRawFont(str(fonts_dir() / CJK_BOLD_FONT_FILE), 12)
    assert raw.isValid()
    return raw


def test_the_bold_file_and_its_licence_ship_with_the_fonts() -> None:
    assert fonts_dir() / CJK_BOLD_FONT_FILE in bundled_font_files()
    size = (fonts_dir() / CJK_BOLD_FONT_FILE).stat().st_size
    assert 500_000 < size < 4_000_000, "a subset of a few MB, not the whole 20 MB face"
    licence = (fonts_dir() / "LICENSE-noto-sans-cjk.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Noto Sans CJK SC Bold" in licence


def test_the_cjk_family_gets_a_real_bold_face() -> None:
    assert CJK_FAMILY in register_bundled_fonts()
    styles = QFontDatabase.styles(CJK_FAMILY)
    assert "Bold" in styles and "Regular" in styles
    assert QFontDatabase.weight(CJK_FAMILY, "Bold") == 700
    assert cjk_has_bold()


def test_both_files_form_one_family_not_two_foundries() -> None:
    """fontconfig splits a family by vendor ("... [GOOG]", "... [WQYF]"): they must agree."""
    register_bundled_fonts()
    listed = [f for f in QFontDatabase.families() if f.startswith(CJK_FAMILY)]
    assert CJK_FAMILY in listed
    assert not [f for f in listed if "[" in f], listed
    assert CJK_FAMILY in chinese_families()


def test_bold_chinese_is_drawn_with_the_bold_file_regular_with_the_regular_one() -> None:
    regular = glyph_fonts(cjk_font(bold=False), TEXT)
    bold = glyph_fonts(cjk_font(bold=True), TEXT)
    assert [os2_weight(r) for r in regular] == [400]
    assert [(r.familyName(), r.styleName(), os2_weight(r)) for r in bold] == [
        (CJK_FAMILY, "Bold", 700)
    ]


def test_bold_chinese_renders_heavier_than_regular() -> None:
    regular, bold = ink(cjk_font(bold=False), TEXT), ink(cjk_font(bold=True), TEXT)
    assert regular > 1000, "the regular text was drawn at all"
    assert bold > regular * 1.2


def test_bold_widget_text_falls_back_to_the_bold_cjk_face(qapp: QApplication) -> None:
    """On screen: the app font (Latin family first) falls back to the CJK family, in bold."""
    apply_cjk_fallback(qapp)
    families = qapp.font().families()
    assert families[-1] == CJK_FAMILY
    runs = glyph_fonts(cjk_font(bold=True, families=families), f"INTRATHECAL / {TEXT}")
    chinese = [r for r in runs if has(r, TEXT[0])]
    assert chinese and all(os2_weight(r) == 700 for r in chinese)
    assert all(r.familyName() == CJK_FAMILY for r in chinese)


def test_bold_and_regular_lines_are_equally_tall() -> None:
    """The bold face has the regular one's line metrics: bold text does not re-paginate."""
    regular = QRawFont.fromFont(cjk_font(bold=False))
    bold = QRawFont.fromFont(cjk_font(bold=True))
    assert os2_weight(bold) == 700
    assert bold.ascent() == pytest.approx(regular.ascent(), abs=1)
    assert bold.descent() == pytest.approx(regular.descent(), abs=1)


def _zh_msgstrs() -> Iterator[tuple[str, str]]:
    catalogs = sorted((locale_dir() / "zh_CN" / "LC_MESSAGES").glob("*.po"))
    assert catalogs, "the zh_CN catalogs were found"
    for path in catalogs:
        with path.open("rb") as handle:
            for message in read_po(handle):
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in texts:
                    if message.id and text:
                        yield path.name, text


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _is_cjk(char: str) -> bool:
    """Hanzi, CJK punctuation and full-width forms: what must never fall back to regular."""
    return (
        "\u3000" <= char <= "\u303f"
        or "\u3400" <= char <= "\u9fff"
        or "\uf900" <= char <= "\ufaff"
        or "\uff00" <= char <= "\uffef"
        or unicodedata.name(char, "").startswith("CJK")
    )


def test_every_zh_catalog_character_is_in_the_bold_font(bold_raw: QRawFont) -> None:
    missing: dict[str, set[str]] = {}
    count = 0
    for catalog, text in _zh_msgstrs():
        count += 1
        for char in text:
            if not char.isspace() and not has(bold_raw, char):
                missing.setdefault(char, set()).add(catalog)
    assert count > 500, "the catalogs were read"
    assert not missing, f"zh_CN text the bold CJK font lacks ({REBUILD}): {missing}"


def test_every_chinese_character_of_the_reference_data_is_in_the_bold_font(
    bold_raw: QRawFont,
) -> None:
    sources = sorted(reference_sources_dir().rglob("*.toml"))
    assert sources, "the reference TOMLs were found"
    missing: dict[str, set[str]] = {}
    seen: set[str] = set()
    for path in sources:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for text in _strings(data):
            for char in filter(_is_cjk, text):
                seen.add(char)
                if not has(bold_raw, char):
                    missing.setdefault(char, set()).add(path.name)
    assert len(seen) > 300, "the reference data holds Chinese text"
    assert not missing, f"reference text the bold CJK font lacks ({REBUILD}): {missing}"


def test_the_bold_font_holds_latin_digits_and_the_usual_symbols(bold_raw: QRawFont) -> None:
    wanted = "ABCXYZabcxyz0123456789 /()%.,:;-+≤≥±×µμ°℃·—→《》（）：；，。、"
    assert [c for c in wanted if not c.isspace() and not has(bold_raw, c)] == []


def test_a_missing_character_would_be_caught(bold_raw: QRawFont) -> None:
    """The coverage check can fail: a rare hanzi outside GB2312 is not in the subset."""
    assert has(bold_raw, "鞘")
    assert not has(bold_raw, "\u9fa5")  # 龥


def test_the_about_box_shows_the_bold_face_licence(qtbot: QtBot) -> None:
    dialog = AboutDialog("2026.11.1", "2026-11-27")
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "LICENSE-noto-sans-cjk.txt" in text
    assert "Noto Sans CJK SC Bold" in text and "SIL OPEN FONT LICENSE Version 1.1" in text
    assert "LICENSE-wqy-microhei.txt" in text
