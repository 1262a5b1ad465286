"""Schema 3: the archive of printed and exported regimen sheets.

An archived sheet is evidence of what the ward was handed, so rows are append-only
(triggers refuse UPDATE and DELETE) and keep the exact PDF bytes with their SHA-256.
``course_id`` is NULL for a sheet printed from an unsaved plan.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE TABLE sheet_archive (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER REFERENCES courses(id),
    course_revision INTEGER NOT NULL,
    patient_mrn TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'print')),
    language TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    printed_by TEXT NOT NULL,
    reference_version TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    pages INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    pdf BLOB NOT NULL
);
CREATE INDEX sheet_archive_course ON sheet_archive(course_id, id);
CREATE TRIGGER sheet_archive_no_update BEFORE UPDATE ON sheet_archive
BEGIN SELECT RAISE(ABORT, 'archived sheets are kept as printed'); END;
CREATE TRIGGER sheet_archive_no_delete BEFORE DELETE ON sheet_archive
BEGIN SELECT RAISE(ABORT, 'archived sheets are kept as printed'); END;
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
