"""User settings kept in a small JSON file (language, hospital and ward for sheets, backups).

Read before the databases open, so the language is known before the first visible string.
A damaged or unreadable file falls back to defaults and is never overwritten silently:
it is kept beside the new one as ``settings.json.bad``.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    language: str | None = None
    hospital_name: str = ""
    ward_name: str = ""
    sheet_language: str = "bilingual"
    user_display_name: str = ""
    backups_to_keep: int = Field(default=10, ge=1, le=365)


def load_settings(path: Path) -> Settings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError:
        return Settings()
    try:
        # Decoding here: a file saved in another encoding (e.g. GBK) is a damaged file too.
        return Settings.model_validate(json.loads(raw.decode("utf-8-sig")))  # Notepad: BOM
    except (ValueError, ValidationError, RecursionError):
        with contextlib.suppress(OSError):
            path.replace(path.with_name(path.name + ".bad"))
        return Settings()


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically (temp file + rename) so a power cut never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(settings.model_dump(), ensure_ascii=False, indent=2, sort_keys=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
