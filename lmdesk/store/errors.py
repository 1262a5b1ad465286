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


class MissingDatabaseError(DamagedDatabaseError):
    """The patient DB is missing or empty where one was known: an alarm, never a fresh start."""

    def __init__(self, path: Path, why: str, newest_backup: Path | None = None) -> None:
        StoreError.__init__(
            self,
            _(
                "The patient database {path} is missing or empty, but one was known here ({why}). "
                "lmdesk does not start a new, empty database in its place. {hint}"
            ).format(path=path, why=why, hint=_restore_hint(newest_backup)),
        )
        self.path, self.detail, self.newest_backup = path, why, newest_backup


class ChangesLostError(DamagedDatabaseError):
    """The file holds fewer audited changes than lmdesk last recorded beside it."""

    def __init__(self, path: Path, detail: str, newest_backup: Path | None = None) -> None:
        StoreError.__init__(
            self,
            _(
                "The patient database {path} is not the one lmdesk last saved: {detail}. It has "
                "not been changed. {hint} To keep working with the file as it is, run "
                "'lmdesk db accept-loss --yes' (the loss is written to the audit trail)."
            ).format(path=path, detail=detail, hint=_restore_hint(newest_backup)),
        )
        self.path, self.detail, self.newest_backup = path, detail, newest_backup


def _restore_hint(newest_backup: Path | None) -> str:
    if newest_backup is None:
        return _("No good backup was found; keep the file and ask IT for help.")
    return _(
        "The newest good backup is {backup}; restore it with 'lmdesk db restore {backup}'."
    ).format(backup=newest_backup)


class WriteRefusedError(StoreError):
    """A write was refused before it started: nothing was saved."""


class DatabaseVanishedError(WriteRefusedError):
    """The DB file was deleted, replaced or emptied while lmdesk had it open."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            _(
                "NOT SAVED: the patient database {path} {detail} while lmdesk had it open. "
                "Nothing was written. Quit lmdesk and start it again; it will offer the backups."
            ).format(path=path, detail=detail)
        )
        self.path = path


class DatabaseBusyError(WriteRefusedError):
    """Another process held the write lock longer than the busy timeout."""

    def __init__(self, path: Path, seconds: float) -> None:
        super().__init__(
            _(
                "NOT SAVED: the patient database {path} is busy: another lmdesk or program has "
                "held its write lock for more than {seconds:.0f} s. Nothing was written; try again."
            ).format(path=path, seconds=seconds)
        )
        self.path = path


class DiskFullError(StoreError):
    """The disk is full (or refuses to grow the file): nothing was written."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            _(
                "Disk full: {path} could not be written ({detail}). Nothing was changed; free "
                "some disk space and try again."
            ).format(path=path, detail=detail)
        )
        self.path = path


class DiskIOError(StoreError):
    """The operating system reported an I/O error (not damage inside the file)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            _(
                "Disk error: {path} could not be read or written ({detail}); the disk may be "
                "full, removed or failing. Nothing was changed."
            ).format(path=path, detail=detail)
        )
        self.path = path


class ReadOnlyDatabaseError(StoreError):
    """The DB file or its folder cannot be written by this user."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "The patient database {path} (or its folder) is read-only for this user; lmdesk "
                "must be able to write it. Nothing was changed. Check the file's permissions."
            ).format(path=path)
        )
        self.path = path


class DatabaseLockedForSetupError(StoreError):
    """Another process is creating or upgrading the DB and did not finish in time."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "Another lmdesk is creating or upgrading the patient database {path} and did not "
                "finish in time. Nothing was changed; try again in a minute."
            ).format(path=path)
        )
        self.path = path
