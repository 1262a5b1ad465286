"""Schema 7: response assessments recorded on a course (issue 13).

The whole assessment is JSON in ``body``; columns repeat what lists and trends query (course,
date, baseline flag, KPS, ECOG, cytology). A partial unique index lets each course have at
most one active baseline, so even a bug cannot store two. ``row_version`` guards edits.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses(id),
    assessed_on TEXT NOT NULL,
    is_baseline INTEGER NOT NULL DEFAULT 0 CHECK (is_baseline IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retracted')),
    kps INTEGER CHECK (kps IS NULL OR (kps BETWEEN 0 AND 100 AND kps % 10 = 0)),
    ecog INTEGER CHECK (ecog IS NULL OR ecog BETWEEN 0 AND 5),
    cytology TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assessments_course ON assessments(course_id, assessed_on);
CREATE UNIQUE INDEX assessments_one_baseline ON assessments(course_id)
    WHERE is_baseline = 1 AND status = 'active';
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
