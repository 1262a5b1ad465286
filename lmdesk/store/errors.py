"""Storage errors the user must understand (and act on) rather than see as a traceback."""

from __future__ import annotations

from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.errors import LmdeskError


class StoreError(LmdeskError):
    """A database cannot be used as it is."""


class SchemaTooNewError(StoreError):
    """The patient DB was written by a newer lmdesk; it is left untouched."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            _(
                "The patient database {path} has schema version {found}, newer than this lmdesk "
                "knows ({known}). It was written by a newer lmdesk and has not been opened or "
                "changed. Use the newer lmdesk, or open another database with --db."
            ).format(path=path, found=found, known=known)
        )
        self.path, self.found, self.known = path, found, known


class DamagedDatabaseError(StoreError):
    """The file is not a readable SQLite database, or fails its integrity check."""

    def __init__(self, path: Path, detail: str, newest_backup: Path | None = None) -> None:
        hint = (
            _(
                "The newest good backup is {backup}; restore it with 'lmdesk db restore FILE'."
            ).format(backup=newest_backup)
            if newest_backup
            else _("No good backup was found; keep the file and ask IT for help.")
        )
        super().__init__(
            _(
                "The patient database {path} is damaged ({detail}). It has not been changed. {hint}"
            ).format(path=path, detail=detail, hint=hint)
        )
        self.path, self.detail, self.newest_backup = path, detail, newest_backup


class ReferenceDataError(StoreError):
    """The shipped reference DB is missing or unreadable."""
