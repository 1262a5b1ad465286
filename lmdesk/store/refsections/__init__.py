"""Sections of the reference DB; each builds its tables from its own source files.

A section module exposes ``build(db: sqlite_utils.Database, sources: Path) -> None`` and
writes its rows in a stable order, so a rebuild gives the same content.
"""
