"""Count the patient rows a piece of code reads: a behavioural check that screens stay
bounded at scale (used by tests and benchmarks/bench_scale.py; no timing involved).

SQLite's trace callback hands over every statement with its parameters filled in; after
the code has run, each SELECT that reads the ``patients`` table is run again as
``SELECT count(*) FROM (...)`` to learn how many rows it returned.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_READS_PATIENTS = re.compile(r"\b(FROM|JOIN)\s+patients\b", re.IGNORECASE)


@dataclass
class PatientReads:
    """Statements that read ``patients`` and how many rows each returned."""

    statements: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for _sql, n in self.statements)

    @property
    def largest(self) -> int:
        return max((n for _sql, n in self.statements), default=0)


@contextmanager
def patient_reads(conn: sqlite3.Connection) -> Iterator[PatientReads]:
    seen: list[str] = []
    reads = PatientReads()
    conn.set_trace_callback(seen.append)
    try:
        yield reads
    finally:
        conn.set_trace_callback(None)
    for sql in seen:
        text = sql.strip().rstrip(";")
        if not text.upper().startswith(("SELECT", "WITH")) or not _READS_PATIENTS.search(text):
            continue
        count = int(conn.execute(f"SELECT count(*) FROM ({text})").fetchone()[0])
        reads.statements.append((text, count))
