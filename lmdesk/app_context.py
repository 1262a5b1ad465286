"""What a run of lmdesk works with, built once by the composition root and passed down.

The CLI and the GUI get the same context; views receive it (or the parts they need) in
their constructors. Databases open lazily, on first use, so that start-up paints the
window before any file work that can wait.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from lmdesk.models.clock import Clock, SystemClock
from lmdesk.paths import AppPaths, make_private_dir
from lmdesk.settings import Settings, save_settings

if TYPE_CHECKING:  # imported on first use: sqlite-utils and numpy cost ~0.3 s at start-up
    from lmdesk.store.patient_db import PatientDB
    from lmdesk.store.reference import ReferenceDB


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    language: str
    clock: Clock = field(default_factory=SystemClock)
    user: str = field(default_factory=os_user)

    @cached_property
    def reference(self) -> ReferenceDB:
        from lmdesk.store.reference import ReferenceDB

        return ReferenceDB(self.paths.reference_db)

    @cached_property
    def patients(self) -> PatientDB:
        from lmdesk.store.patient_db import PatientDB

        make_private_dir(self.paths.backups_dir)
        return PatientDB.open(
            self.paths.patient_db,
            clock=self.clock,
            user=self.user_label,
            backups_dir=self.paths.backups_dir,
        )

    @property
    def user_label(self) -> str:
        """Who the audit trail names: the clinician's display name, else the OS account."""
        name = self.settings.user_display_name.strip()
        return f"{name} ({self.user})" if name else self.user

    def patients_opened(self) -> bool:
        return "patients" in self.__dict__

    def save_settings(self) -> None:
        save_settings(self.settings, self.paths.settings_file)

    def close(self) -> None:
        if "patients" in self.__dict__:
            self.patients.close()
        if "reference" in self.__dict__:
            self.reference.close()
