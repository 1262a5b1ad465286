"""Rotating log file in the user log dir; owner-only on POSIX."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from lmdesk.paths import make_private_dir

LOG_NAME = "lmdesk.log"
log = logging.getLogger("lmdesk")


def setup_logging(logs_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``logs_dir/lmdesk.log`` (1 MB x 5). Returns the file, or None if not writable."""
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
    root.addHandler(handler)
    return path
