"""The third-party components lmdesk runs on, with the version and licence found at run time.

Versions and licence names come from each installed package's metadata (importlib.metadata);
the standalone bundle may carry no metadata, so each component also names the module whose
``__version__`` to read and the licence its project publishes. A test holds this list to the
runtime requirements in pyproject.toml.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    distribution: str  # the name on PyPI (and in pyproject.toml)
    title: str  # what the About box calls it
    module: str  # imported for ``__version__`` when the metadata is missing
    licence: str  # the project's published licence (SPDX), used when the metadata has none
    url: str


COMPONENTS: tuple[Component, ...] = (
    Component("PySide6-Essentials", "Qt for Python (PySide6)", "PySide6", "LGPL-3.0-only",
              "https://www.qt.io/qt-for-python"),
    Component("shiboken6", "Shiboken6", "shiboken6", "LGPL-3.0-only",
              "https://www.qt.io/qt-for-python"),
    Component("pyqtgraph", "pyqtgraph", "pyqtgraph", "MIT", "https://www.pyqtgraph.org"),
    Component("numpy", "NumPy", "numpy", "BSD-3-Clause", "https://numpy.org"),
    Component("pydantic", "pydantic", "pydantic", "MIT", "https://docs.pydantic.dev"),
    Component("sqlite-utils", "sqlite-utils", "sqlite_utils", "Apache-2.0",
              "https://sqlite-utils.datasette.io"),
    Component("platformdirs", "platformdirs", "platformdirs", "MIT",
              "https://github.com/tox-dev/platformdirs"),
    Component("icalendar", "icalendar", "icalendar", "BSD-2-Clause",
              "https://github.com/collective/icalendar"),
    Component("confusable-homoglyphs", "confusable_homoglyphs", "confusable_homoglyphs", "MIT",
              "https://github.com/vhf/confusable_homoglyphs"),
    Component("argon2-cffi", "argon2-cffi", "argon2", "MIT", "https://argon2-cffi.readthedocs.io"),
    Component("pypinyin", "pypinyin", "pypinyin", "MIT", "https://github.com/mozillazg/python-pinyin"),
    Component("psycopg", "psycopg (PostgreSQL, ward server)", "psycopg", "LGPL-3.0-only",
              "https://www.psycopg.org"),
    Component("psycopg-binary", "psycopg-binary (libpq)", "psycopg_binary", "LGPL-3.0-only",
              "https://www.psycopg.org"),
)  # fmt: skip

_CLASSIFIER = "License :: OSI Approved :: "


def version_of(component: Component) -> str | None:
    """The installed version, or None when the component is not installed."""
    try:
        return importlib.metadata.version(component.distribution)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        module = importlib.import_module(component.module)
    except ImportError:
        return None
    return str(getattr(module, "__version__", "")) or "?"


def _field(meta: importlib.metadata.PackageMetadata, name: str) -> str:
    try:
        value = meta[name]
    except KeyError:  # Python >= 3.12 raises for a missing field; 3.11 returns None
        return ""
    return str(value or "").strip()


def licence_of(component: Component) -> str:
    """The licence as the package's metadata states it (expression, short text, classifier),
    else the one its project publishes."""
    try:
        meta = importlib.metadata.metadata(component.distribution)
    except importlib.metadata.PackageNotFoundError:
        return component.licence
    expression = _field(meta, "License-Expression")
    if expression:
        return expression
    text = _field(meta, "License")
    if text and "\n" not in text and len(text) <= 80:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith(_CLASSIFIER):
            return str(classifier).removeprefix(_CLASSIFIER)
    return component.licence


def installed_components() -> list[tuple[str, str, str, str]]:
    """(title, version, licence, url) of every component this installation has, Qt first."""
    from PySide6.QtCore import qVersion

    rows = [("Qt", qVersion(), "LGPL-3.0-only", "https://www.qt.io")]
    for component in COMPONENTS:
        version = version_of(component)
        if version is not None:
            rows.append((component.title, version, licence_of(component), component.url))
    return rows
