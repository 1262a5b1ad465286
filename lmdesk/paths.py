"""Every filesystem location lmdesk uses, decided in one place.

Order for the patient data folder: ``--db PATH`` (the DB file itself) > ``LMDESK_HOME`` >
portable mode (a writable ``data/`` folder beside the frozen executable) > the platform's
user data dir (platformdirs). Shipped resources are found the same way from source and
frozen: relative to this package (PyInstaller keeps the package layout).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "lmdesk"
PATIENT_DB_NAME = "patients.sqlite"

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def reference_sources_dir() -> Path:
    """Human-readable sources the reference DB is built from."""
    return RESOURCES_DIR / "reference"


def bundled_reference_db() -> Path:
    """The shipped reference DB: ``data/lm.sqlite`` beside the package (source tree or bundle)."""
    return PACKAGE_DIR.parent / "data" / "lm.sqlite"


def fonts_dir() -> Path:
    return RESOURCES_DIR / "fonts"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def portable_data_dir() -> Path | None:
    """``data/`` beside the executable when it exists and is writable (frozen builds only)."""
    if not is_frozen():
        return None
    candidate = Path(sys.executable).resolve().parent / "data"
    if candidate.is_dir() and os.access(candidate, os.W_OK):
        return candidate
    return None


@dataclass(frozen=True)
class AppPaths:
    """Where this run keeps its patient DB, backups, logs and settings."""

    patient_db: Path
    backups_dir: Path
    logs_dir: Path
    settings_file: Path
    reference_db: Path
    #: Folders that are lmdesk's own (data, logs, config; not a ``--db`` file's folder, which
    #: the user chose): made owner-only on open even when they already existed, e.g. made
    #: with the umask's 0755 by an older lmdesk or by hand.
    own_dirs: tuple[Path, ...] = ()

    @classmethod
    def resolve(
        cls, db_override: str | None = None, environ: dict[str, str] | None = None
    ) -> AppPaths:
        env = os.environ if environ is None else environ
        home = env.get("LMDESK_HOME")
        portable = portable_data_dir()
        if home:
            root = Path(home).expanduser()
            data, logs, config = root, root / "logs", root
        elif portable is not None:
            data, logs, config = portable, portable / "logs", portable
        else:
            data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
            logs = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
            config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        patient_db = Path(db_override).expanduser() if db_override else data / PATIENT_DB_NAME
        backups = patient_db.parent / "backups" if db_override else data / "backups"
        own = (logs, config) if db_override else (data, backups, logs, config)
        return cls(
            patient_db=patient_db,
            backups_dir=backups,
            logs_dir=logs,
            settings_file=config / "settings.json",
            reference_db=bundled_reference_db(),
            own_dirs=tuple(dict.fromkeys(own)),
        )

    def make_own_dirs_private(self) -> None:
        """Make lmdesk's own folders owner-only (0700), creating the ones that are missing."""
        for folder in self.own_dirs:
            make_private_dir(folder)


def make_private_dir(path: Path) -> Path:
    """Create ``path`` readable by its owner only on POSIX, and every missing parent the
    same way (``mkdir(parents=True)`` makes parents with the umask's 0755: an
    ``LMDESK_HOME`` of ``~/ward/lm`` was left world-readable). Existing parents are left
    as they are; ``path`` itself is made 0700."""
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path
