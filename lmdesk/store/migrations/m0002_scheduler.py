"""Schema 2: patients, courses with their sessions, custom protocols, holidays.

A course row keeps its whole value (protocol snapshot included) as JSON in ``body``; its
sessions are also rows, so calendars and other features can query dates and statuses.
Every mutable table has ``row_version`` for optimistic locking.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE TABLE patients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mrn TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    sex TEXT,
    birth_date TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE courses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    protocol_id TEXT NOT NULL,
    drug TEXT NOT NULL,
    route TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL
);
CREATE INDEX courses_patient ON courses(patient_id);
CREATE TABLE course_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    drug TEXT NOT NULL,
    dose_mg REAL NOT NULL,
    route TEXT NOT NULL,
    body TEXT NOT NULL,
    row_version INTEGER NOT NULL,
    UNIQUE (course_id, n)
);
CREATE INDEX course_sessions_date ON course_sessions(date);
CREATE TABLE custom_protocols (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 1
);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
