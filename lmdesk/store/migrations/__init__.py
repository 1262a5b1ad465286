"""Patient-DB migrations, in order. Version N is reached by applying MIGRATIONS[N - 1].

To add one: write ``mNNNN_<what>.py`` with ``upgrade(conn)`` and append it here with the
next number. Use ``script.execute_script`` for multi-statement SQL, never
``conn.executescript`` (it COMMITs, splitting the migration's transaction), and no COMMIT.
Never edit a migration that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from lmdesk.store.dbapi import Connection
from lmdesk.store.migrations import (
    m0001_core,
    m0002_scheduler,
    m0003_sheets,
    m0004_ctcae,
    m0005_scale_indexes,
    m0006_patient_sort,
    m0007_assessment,
    m0008_bedside,
    m0009_users,
    m0010_pinyin_search_key,
)

Migration = Callable[[Connection], None]

MIGRATIONS: list[tuple[int, Migration]] = [
    (1, m0001_core.upgrade),
    (2, m0002_scheduler.upgrade),
    (3, m0003_sheets.upgrade),
    (4, m0004_ctcae.upgrade),
    (5, m0005_scale_indexes.upgrade),
    (6, m0006_patient_sort.upgrade),
    (7, m0007_assessment.upgrade),
    (8, m0008_bedside.upgrade),
    (9, m0009_users.upgrade),
    (10, m0010_pinyin_search_key.upgrade),
]

LATEST_VERSION = MIGRATIONS[-1][0]
