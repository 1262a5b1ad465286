"""The ward's shared settings (hospital, ward, idle lock, backups, sign-in lock-out) and ranges.

Kept in the patient DB so every workstation of the ward shares them; ``settings.json`` keeps
only what belongs to one workstation (its language).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.errors import BadInputError


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str  # N_
    kind: type  # str or int
    default: str | int
    low: int = 0
    high: int = 0
    unit: str = ""  # N_


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("hospital", N_("Hospital"), str, ""),
    SettingSpec("ward", N_("Ward"), str, ""),
    SettingSpec("idle_lock_minutes", N_("Lock after idle"), int, 10, 1, 240, N_("min")),
    SettingSpec("backups_to_keep", N_("Backups to keep"), int, 10, 1, 365),
    SettingSpec("lockout_failures", N_("Failed sign-ins before lock-out"), int, 5, 3, 20),
    SettingSpec("lockout_minutes", N_("Lock-out time"), int, 15, 1, 1440, N_("min")),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}
SETTING_KEYS: tuple[str, ...] = tuple(s.key for s in SPECS)
MAX_TEXT = 80


class WardSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    hospital: str = ""
    ward: str = ""
    idle_lock_minutes: int = 10
    backups_to_keep: int = 10
    lockout_failures: int = 5
    lockout_minutes: int = 15

    def value(self, key: str) -> str | int:
        spec(key)
        value: str | int = getattr(self, key)
        return value

    def changed(self, key: str, raw: str | int) -> WardSettings:
        """A copy with ``key`` set to ``raw`` (checked against its range); bad input otherwise."""
        return self.model_copy(update={key: parse_setting(key, raw)})


def spec(key: str) -> SettingSpec:
    try:
        return SPEC_BY_KEY[key]
    except KeyError:
        raise BadInputError(
            _("Unknown ward setting {key!r}; settings are: {keys}.").format(
                key=key, keys=", ".join(SETTING_KEYS)
            )
        ) from None


def parse_setting(key: str, raw: str | int) -> str | int:
    """The checked value of one setting, from text or a number."""
    s = spec(key)
    if s.kind is str:
        text = " ".join(str(raw).split())
        if len(text) > MAX_TEXT:
            raise BadInputError(
                _("{setting} has at most {n} characters.").format(setting=_(s.label), n=MAX_TEXT)
            )
        return text
    try:
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else int(str(raw))
    except ValueError:
        raise BadInputError(
            _("{setting} is a whole number: {value!r}").format(setting=_(s.label), value=raw)
        ) from None
    if not s.low <= number <= s.high:
        raise BadInputError(
            _("{setting} is from {low} to {high}: {value}").format(
                setting=_(s.label), low=s.low, high=s.high, value=number
            )
        )
    return number


def settings_from_stored(values: dict[str, str]) -> WardSettings:
    """The settings from stored text values; an unknown key or a damaged value is skipped."""
    update: dict[str, str | int] = {}
    for key, raw in values.items():
        if key not in SPEC_BY_KEY:
            continue
        try:
            update[key] = parse_setting(key, raw)
        except BadInputError:
            continue
    return WardSettings().model_copy(update=update)
