"""Rebuild the bundled bold CJK face: a subset of Noto Sans CJK SC Bold.

The bundled regular CJK font (WenQuanYi Micro Hei) has no bold face, so bold Chinese text
(sheet headings, the route line "INTRATHECAL / 鞘内注射", PDF headings) came out regular
or smeared by synthetic emboldening. This script cuts Noto Sans CJK SC Bold (SIL OFL 1.1)
down to what lmdesk can show and writes it next to the regular font, with its licence
(LICENSE-noto-sans-cjk.txt: the font's notices and the OFL text from Debian's copyright
file)::

    apt-get install fonts-noto-cjk fonts-noto-cjk-extra   # NotoSansCJK-Bold.ttc, copyright
    pip install fonttools                    # in the dev extras: pip install -e '.[dev]'
    python -m lmdesk.devtools.subset_bold_font [--source PATH] [--output PATH]

What it keeps:
- every GB2312 character (6763 hanzi and the GB2312 symbol rows: CJK punctuation,
  full-width forms, Greek, arrows, numerals ...), printable ASCII and Latin-1,
  general punctuation, super/subscripts, letterlike symbols, arrows, math operators;
- every character that appears in the app's own text: the .po catalogs (msgid and
  msgstr), the reference-data TOML sources, the other shipped text resources and the
  Python sources under lmdesk/ (so a drug name outside GB2312 is still covered).
  A test (tests/views/test_fonts_bold.py) fails when a zh_CN msgstr has a character
  missing here: run this script again after adding such text, and commit the font.

What it changes, so that Qt uses it as the bold weight of the regular font:
- the family name becomes "WenQuanYi Micro Hei" (style Bold, weight 700), in every
  language the regular font names itself in. Qt, fontconfig and Windows group faces by
  family, so ``QFont("WenQuanYi Micro Hei")`` with ``setBold(True)`` or rich-text
  ``font-weight: bold`` picks this face instead of smearing the regular one;
- the PostScript name stays ``NotoSansCJKsc-Bold`` (that is what ``pdffonts`` shows for
  the embedded font), and the copyright, trademark and licence records are kept;
- the vertical metrics are set to the regular font's (scaled to this font's em), so a
  bold line is as tall as a regular one and bold text does not change the pagination;
- the OS/2 vendor tag is the regular font's too: fontconfig takes the foundry from it,
  and Qt would list two families, "WenQuanYi Micro Hei [GOOG]" and "... [WQYF]".
The outlines stay CFF (an .otf file, about 2 MB): Qt's PDF writer embeds the glyphs a
document uses as a CID TrueType subset all the same.

The output is deterministic for the same source font, fontTools version and text.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

PACKAGE = Path(__file__).resolve().parents[1]
RESOURCES = PACKAGE / "resources"
FONTS = RESOURCES / "fonts"
OUTPUT = FONTS / "NotoSansCJKsc-Bold-subset.otf"
LICENCE = FONTS / "LICENSE-noto-sans-cjk.txt"
REGULAR = FONTS / "wqy-microhei.ttc"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
SOURCE_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"),
)
SOURCE_POSTSCRIPT_NAME = "NotoSansCJKsc-Bold"
#: The regular bundled family: this face becomes its bold weight.
TARGET_FAMILY = "WenQuanYi Micro Hei"
#: Its localised family names (Windows language id -> name), as the regular font has them.
LOCALISED_FAMILY = {
    0x0804: "文泉驿微米黑",  # zh-CN
    0x1004: "文泉驿微米黑",  # zh-SG
    0x0404: "文泉驛微米黑",  # zh-TW
    0x0C04: "文泉驛微米黑",  # zh-HK
    0x1404: "文泉驛微米黑",  # zh-MO
}
#: OpenType features kept: those HarfBuzz applies to horizontal text by default, less
#: ``locl`` (it only swaps in the Japanese, Korean and Traditional glyph forms).
LAYOUT_FEATURES = ["ccmp", "kern", "liga", "clig", "calt", "rlig", "mark", "mkmk"]
#: Shipped text files whose characters are kept (besides the .py sources).
TEXT_SUFFIXES = {".po", ".toml", ".json", ".html", ".txt", ".md", ".csv", ".ini"}
#: Unicode blocks kept whole (as far as the source font has them).
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x0391, 0x03C9),  # Greek (μ, α, β ...)
    (0x2000, 0x206F),  # general punctuation
    (0x2070, 0x209F),  # super- and subscripts
    (0x20AC, 0x20AC),  # euro sign
    (0x2100, 0x214F),  # letterlike symbols (℃, №)
    (0x2150, 0x218F),  # number forms (Roman numerals)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤, ≥, ±, ×)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x25A0, 0x25FF),  # geometric shapes (■, ●, ▲)
    (0x2600, 0x26FF),  # miscellaneous symbols (⚠)
    (0x2713, 0x2717),  # check marks and crosses
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
)


def gb2312_characters() -> set[str]:
    """Every character of GB2312 (hanzi rows 16-87 and the symbol rows 1-9)."""
    chars: set[str] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def _app_text_files(root: Path = PACKAGE) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.suffix == ".py" or (RESOURCES in path.parents and path.suffix in TEXT_SUFFIXES):
            yield path


def app_characters(root: Path = PACKAGE) -> set[str]:
    """Every printable non-ASCII character in lmdesk's sources and shipped text."""
    chars: set[str] = set()
    for path in _app_text_files(root):
        text = path.read_text(encoding="utf-8", errors="ignore")
        chars.update(c for c in text if ord(c) > 0x7E and c.isprintable())
    return chars


def wanted_characters(root: Path = PACKAGE) -> set[str]:
    chars = gb2312_characters() | app_characters(root)
    for first, last in RANGES:
        chars.update(chr(cp) for cp in range(first, last + 1))
    return chars


def find_source(explicit: Path | None) -> Path:
    """``explicit`` if given, else the first Debian location that holds the font."""
    candidates = (explicit,) if explicit else SOURCE_CANDIDATES
    for path in candidates:
        if path.is_file():
            return path
    raise SystemExit(f"{candidates[0]} not found: install fonts-noto-cjk-extra or pass --source")


def load_source(path: Path) -> TTFont:
    """The Simplified Chinese Bold face, from a .ttc collection or a single .otf."""
    if path.suffix.lower() in {".ttc", ".otc"}:
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(6) == SOURCE_POSTSCRIPT_NAME:
                return font
        raise SystemExit(f"{path} holds no {SOURCE_POSTSCRIPT_NAME} face")
    font = TTFont(str(path))
    if font["name"].getDebugName(6) != SOURCE_POSTSCRIPT_NAME:
        raise SystemExit(f"{path} is not {SOURCE_POSTSCRIPT_NAME}")
    return font


def subset_font(font: TTFont, chars: Iterable[str]) -> set[str]:
    """Cut ``font`` down to ``chars`` in place; return the wanted characters it lacks."""
    cmap = font.getBestCmap()
    wanted = {ord(c) for c in chars}
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]  # Qt lays out horizontally only
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted & set(cmap)))
    subsetter.subset(font)
    return {chr(cp) for cp in wanted - set(cmap)}


def match_regular_metrics(font: TTFont, regular: TTFont) -> None:
    """Give ``font`` the regular face's line metrics (scaled to its own em) and vendor tag.

    fontconfig (so Qt on Linux) takes the foundry from the OS/2 vendor tag and splits a
    family by foundry: "WenQuanYi Micro Hei [GOOG]" and "[WQYF]" instead of one family.
    """
    font["OS/2"].achVendID = regular["OS/2"].achVendID
    scale = font["head"].unitsPerEm / regular["head"].unitsPerEm
    ascent = round(regular["hhea"].ascent * scale)
    descent = round(regular["hhea"].descent * scale)  # negative
    line_gap = round(regular["hhea"].lineGap * scale)
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, descent, line_gap
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, descent, line_gap
    os2.usWinAscent = round(regular["OS/2"].usWinAscent * scale)
    os2.usWinDescent = round(regular["OS/2"].usWinDescent * scale)


def rename(font: TTFont) -> None:
    """Make the face the Bold style of :data:`TARGET_FAMILY`; keep the PostScript name."""
    name = font["name"]
    name.names = [n for n in name.names if n.nameID not in (1, 2, 4, 16, 17)]
    full = f"{TARGET_FAMILY} Bold"
    for platform, encoding, language in ((1, 0, 0), (3, 1, 0x409)):
        name.setName(TARGET_FAMILY, 1, platform, encoding, language)
        name.setName("Bold", 2, platform, encoding, language)
        name.setName(full, 4, platform, encoding, language)
    for language, family in LOCALISED_FAMILY.items():
        style = "粗体" if language in (0x0804, 0x1004) else "粗體"
        name.setName(family, 1, 3, 1, language)
        name.setName(style, 2, 3, 1, language)
        name.setName(f"{family} {style}", 4, 3, 1, language)
    name.setName(
        "Noto Sans CJK SC Bold, subset for lmdesk and named as the bold face of "
        f"{TARGET_FAMILY}; SIL Open Font License 1.1.",
        10,
        3,
        1,
        0x409,
    )
    os2 = font["OS/2"]
    os2.usWeightClass = 700
    os2.fsSelection = (os2.fsSelection & ~(1 << 6 | 1 << 0)) | 1 << 5  # BOLD, not REGULAR
    font["head"].macStyle = (font["head"].macStyle & ~0b10) | 0b1


def ofl_text(copyright_file: Path = DEBIAN_COPYRIGHT) -> str:
    """The SIL OFL 1.1 text, as the Debian package's copyright file carries it."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = next(  # the stand-alone licence paragraph, not the "Files:" stanza's field
        i
        for i, line in enumerate(lines[:-1])
        if line == "License: SIL-1.1" and lines[i + 1].startswith(" ")
    )
    body: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    if not any("SIL OPEN FONT LICENSE Version 1.1" in line for line in body):
        raise SystemExit(f"{copyright_file} carries no SIL OFL 1.1 text")
    return "\n".join(body).strip("\n") + "\n"


def debian_copyright_line(copyright_file: Path = DEBIAN_COPYRIGHT) -> str:
    """The "Copyright:" field of the copyright file's "Files: *" stanza."""
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = lines.index("Files: *")
    for line in lines[start + 1 :]:
        if line.startswith("Copyright:"):
            return "Copyright " + line.removeprefix("Copyright:").strip()
    raise SystemExit(f"{copyright_file} names no copyright for its fonts")


def licence_text(font: TTFont, source: Path, copyright_file: Path = DEBIAN_COPYRIGHT) -> str:
    """The licence file shipped beside the font: what it is, its notices, the OFL."""
    name = font["name"]
    about = (
        f"{OUTPUT.name} is a subset of Noto Sans CJK SC Bold ({SOURCE_POSTSCRIPT_NAME}, "
        f"version {font['head'].fontRevision:.3f}), taken from {source.name} of Debian's "
        "fonts-noto-cjk-extra package (upstream: https://github.com/googlefonts/noto-cjk). "
        "lmdesk/devtools/subset_bold_font.py made it: it keeps only the characters lmdesk "
        "shows, gives it the line metrics and OS/2 vendor tag of WenQuanYi Micro Hei and "
        "names its family "
        f'"{TARGET_FAMILY}" (style Bold), so that it is the bold weight of the bundled '
        f"regular CJK font. Its PostScript name is unchanged: {SOURCE_POSTSCRIPT_NAME}."
    )
    notices = [
        textwrap.fill(n, 80, break_on_hyphens=False)
        for i in (0, 7, 13, 14)
        if (n := name.getDebugName(i))
    ]
    debian = (
        f"Debian's copyright file for the font: {debian_copyright_line(copyright_file)}; "
        "License: SIL-1.1 (below)."
    )
    return (
        "\n\n".join(
            [
                textwrap.fill(about, 80, break_on_hyphens=False),
                "\n".join(notices),
                textwrap.fill(debian, 80, break_on_hyphens=False),
            ]
        )
        + "\n\n"
        + ofl_text(copyright_file)
    )


def build(source: Path, output: Path, regular: Path = REGULAR) -> set[str]:
    """Write the bold subset; return the wanted characters the source font lacks."""
    font = load_source(source)
    licence = output.parent / LICENCE.name
    licence.parent.mkdir(parents=True, exist_ok=True)
    licence.write_text(licence_text(font, source), encoding="utf-8")
    missing = subset_font(font, wanted_characters())
    with TTCollection(str(regular)) as collection:
        match_regular_metrics(font, collection.fonts[0])
    rename(font)
    font["head"].created = font["head"].modified = 0  # reproducible bytes
    font.recalcTimestamp = False
    font.save(str(output), reorderTables=True)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, help="NotoSansCJK-Bold.ttc or NotoSansCJKsc-Bold.otf"
    )
    parser.add_argument(
        "--output", type=Path, default=OUTPUT, help="the font to write (its licence goes beside)"
    )
    args = parser.parse_args(argv)
    missing = build(find_source(args.source), args.output)
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size / 1_000_000:.2f} MB)")
    lacking = sorted(c for c in missing & app_characters() if not c.isspace())
    if lacking:  # shown by the regular font (or the system's) only, never in bold
        print(f"the source font lacks {len(lacking)} of the app's characters: {''.join(lacking)}")
    hanzi = [c for c in lacking if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"]
    return 1 if hanzi else 0


if __name__ == "__main__":
    raise SystemExit(main())
