"""Printed sheets and summaries name the hospital and ward the ward set in the shared DB."""

from __future__ import annotations

from typing import Any

from lmdesk.models.users.user import make_user
from lmdesk.printing.sheet_service import SheetService
from lmdesk.store.users_repo import UsersRepository
from lmdesk.store.ward_settings_repo import WardSettingsRepository


def test_the_sheet_takes_hospital_and_ward_from_the_ward_settings(ctx: Any) -> None:
    ctx.settings.hospital_name = "Old workstation hospital"
    ctx.settings.ward_name = "Old workstation ward"
    admin = UsersRepository(ctx.patients).add(
        make_user(login="admin1", name_en="Ward Admin", roles=["admin"]), "a long passphrase", None
    )
    WardSettingsRepository(ctx.patients).set_many(
        {"hospital": "Jilin University First Hospital", "ward": "Neuro-oncology 3"}, admin
    )
    settings = SheetService(ctx).settings("en")
    assert (settings.hospital, settings.ward) == (
        "Jilin University First Hospital",
        "Neuro-oncology 3",
    )


def test_without_ward_settings_the_workstations_old_values_still_print(ctx: Any) -> None:
    ctx.settings.hospital_name = "Old workstation hospital"
    settings = SheetService(ctx).settings("en")
    assert settings.hospital == "Old workstation hospital"
