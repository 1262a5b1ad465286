"""Schema 5: indexes the patient search needs at ward scale (10,000 patients).

``LIKE '%text%'`` cannot seek, but scanning a narrow index of ``search_key`` is about ten
times cheaper than scanning the table with every patient's JSON body
(benchmarks/bench_scale.py). ``updated_at`` serves the "recently changed" sort order.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE INDEX patients_search_key ON patients(search_key);
CREATE INDEX patients_updated_at ON patients(updated_at);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
