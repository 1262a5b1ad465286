"""Build the reference DB (``data/lm.sqlite``) from the text sources, deterministically.

The build writes to a temporary file and renames it over the target only when every
section succeeded, so a failed build never leaves a half-written reference DB.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from lmdesk.store.refsections import ctcae as ctcae_section
from lmdesk.store.refsections import drugs as drugs_section
from lmdesk.store.refsections import meta
from lmdesk.store.refsections import overdose as overdose_section
from lmdesk.store.refsections import pk as pk_section
from lmdesk.store.refsections import protocols as protocols_section

SectionBuilder = Callable[[sqlite_utils.Database, Path], None]

# Order matters only for readability of the dump; each section owns its tables.
SECTIONS: list[tuple[str, SectionBuilder]] = [
    ("meta", meta.build),
    ("protocols", protocols_section.build),
    ("drugs", drugs_section.build),
    ("ctcae", ctcae_section.build),
    ("pk", pk_section.build),
    ("overdose", overdose_section.build),
]


def build_reference(sources: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".building")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(str(partial), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        db = sqlite_utils.Database(conn)
        for _name, section in SECTIONS:
            with db.atomic():
                section(db, sources)
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        partial.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(partial, target)
    return target


def content_dump(path: Path) -> list[str]:
    """Schema and rows as SQL text: two builds are equal when their dumps are equal."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
