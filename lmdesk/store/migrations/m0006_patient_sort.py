"""Schema 6: indexes for the patient list's sort orders (name, sex, birth date).

The Patients screen sorts in SQL and reads one page at a time; with these indexes a page
is an index walk (``LIMIT``/``OFFSET``), not a sort of all 10,000 patients. SQLite keeps
each index in (key, rowid) order, which is exactly the ``ORDER BY key, id`` the list uses.
"""

from __future__ import annotations

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations.script import execute_script

SCHEMA = """
CREATE INDEX patients_name_nocase ON patients(name COLLATE NOCASE);
CREATE INDEX patients_sex ON patients(sex);
CREATE INDEX patients_birth_date ON patients(birth_date);
"""


def upgrade(conn: Connection) -> None:
    execute_script(conn, SCHEMA)
