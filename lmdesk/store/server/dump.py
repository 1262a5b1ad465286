"""Backups of the ward database with ``pg_dump`` (the server's own, consistent snapshot)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.store.server.url import shown_url

DUMP_TIMEOUT_S = 3600
#: How often a running pg_dump looks whether it was cancelled (s).
CHECK_EVERY_S = 0.2


def pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` on PATH, else the newest of Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise BadInputError(
        _("{tool} is not installed on this workstation (package postgresql-client).").format(
            tool=name
        )
    )


def dump_to(
    url: str,
    login: str | None,
    password: str | None,
    target: Path,
    check: Callable[[], None] | None = None,
) -> Path:
    """Write a custom-format dump of the ward database to ``target`` (owner-only).

    ``check`` is called while pg_dump runs; whatever it raises (a cancelled job) ends pg_dump,
    removes the partial file and comes out of here unchanged.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    command = [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"]
    if login is not None:
        command.append(f"--username={login}")
    command.append(f"--dbname={url}")
    old_umask = os.umask(0o077)  # pg_dump creates the file: owner-only from the start
    try:
        dumping = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.umask(old_umask)
    deadline = time.monotonic() + DUMP_TIMEOUT_S
    try:
        while True:
            try:
                _out, stderr = dumping.communicate(timeout=CHECK_EVERY_S)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    raise
                if check is not None:
                    check()
    except BaseException:
        dumping.kill()
        dumping.communicate()
        partial.unlink(missing_ok=True)
        raise
    if dumping.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = (stderr.strip().splitlines() or ["?"])[-1]
        raise BadInputError(
            _("pg_dump of {where} failed: {detail}").format(where=shown_url(url), detail=detail)
        )
    os.replace(partial, target)
    return target
