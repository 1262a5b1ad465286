"""Read-only access to the reference DB (drug cards, protocols, CTCAE, PK parameters)."""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lmdesk.i18n import _
from lmdesk.store.errors import ReferenceDataError
from lmdesk.store.sqlite_conn import connect_readonly

if TYPE_CHECKING:
    import sqlite_utils


class ReferenceDB:
    """The shipped reference DB, opened immutable: lmdesk can never change it."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise ReferenceDataError(
                _("The reference database {path} is missing; reinstall lmdesk.").format(path=path)
            )
        try:
            self.conn: sqlite3.Connection = connect_readonly(path, immutable=True)
            rows = self.conn.execute("SELECT key, value FROM meta").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ReferenceDataError(
                _(
                    "The reference database {path} cannot be read ({detail}); reinstall lmdesk."
                ).format(path=path, detail=exc)
            ) from exc
        self.path = path
        self.meta: dict[str, str] = {str(k): str(v) for k, v in rows}

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils view of the same connection; imported on first use (it pulls numpy)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def content_version(self) -> str:
        return self.meta.get("content_version", "?")

    @property
    def reviewed_on(self) -> str:
        return self.meta.get("reviewed_on", "?")

    def has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def close(self) -> None:
        self.conn.close()
