"""An exclusive lock file around creating and migrating the patient DB (one process at a time).

Several lmdesk processes started together on a DB that does not exist yet, or that needs a
migration, would otherwise race on ``CREATE TABLE`` and on the pre-migration backup. The
lock (``<db>.lmdesk-lock``, an OS lock on an empty file, released when the process ends
whatever happens) makes them take turns; the later ones then find the work done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lmdesk.store.errors import DatabaseLockedForSetupError

LOCK_SUFFIX = ".lmdesk-lock"
SETUP_WAIT_S = 60.0


@contextmanager
def setup_lock(db_path: Path, wait_s: float = SETUP_WAIT_S) -> Iterator[None]:
    lock = db_path.with_name(db_path.name + LOCK_SUFFIX)
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        deadline = time.monotonic() + wait_s
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise DatabaseLockedForSetupError(db_path)
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)
