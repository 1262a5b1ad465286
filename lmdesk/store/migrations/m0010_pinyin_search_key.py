"""Schema 10: existing patients get their pinyin search key and a pinyin sort key.

Patients saved before pinyin search (issue 26) kept a search key without the name's pinyin:
"zhang" did not find 张伟 until the record was edited. Every key is recomputed with the
repository's own ``search_key``; ``sort_name`` (with its index) holds the name's pinyin
sort key, so the Patients screen's page in name order is an index walk in pinyin order.
Plain SQL on ``patients`` only: it runs on SQLite and, passed through unchanged, on the
ward server.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
ALTER TABLE patients ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
CREATE INDEX patients_sort_name ON patients(sort_name);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
    rows = conn.execute("SELECT id, mrn, name FROM patients ORDER BY id").fetchall()
    if not rows:
        return  # a new database: nothing to recompute (and nothing more to load at start-up)
    # Imported only when there are patients: the patient repository (pydantic) and
    # pypinyin's tables must not load before the first screen of a new installation.
    from lmdesk.models.name_pinyin import pinyin_sort_key
    from lmdesk.store.patient_repo import search_key

    for patient_id, mrn, name in rows:
        conn.execute(
            "UPDATE patients SET search_key = ?, sort_name = ? WHERE id = ?",
            (search_key(mrn, name), pinyin_sort_key(name), patient_id),
        )
