"""Schema 8: what the pre-dose gate reads from the patient record (issue 22).

Lab results and antithrombotic / vitamin doses per patient (JSON in ``body``; columns for the
queries), and the ward policy's changed values (one row per changed key). Every mutable
table has ``row_version``; nothing is deleted, an entry made by mistake is retracted.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE TABLE lab_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    test TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retracted')),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX lab_results_patient ON lab_results(patient_id, test, taken_at);
CREATE TABLE medications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    drug TEXT NOT NULL,
    last_dose_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retracted')),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX medications_patient ON medications(patient_id, drug, last_dose_at);
CREATE TABLE ward_policy (
    key TEXT PRIMARY KEY,
    value REAL NOT NULL,
    breach TEXT NOT NULL CHECK (breach IN ('stop', 'warn')),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 1
);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
