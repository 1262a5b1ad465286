"""Translations for every visible string, in core and views alike.

English is the source language; Chinese (zh_CN) comes from gettext catalogs, one per
feature (``resources/locale/zh_CN/LC_MESSAGES/<feature>.mo``), merged at load so that
features keep their own catalog. ``_()`` always reads the active language, so switching
language at run time only needs the views to re-read their texts.

Module-level constants are marked with ``N_()`` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterable
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "zh_CN")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}

_LOCALE_DIR = Path(__file__).resolve().parent / "resources" / "locale"

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_language: str = DEFAULT_LANGUAGE


def locale_dir() -> Path:
    """Folder holding ``<lang>/LC_MESSAGES/*.mo``."""
    return _LOCALE_DIR


def catalog_files(language: str, directory: Path | None = None) -> list[Path]:
    """Compiled catalogs of one language, in a stable order."""
    folder = (directory or _LOCALE_DIR) / language / "LC_MESSAGES"
    return sorted(folder.glob("*.mo"))


def load_translations(language: str, directory: Path | None = None) -> gettext.NullTranslations:
    """Merge every feature catalog of ``language`` into one translations object."""
    merged: gettext.NullTranslations = gettext.NullTranslations()
    for path in reversed(catalog_files(language, directory)):
        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        catalog.add_fallback(merged)
        merged = catalog
    return merged


def normalize_language(value: str | None) -> str | None:
    """Map ``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``en_US`` ... to a supported language, else None."""
    if not value:
        return None
    code = value.replace("-", "_").split(".")[0].split("@")[0]
    if code in LANGUAGES:
        return code
    if code.lower().startswith("zh"):
        return "zh_CN"
    if code.lower().startswith("en") or code in ("C", "POSIX"):
        return "en"
    return None


def system_language() -> str:
    """The operating system's language if lmdesk speaks it, else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        found = normalize_language(os.environ.get(variable))
        if found:
            return found
    import locale  # only when no environment variable says it (~1 ms at start-up)

    try:
        found = normalize_language(locale.getlocale()[0])
    except ValueError:
        found = None
    return found or DEFAULT_LANGUAGE


def choose_language(cli_choice: str | None, saved: str | None) -> str:
    """``--lang`` wins over the saved setting, which wins over the system locale."""
    for candidate in (cli_choice, saved):
        found = normalize_language(candidate)
        if found:
            return found
    return system_language()


def set_language(language: str) -> None:
    """Make ``language`` the active language for every later ``_()`` call."""
    global _active, _active_language
    found = normalize_language(language)
    if found is None:
        raise ValueError(f"unsupported language: {language!r}")
    _active = gettext.NullTranslations() if found == "en" else load_translations(found)
    _active_language = found


def current_language() -> str:
    return _active_language


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a constant for translation without translating it now."""
    return message


def translated(messages: Iterable[str]) -> list[str]:
    return [_(m) for m in messages]
