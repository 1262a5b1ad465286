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
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from lmdesk.paths import make_private_dir

# A plain dataclass, not pydantic: this file is read before the first paint, and importing
# pydantic there cost about 0.1 s of start-up.


class SettingsError(ValueError):
    """The settings file holds a value of the wrong kind."""


@dataclass(frozen=False)
class Settings:
    language: str | None = None
    hospital_name: str = ""
    ward_name: str = ""
    sheet_language: str = "bilingual"
    user_display_name: str = ""
    backups_to_keep: int = 10
    last_folder: str = ""  # where the last exported file went: the next save dialog starts there
    #: The ward server this workstation works on (``postgresql://…``); empty: the local file.
    ward_server: str = ""

    @classmethod
    def from_mapping(cls, raw: Any) -> Settings:
        """Validate a decoded JSON object; unknown keys are ignored, a bad value raises."""
        if not isinstance(raw, dict):
            raise SettingsError("settings must be a JSON object")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        for key in (
            "hospital_name",
            "ward_name",
            "sheet_language",
            "user_display_name",
            "last_folder",
            "ward_server",
        ):
            if key in values and not isinstance(values[key], str):
                raise SettingsError(f"{key} must be text")
        if "language" in values and not isinstance(values["language"], str | None):
            raise SettingsError("language must be text or null")
        keep = values.get("backups_to_keep", 10)
        if isinstance(keep, bool) or not isinstance(keep, int) or not 1 <= keep <= 365:
            raise SettingsError("backups_to_keep must be a whole number from 1 to 365")
        return cls(**values)

    def copy(self) -> Settings:
        return replace(self)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_settings(path: Path) -> Settings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError:
        return Settings()
    try:
        # Decoding here: a file saved in another encoding (e.g. GBK) is a damaged file too.
        return Settings.from_mapping(json.loads(raw.decode("utf-8-sig")))  # Notepad: BOM
    except (ValueError, RecursionError):
        with contextlib.suppress(OSError):
            path.replace(path.with_name(path.name + ".bad"))
        return Settings()


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically (temp file + rename) so a power cut never leaves half a file."""
    if not path.parent.exists():  # a folder lmdesk creates is owner-only
        make_private_dir(path.parent)
    payload = json.dumps(settings.as_dict(), ensure_ascii=False, indent=2, sort_keys=True)
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
