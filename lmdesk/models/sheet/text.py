"""Words on the printed regimen sheet, in the sheet's own language.

The sheet language (Chinese, English or bilingual) is a setting of its own, independent
of the screen language, and a sheet may be built in a worker thread while the screen
switches language. So the sheet never calls the global ``_()``: it keeps its own
translations object, and every string here is marked with ``N_()`` for the catalog.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import lru_cache
from typing import Literal

from lmdesk.i18n import load_translations
from lmdesk.models.local_time import WEEKDAYS

SheetLanguage = Literal["zh_CN", "en", "bilingual"]
SHEET_LANGUAGES: tuple[SheetLanguage, ...] = ("zh_CN", "en", "bilingual")


@lru_cache(maxsize=1)
def _chinese() -> gettext.NullTranslations:
    return load_translations("zh_CN")


def reset_cache() -> None:
    """Forget the loaded catalog (tests that recompile catalogs)."""
    _chinese.cache_clear()


class SheetText:
    """Translate and format for one sheet language; bilingual joins English and Chinese."""

    def __init__(self, language: SheetLanguage) -> None:
        self.language: SheetLanguage = language

    def zh(self, message: str) -> str:
        return _chinese().gettext(message)

    def variants(self, message: str, **values: object) -> tuple[str, ...]:
        """The message in each language the sheet uses (one, or English then Chinese)."""
        en = message.format(**values) if values else message
        if self.language == "en":
            return (en,)
        zh = self.zh(message)
        zh = zh.format(**values) if values else zh
        if self.language == "zh_CN":
            return (zh,)
        return (en,) if zh == en else (en, zh)

    def one(self, message: str, **values: object) -> str:
        """A short text: bilingual sheets show ``English / 中文`` on one line."""
        return " / ".join(self.variants(message, **values))

    def one_worded(self, message: str, **words: str) -> str:
        """Like ``one``, where each value is itself a marked message (a label): worded in the
        language of the text around it, so a bilingual sheet says each language once
        (``English text English label / 中文文字 中文标签``), never both inside both."""
        en = message.format(**words)
        if self.language == "en":
            return en
        zh = self.zh(message).format(**{k: self.zh(v) for k, v in words.items()})
        if self.language == "zh_CN":
            return zh
        return en if en == zh else f"{en} / {zh}"

    def lines(self, message: str, **values: object) -> tuple[str, ...]:
        """A sentence: bilingual sheets show the English line, then the Chinese line."""
        return self.variants(message, **values)

    def date(self, day: dt.date) -> str:
        """ISO date with its weekday (``2027-01-04 Mon`` / ``2027-01-04 周一``)."""
        return f"{day.isoformat()} {' '.join(self.variants(WEEKDAYS[day.weekday()]))}"

    def name(self, en: str, zh: str) -> str:
        """A name that is data (drug, protocol) in the sheet's language."""
        if self.language == "en" or not zh:
            return en
        if self.language == "zh_CN":
            return zh
        return en if en == zh else f"{en} {zh}"

    def data_variants(self, en: str, zh: str) -> tuple[str, ...]:
        """A text that is reference data (a dose, a protocol note) in each sheet language;
        English where the data has no Chinese."""
        if self.language == "en" or not zh:
            return (en,)
        if self.language == "zh_CN":
            return (zh,)
        return (en,) if en == zh else (en, zh)

    def data(self, en: str, zh: str) -> str:
        """A short data text: bilingual sheets show ``English / 中文`` on one line."""
        return " / ".join(self.data_variants(en, zh))

    def aside(self, text: str) -> str:
        """`` (text)`` after a phrase; Chinese sheets use full-width brackets: ``（text）``."""
        return f"（{text}）" if self.language == "zh_CN" else f" ({text})"


def format_mg(value: float, unit: str = "mg") -> str:
    """A dose with its unit, no trailing zeros (``12.5 mg``)."""
    return f"{value:g} {unit}"
