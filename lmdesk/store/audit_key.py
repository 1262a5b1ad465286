"""The per-installation secret key that signs audit rows (HMAC-SHA256), kept outside the DB.

Created on first use, owner-only (0600), in the installation's settings folder
(``LMDESK_HOME``, the portable ``data/`` folder or the user's config dir) — never inside
the patient database, so a copy of the DB alone cannot be re-signed after an edit.
"""

from __future__ import annotations

import os
from pathlib import Path

KEY_FILE_NAME = "audit.key"
KEY_BYTES = 32


def default_key_file() -> Path:
    """Where this installation keeps its key (the folder ``settings.json`` lives in)."""
    from lmdesk.paths import AppPaths

    return AppPaths.resolve().settings_file.with_name(KEY_FILE_NAME)


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path``; made (0600, exclusively, so two processes agree) if missing."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    try:
        os.write(fd, os.urandom(KEY_BYTES).hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(partial, path)  # fails if another process made the key first: use theirs
    except FileExistsError:
        pass
    except OSError:  # no hard links here (some filesystems): first writer still wins
        if not path.exists():
            os.replace(partial, path)
    partial.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    key = bytes.fromhex(text)
    if len(key) < 16:
        raise ValueError(f"audit key {path} is too short")
    return key


def key_id(key: bytes) -> str:
    """A short public fingerprint of the key (says which key signed, reveals nothing)."""
    import hashlib

    return hashlib.sha256(b"lmdesk-audit-key-id" + key).hexdigest()[:16]
