"""Backups of the ward database with ``pg_dump`` (the server's own, consistent snapshot)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from lmdesk.i18n import _
from lmdesk.models.errors import BadInputError
from lmdesk.store.server.url import shown_url

DUMP_TIMEOUT_S = 3600


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


def dump_to(url: str, login: str | None, password: str | None, target: Path) -> Path:
    """Write a custom-format dump of the ward database to ``target`` (owner-only)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    command = [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"]
    if login is not None:
        command.append(f"--username={login}")
    command.append(f"--dbname={url}")
    old_umask = os.umask(0o077)
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=DUMP_TIMEOUT_S, check=False
        )
    finally:
        os.umask(old_umask)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise BadInputError(
            _("pg_dump of {where} failed: {detail}").format(where=shown_url(url), detail=detail)
        )
    os.replace(partial, target)
    return target
