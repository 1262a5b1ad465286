"""One finding of the pre-dose gate: level pass / warn / stop, a stable rule code, the message in
the reader's language and the citation keys (or "ward policy") it rests on."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import N_, _

GateLevel = Literal["pass", "warn", "stop"]
GATE_LEVEL_LABELS: dict[str, str] = {"pass": N_("pass"), "warn": N_("warn"), "stop": N_("STOP")}
#: Rules whose stop means "enter the missing or stale labs" (worklist: needs labs).
LAB_RULES = frozenset({"labs_missing", "labs_stale"})
#: Rules whose stop means "a second clinician must verify first".
VERIFY_RULES = frozenset({"verification"})


class GateFinding(BaseModel):
    """``overridable`` False: no reason lifts this stop (e.g. no second-clinician check)."""

    model_config = ConfigDict(frozen=True)

    level: GateLevel
    rule: str
    message: str
    sources: tuple[str, ...] = ()
    overridable: bool = True

    @property
    def source(self) -> str:
        return ", ".join(self.sources)

    def line(self) -> str:
        """``[STOP] message [R200, R205]`` in the reader's language."""
        cite = f" [{self.source}]" if self.sources else ""
        return f"[{_(GATE_LEVEL_LABELS[self.level])}] {self.message}{cite}"

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "rule": self.rule,
            "message": self.message,
            "source": self.source,
            "sources": list(self.sources),
            "overridable": self.overridable,
        }


def passed(rule: str, message: str, sources: tuple[str, ...] = ()) -> GateFinding:
    return GateFinding(level="pass", rule=rule, message=message, sources=sources)


def warned(rule: str, message: str, sources: tuple[str, ...] = ()) -> GateFinding:
    return GateFinding(level="warn", rule=rule, message=message, sources=sources)


def stopped(
    rule: str, message: str, sources: tuple[str, ...] = (), overridable: bool = True
) -> GateFinding:
    return GateFinding(
        level="stop", rule=rule, message=message, sources=sources, overridable=overridable
    )
