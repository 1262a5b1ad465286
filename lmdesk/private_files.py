"""Owner-only, atomic writes of the files a user exports: sheets, reports, cards, calendars.

An exported regimen sheet, response report, drug card, ``.ics`` calendar or trend CSV/PNG
carries the patient's name and MRN. Every such file is written here: into a temporary file
beside the target created 0600 (whatever the umask), flushed to disk, then renamed over the
target, so the file is owner-only from its first byte and is either whole or not there.
A folder that has to be created for it is owner-only too (``paths.make_private_dir``).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.paths import make_private_dir

PRIVATE_FILE_MODE = 0o600


def _cannot_write(path: Path, exc: OSError) -> BadInputError:
    return BadInputError(
        _("Cannot write {path}: {detail}").format(path=path, detail=exc.strerror or exc)
    )


def private_temp_beside(path: Path, data: bytes) -> Path:
    """``data`` in an owner-only temporary file next to ``path`` (renamed over it once all
    went well: :func:`replace_private`)."""
    if path.is_dir():
        raise BadInputError(_("{path} is a folder; give a file name.").format(path=path))
    tmp = path.with_name(f".{path.name}.{datetime.now().strftime('%H%M%S%f')}.tmp")
    try:
        if not path.parent.exists():
            make_private_dir(path.parent)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        try:
            if os.name == "posix":
                os.fchmod(fd, PRIVATE_FILE_MODE)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            os.close(fd)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    return tmp


def replace_private(tmp: Path, path: Path) -> None:
    """Rename the temporary file over ``path`` (the target keeps the temporary file's 0600)."""
    try:
        tmp.replace(path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_private(path: Path, data: bytes) -> None:
    """Write the whole file or nothing, readable by its owner only."""
    replace_private(private_temp_beside(path, data), path)
