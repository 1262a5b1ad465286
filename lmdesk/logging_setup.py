"""Rotating log file in the user log dir; owner-only on POSIX.

The GUI opens the file just after its first paint (``logging.handlers`` alone costs about
5 ms to import); until then :func:`hold_records` keeps every record in memory, and
:func:`setup_logging` writes them to the file first, so nothing logged at start-up is lost.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lmdesk.paths import make_private_dir

LOG_NAME = "lmdesk.log"
log = logging.getLogger("lmdesk")


class HeldRecords(logging.Handler):
    """Keeps the records logged before the log file is open (a few at most)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_records(level: int = logging.INFO) -> HeldRecords:
    """Collect lmdesk's records in memory until :func:`setup_logging` opens the file."""
    root = logging.getLogger("lmdesk")
    root.setLevel(level)
    held = next((h for h in root.handlers if isinstance(h, HeldRecords)), None)
    if held is None:
        held = HeldRecords()
        root.addHandler(held)
    return held


def setup_logging(logs_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``logs_dir/lmdesk.log`` (1 MB x 5). Returns the file, or None if not writable.

    Records held by :func:`hold_records` go to the file first; if it cannot be opened they
    stay held (and are written by a later successful call).
    """
    import logging.handlers

    try:
        make_private_dir(logs_dir)
        path = logs_dir / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        if os.name == "posix":
            os.chmod(path, 0o600)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("lmdesk")
    root.setLevel(level)
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)  # before the held records go: no record finds no handler
    for held in [h for h in root.handlers if isinstance(h, HeldRecords)]:
        root.removeHandler(held)
        for record in held.records:
            handler.handle(record)
    return path


def release_held_records(logs_dir: Path) -> None:
    """Open the log file if records are still held (a run that ended before its first paint)."""
    if any(isinstance(h, HeldRecords) for h in logging.getLogger("lmdesk").handlers):
        setup_logging(logs_dir)
