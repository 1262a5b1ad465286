"""The ward's shared settings in the patient DB (hospital, ward, idle lock, lock-out); audited.

One row per changed key (text values); a key never set reads as the fallback given (the
workstation's old ``settings.json`` values, for databases from before issue 23) and then
as its default. Only a ward administrator changes them.
"""

from __future__ import annotations

from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.users.rights import Action, check
from lmdesk.models.users.user import User
from lmdesk.models.users.ward_settings import (
    WardSettings,
    parse_setting,
    settings_from_stored,
    spec,
)
from lmdesk.store.patient_store import PatientStore
from lmdesk.store.users_repo import UsersRepository

ENTITY = "ward_settings"


class WardSettingsRepository:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def stored(self) -> dict[str, str]:
        rows = self._pdb.conn.execute("SELECT key, value FROM ward_settings").fetchall()
        return {str(k): str(v) for k, v in rows}

    def get(self, fallback: WardSettings | None = None) -> WardSettings:
        """The settings in force: stored values over ``fallback`` over the defaults."""
        base = fallback or WardSettings()
        raw = self.stored()
        stored = settings_from_stored(raw)
        update = {k: getattr(stored, k) for k in raw if k in WardSettings.model_fields}
        return base.model_copy(update=update)

    def set(self, key: str, value: str | int, by: User) -> WardSettings:
        """Change one setting (checked against its range) as ``by``, a ward administrator."""
        return self.set_many({key: value}, by)

    def set_many(self, values: dict[str, str | int], by: User) -> WardSettings:
        """Change several settings in one transaction; one audit row per changed value."""
        pdb = self._pdb
        checked = {key: parse_setting(key, raw) for key, raw in values.items()}
        with pdb.transaction() as conn:
            if by.id is not None:  # as stored now: a retired administrator has no rights
                by = UsersRepository(pdb).get(by.id)
            check(Action.WARD_SETTINGS, by, pdb.clock.today())
            before = self.get()
            for key, value in checked.items():
                old = before.value(key)
                if old == value and key in self.stored():
                    continue
                spec(key)
                conn.execute(
                    "INSERT INTO ward_settings (key, value, updated_at, updated_by, row_version)"
                    " VALUES (?, ?, ?, ?, 1) ON CONFLICT(key) DO UPDATE SET value ="
                    " excluded.value, updated_at = excluded.updated_at, updated_by ="
                    " excluded.updated_by, row_version = ward_settings.row_version + 1",
                    (key, str(value), pdb.now_iso(), by.display_name),
                )
                pdb.audit(
                    "ward.set",
                    ENTITY,
                    key,
                    {"value": old},
                    {"value": value, "by": by.display_name},
                    event=AuditEvent(
                        code="ward.set",
                        params={"key": key, "old": old, "new": value, "who": by.display_name},
                    ),
                    user=by.display_name,
                )
        return self.get()
