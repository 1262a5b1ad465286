"""The connection surface the repositories use, met by sqlite3 and by the ward server's wrapper.

Repositories write SQL in the subset both engines read the same way: ``?`` placeholders,
``INSERT ... RETURNING id``, ``ON CONFLICT ... DO NOTHING / DO UPDATE``, double-quoted
identifiers. What differs (JSON access, case-insensitive order) is asked of the ``Dialect``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What repositories call on a connection (``sqlite3.Connection`` has it all)."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...

    def close(self) -> None: ...


class IntegrityViolation(Exception):
    """A constraint refused a row on the ward server (the engine-neutral IntegrityError)."""


#: What a repository catches for "a UNIQUE/CHECK/FK constraint refused this row".
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, IntegrityViolation)


@dataclass(frozen=True)
class Dialect:
    """The few SQL fragments that differ between SQLite and PostgreSQL."""

    name: str

    @property
    def is_server(self) -> bool:
        return self.name == "postgresql"

    def json_text(self, column: str, key: str) -> str:
        """The text of a top-level (or dotted) key of a JSON ``column``."""
        if not self.is_server:
            return f"json_extract({column}, '$.{key}')"
        path = ",".join(key.split("."))
        return f"({column}::jsonb #>> '{{{path}}}')"

    def json_int(self, column: str, key: str) -> str:
        """An integer top-level key of a JSON ``column`` (NULL when absent)."""
        if not self.is_server:
            return f"json_extract({column}, '$.{key}')"
        return f"(({column}::jsonb ->> '{key}')::bigint)"

    def nocase(self, column: str) -> str:
        """``column`` for a case-insensitive order or comparison."""
        return f"{column} COLLATE NOCASE" if not self.is_server else f"lower({column})"


SQLITE = Dialect("sqlite")
POSTGRESQL = Dialect("postgresql")
