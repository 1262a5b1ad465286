"""Run a multi-statement SQL script inside the caller's transaction.

``Connection.executescript`` COMMITs first, which would split a migration in two;
this runs the statements one by one instead (trigger bodies included).
"""

from __future__ import annotations

import sqlite3

from lmdesk.store.dbapi import Connection


def split_statements(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n\t;"):
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \n\t;"):
        raise ValueError("incomplete SQL statement at end of script")
    return statements


def execute_script(conn: Connection, script: str) -> None:
    for statement in split_statements(script):
        conn.execute(statement)
