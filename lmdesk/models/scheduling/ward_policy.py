"""The ward policy: the pre-dose gate's numbers where sources differ, each a sourced default
the ward may change (the store audits every change), never a silent constant.

Defaults (it_safety_gates.md): platelets >= 50 x10^9/L before LP [R200][R205][R206][R248]
(AABB/ICTMG 2025 allows 20 [R201]); INR <= 1.5 [R206][R248]; the lab window is a ward
default, not sourced; pemetrexed ANC >= 1.5 x10^9/L, platelets >= 100 x10^9/L and CrCl >= 45
mL/min are the IV label's rules [R216][R221], not validated for IT dosing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _
from lmdesk.models.errors import BadInputError

Breach = Literal["stop", "warn"]
WARD_POLICY_SOURCE = "ward policy"


class PolicyItem(BaseModel):
    """One policy number: its sourced default, the value in force and what a breach does."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    value: float
    default: float
    unit: str
    sources: tuple[str, ...]
    note: str = ""
    breach: Breach = "stop"
    lowest: float
    highest: float

    @property
    def changed(self) -> bool:
        return self.value != self.default

    def source_keys(self) -> tuple[str, ...]:
        """Citation keys of the default, plus "ward policy" when the ward changed it."""
        if not self.sources:
            return (WARD_POLICY_SOURCE,)
        return (*self.sources, WARD_POLICY_SOURCE) if self.changed else self.sources

    def note_text(self) -> str:
        return _(self.note) if self.note else ""


IV_LABEL = N_("IV label, not validated for IT")

DEFAULT_ITEMS: tuple[PolicyItem, ...] = (
    PolicyItem(
        key="lp_platelets_min",
        label=N_("platelets before LP, at least"),
        value=50,
        default=50,
        unit="10^9/L",
        sources=("R200", "R205", "R206", "R248"),
        note=N_("AABB/ICTMG 2025 allows 20 x10^9/L [R201]"),
        lowest=10,
        highest=150,
    ),
    PolicyItem(
        key="lp_inr_max",
        label=N_("INR before LP, at most"),
        value=1.5,
        default=1.5,
        unit="",
        sources=("R206", "R248"),
        lowest=1.0,
        highest=3.0,
    ),
    PolicyItem(
        key="lab_window_hours",
        label=N_("labs count if taken within (hours)"),
        value=72,
        default=72,
        unit="h",
        sources=(),
        note=N_("ward default, not sourced"),
        lowest=1,
        highest=336,
    ),
    PolicyItem(
        key="pemetrexed_anc_min",
        label=N_("pemetrexed: ANC at least"),
        value=1.5,
        default=1.5,
        unit="10^9/L",
        sources=("R216", "R221"),
        note=IV_LABEL,
        lowest=0.1,
        highest=10,
    ),
    PolicyItem(
        key="pemetrexed_platelets_min",
        label=N_("pemetrexed: platelets at least"),
        value=100,
        default=100,
        unit="10^9/L",
        sources=("R216", "R221"),
        note=IV_LABEL,
        lowest=10,
        highest=300,
    ),
    PolicyItem(
        key="pemetrexed_crcl_min",
        label=N_("pemetrexed: CrCl at least"),
        value=45,
        default=45,
        unit="mL/min",
        sources=("R216",),
        note=IV_LABEL,
        lowest=10,
        highest=150,
    ),
)
POLICY_KEYS: tuple[str, ...] = tuple(i.key for i in DEFAULT_ITEMS)


class WardPolicy(BaseModel):
    """The items in force (defaults unless the ward changed them)."""

    model_config = ConfigDict(frozen=True)

    items: tuple[PolicyItem, ...] = DEFAULT_ITEMS

    def item(self, key: str) -> PolicyItem:
        for i in self.items:
            if i.key == key:
                return i
        raise BadInputError(
            _("Unknown ward policy {key!r}; known: {keys}.").format(
                key=key, keys=", ".join(POLICY_KEYS)
            )
        )

    def value(self, key: str) -> float:
        return self.item(key).value

    def changed(self, key: str, value: float, breach: Breach | None = None) -> WardPolicy:
        """A copy with ``key`` set to ``value`` (checked against its sane range)."""
        item = self.item(key)
        if not (item.lowest <= value <= item.highest) or value != value:
            raise BadInputError(
                _("{key} must be between {low:g} and {high:g}.").format(
                    key=key, low=item.lowest, high=item.highest
                )
            )
        new = item.model_copy(update={"value": value, "breach": breach or item.breach})
        return WardPolicy(items=tuple(new if i.key == key else i for i in self.items))


def policy_from_overrides(overrides: dict[str, tuple[float, Breach]]) -> WardPolicy:
    """The default policy with the ward's stored changes applied (unknown keys ignored)."""
    policy = WardPolicy()
    for key, (value, breach) in overrides.items():
        if key in POLICY_KEYS:
            policy = policy.changed(key, value, breach)
    return policy
