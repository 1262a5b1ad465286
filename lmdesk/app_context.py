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
    from lmdesk.models.users.user import User
    from lmdesk.models.users.ward_settings import WardSettings
    from lmdesk.store.patient_store import PatientStore
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
    #: ``PRAGMA quick_check`` when the patient DB opens (the GUI checks on a worker instead).
    integrity_at_open: bool = True
    signed_in: User | None = None
    #: The ward server (``postgresql://…``) instead of the local SQLite file, when set.
    server_url: str | None = None
    #: Who the ward-server connection is: (login, password); None: the URL's own role.
    server_login: tuple[str, str] | None = None
    #: The patient the screens share (``views.common.patient_context``; a Qt object, so
    #: typed loosely here: this module stays free of Qt).
    patient_focus: object = field(default=None, repr=False, compare=False)

    @cached_property
    def reference(self) -> ReferenceDB:
        from lmdesk.store.reference import ReferenceDB

        return ReferenceDB(self.paths.reference_db)

    @property
    def on_server(self) -> bool:
        return self.server_url is not None

    @cached_property
    def patients(self) -> PatientStore:
        if self.server_url is not None:
            from lmdesk.store.server.ward_db import ServerPatientDB

            login, password = self.server_login or (None, None)
            return ServerPatientDB.open(
                self.server_url,
                login=login,
                password=password,
                clock=self.clock,
                user=self.user_label,
            )
        from lmdesk.store.patient_db import PatientDB

        self.paths.make_own_dirs_private()
        make_private_dir(self.paths.backups_dir)
        return PatientDB.open(
            self.paths.patient_db,
            clock=self.clock,
            user=self.user_label,
            backups_dir=self.paths.backups_dir,
            check_integrity=self.integrity_at_open,
        )

    @property
    def user_label(self) -> str:
        """Who the audit trail, sheets and archive name: the signed-in user's display name.

        Before anyone signs in (databases from before issue 23, until the GUI's sign-in
        lands) it falls back to the old display name setting and the OS account.
        """
        if self.signed_in is not None:
            return self.signed_in.display_name
        name = self.settings.user_display_name.strip()
        return f"{name} ({self.user})" if name else self.user

    def sign_in(self, user: User | None) -> None:
        """Make ``user`` (authenticated by ``UsersRepository.authenticate``) the one who acts;
        None signs out. The open patient DB's audit user follows."""
        self.signed_in = user
        if self.patients_opened():
            self.patients.user = self.user_label

    def ward_settings(self) -> WardSettings:
        """The ward's shared settings from the patient DB; keys never set there fall back to
        this workstation's old settings.json values (hospital, ward, backups to keep)."""
        from lmdesk.models.users.ward_settings import WardSettings
        from lmdesk.store.ward_settings_repo import WardSettingsRepository

        legacy = WardSettings(
            hospital=self.settings.hospital_name.strip(),
            ward=self.settings.ward_name.strip(),
            backups_to_keep=self.settings.backups_to_keep,
        )
        return WardSettingsRepository(self.patients).get(fallback=legacy)

    def patients_opened(self) -> bool:
        return "patients" in self.__dict__

    def save_settings(self) -> None:
        save_settings(self.settings, self.paths.settings_file)

    def close(self) -> None:
        if "patients" in self.__dict__:
            self.patients.close()
        if "reference" in self.__dict__:
            self.reference.close()
