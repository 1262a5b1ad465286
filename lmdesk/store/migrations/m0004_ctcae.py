"""Schema 4: adverse events graded by CTCAE, recorded on a course.

The whole AE is kept as JSON in ``body``; the columns repeat what the course calendar and
reports query (course, onset, term, grade). ``row_version`` guards against stale edits.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE TABLE adverse_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses(id),
    ctcae_version TEXT NOT NULL,
    term TEXT NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 5),
    onset_date TEXT NOT NULL,
    attribution TEXT NOT NULL,
    action_taken TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX adverse_events_course ON adverse_events(course_id, onset_date);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
